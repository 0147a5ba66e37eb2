import { Migration } from '@mikro-orm/migrations';

export class Migration20261127222931 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "police"."investigation" add column "center_code" varchar(255) not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "police"."investigation" drop column "center_code";`);
  }
}
