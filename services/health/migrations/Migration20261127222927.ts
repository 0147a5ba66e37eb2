import { Migration } from '@mikro-orm/migrations';

export class Migration20261127222927 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "health"."encounter" add column "center_code" varchar(255) not null;`);

    this.addSql(`alter table "health"."treatment" add column "center_code" varchar(255) not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "health"."encounter" drop column "center_code";`);

    this.addSql(`alter table "health"."treatment" drop column "center_code";`);
  }
}
