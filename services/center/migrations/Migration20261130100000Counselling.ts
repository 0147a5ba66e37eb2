import { Migration } from '@mikro-orm/migrations';

// Counselling: each center's rooms for children and for adults (one of each where a center had none recorded), and
// the sessions booked in them. The two exclusion constraints need btree_gist for the equality parts (uuid, text,
// integer) beside the range's overlap; it is a trusted extension, so the database's owner may create it.
export class Migration20261130100000Counselling extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists btree_gist;`);
    this.addSql(
      `create table "center"."counselling_session" ("id" uuid not null, "created_at" timestamptz not null, "case_id" uuid not null, "center_id" uuid not null, "room_kind" text check ("room_kind" in ('CHILD', 'ADULT')) not null, "room_number" int not null, "psychologist" varchar(255) not null, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "booked_by" varchar(255) not null, "cancelled_at" timestamptz null, "cancelled_by" varchar(255) null, "notes" text null, "notes_written_at" timestamptz null, constraint "counselling_session_pkey" primary key ("id"), constraint counselling_session_room_number_check check ("room_number" >= 1), constraint counselling_session_range_check check ("ends_at" > "starts_at"));`,
    );
    this.addSql(
      `alter table "center"."counselling_session" add constraint "counselling_session_psychologist_free" exclude using gist ("psychologist" with =, tstzrange("starts_at", "ends_at", '[)') with &&) where ("cancelled_at" is null);`,
    );
    this.addSql(
      `alter table "center"."counselling_session" add constraint "counselling_session_room_free" exclude using gist ("center_id" with =, "room_kind" with =, "room_number" with =, tstzrange("starts_at", "ends_at", '[)') with &&) where ("cancelled_at" is null);`,
    );
    this.addSql(
      `create index "counselling_session_case_id_starts_at_index" on "center"."counselling_session" ("case_id", "starts_at");`,
    );

    this.addSql(
      `alter table "center"."counselling_session" add constraint "counselling_session_case_id_foreign" foreign key ("case_id") references "center"."survivor_case" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "center"."counselling_session" add constraint "counselling_session_center_id_foreign" foreign key ("center_id") references "center"."center" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "center"."center" add column "child_rooms" int not null default 1, add column "adult_rooms" int not null default 1;`,
    );
    this.addSql(
      `alter table "center"."center" alter column "child_rooms" drop default, alter column "adult_rooms" drop default;`,
    );
    this.addSql(`alter table "center"."center" add constraint center_child_rooms_check check("child_rooms" >= 0);`);
    this.addSql(`alter table "center"."center" add constraint center_adult_rooms_check check("adult_rooms" >= 0);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "center"."counselling_session" cascade;`);

    this.addSql(`alter table "center"."center" drop constraint center_child_rooms_check;`);
    this.addSql(`alter table "center"."center" drop constraint center_adult_rooms_check;`);
    this.addSql(`alter table "center"."center" drop column "child_rooms", drop column "adult_rooms";`);
  }
}
