import { Migration } from '@mikro-orm/migrations';

// The Safe Room's stays, and a Safe Room that cannot have fewer than no beds. A survivor stays in one Safe Room at a
// time (a partial unique index); the beds are counted under the center's lock, not by a constraint.
export class Migration20261130090000SafeRoom extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "center"."safe_room_stay" ("id" uuid not null, "created_at" timestamptz not null, "case_id" uuid not null, "center_id" uuid not null, "survivor_id" uuid not null, "admitted_at" timestamptz not null, "admitted_by" varchar(255) not null, "discharged_at" timestamptz null, "discharged_by" varchar(255) null, constraint "safe_room_stay_pkey" primary key ("id"), constraint safe_room_stay_discharged_check check ("discharged_at" >= "admitted_at"));`,
    );
    this.addSql(`create index "safe_room_stay_case_id_index" on "center"."safe_room_stay" ("case_id");`);
    this.addSql(
      `create index "safe_room_stay_center_id_discharged_at_index" on "center"."safe_room_stay" ("center_id", "discharged_at");`,
    );
    this.addSql(
      `create unique index "safe_room_stay_survivor_in" on "center"."safe_room_stay" ("survivor_id") where "discharged_at" is null;`,
    );

    this.addSql(
      `alter table "center"."safe_room_stay" add constraint "safe_room_stay_case_id_foreign" foreign key ("case_id") references "center"."survivor_case" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "center"."safe_room_stay" add constraint "safe_room_stay_center_id_foreign" foreign key ("center_id") references "center"."center" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "center"."safe_room_stay" add constraint "safe_room_stay_survivor_id_foreign" foreign key ("survivor_id") references "center"."survivor" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "center"."center" add constraint center_safe_room_beds_check check("safe_room_beds" >= 0);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "center"."safe_room_stay" cascade;`);

    this.addSql(`alter table "center"."center" drop constraint center_safe_room_beds_check;`);
  }
}
