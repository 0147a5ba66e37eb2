import { Migration } from '@mikro-orm/migrations';

export class Migration20261127222934 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "gender_ministry"."follow_up_plan" add column "district" varchar(255) not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "gender_ministry"."follow_up_plan" drop column "district";`);
  }
}
