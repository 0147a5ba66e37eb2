import { Migration } from '@mikro-orm/migrations';

export class Migration20261127214545 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "center";`);
    this.addSql(
      `create table "center"."case_sequence" ("center_code" varchar(255) not null, "year" int not null, "last" int not null, constraint "case_sequence_pkey" primary key ("center_code", "year"));`,
    );

    this.addSql(
      `create table "center"."center" ("id" uuid not null, "created_at" timestamptz not null, "code" varchar(255) not null, "name" varchar(255) not null, "district" varchar(255) not null, "province" varchar(255) not null, "hospital" varchar(255) not null, "safe_room_beds" int not null, constraint "center_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "center"."center" add constraint "center_code_unique" unique ("code");`);

    this.addSql(
      `create table "center"."survivor" ("id" uuid not null, "created_at" timestamptz not null, "code" varchar(255) not null, "sex" text check ("sex" in ('FEMALE', 'MALE', 'INTERSEX', 'UNKNOWN')) not null, "date_of_birth" date null, "estimated_age" int null, "nationality" varchar(2) null, constraint "survivor_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "center"."survivor" add constraint "survivor_code_unique" unique ("code");`);

    this.addSql(
      `create table "center"."survivor_case" ("id" uuid not null, "created_at" timestamptz not null, "case_number" varchar(255) not null, "center_id" uuid not null, "survivor_id" uuid not null, "opened_at" timestamptz not null, "incident_at" timestamptz not null, "incident_type" text check ("incident_type" in ('RAPE', 'SEXUAL_ASSAULT', 'PHYSICAL_ASSAULT', 'FORCED_MARRIAGE', 'DENIAL_OF_RESOURCES', 'PSYCHOLOGICAL_ABUSE', 'NON_GBV')) not null, "needs" text[] not null, "status" text check ("status" in ('OPEN', 'CLOSED')) not null default 'OPEN', "narrative" text null, "opened_by" varchar(255) not null, constraint "survivor_case_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "center"."survivor_case" add constraint "survivor_case_case_number_unique" unique ("case_number");`,
    );
    this.addSql(`create index "survivor_case_center_id_index" on "center"."survivor_case" ("center_id");`);
    this.addSql(`create index "survivor_case_survivor_id_index" on "center"."survivor_case" ("survivor_id");`);
    this.addSql(`create index "survivor_case_opened_at_id_index" on "center"."survivor_case" ("opened_at", "id");`);

    this.addSql(
      `create table "center"."consent" ("id" uuid not null, "created_at" timestamptz not null, "case_id" uuid not null, "scope" text check ("scope" in ('HEALTH', 'POLICE', 'GENDER_MINISTRY', 'STATISTICS')) not null, "given_by" text check ("given_by" in ('SURVIVOR', 'GUARDIAN')) not null, "given_at" timestamptz not null, "expires_at" timestamptz null, "withdrawn_at" timestamptz null, "recorded_by" varchar(255) not null, constraint "consent_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "consent_case_id_scope_index" on "center"."consent" ("case_id", "scope");`);

    this.addSql(
      `create table "center"."survivor_identity" ("survivor_id" uuid not null, "given_name" varchar(255) null, "family_name" varchar(255) null, "phone" varchar(255) null, "guardian_name" varchar(255) null, "guardian_relationship" varchar(255) null, "guardian_phone" varchar(255) null, constraint "survivor_identity_pkey" primary key ("survivor_id"));`,
    );

    this.addSql(
      `alter table "center"."survivor_case" add constraint "survivor_case_center_id_foreign" foreign key ("center_id") references "center"."center" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "center"."survivor_case" add constraint "survivor_case_survivor_id_foreign" foreign key ("survivor_id") references "center"."survivor" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "center"."consent" add constraint "consent_case_id_foreign" foreign key ("case_id") references "center"."survivor_case" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "center"."survivor_identity" add constraint "survivor_identity_survivor_id_foreign" foreign key ("survivor_id") references "center"."survivor" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "center"."survivor_case" drop constraint "survivor_case_center_id_foreign";`);

    this.addSql(`alter table "center"."survivor_case" drop constraint "survivor_case_survivor_id_foreign";`);

    this.addSql(`alter table "center"."survivor_identity" drop constraint "survivor_identity_survivor_id_foreign";`);

    this.addSql(`alter table "center"."consent" drop constraint "consent_case_id_foreign";`);

    this.addSql(`drop table if exists "center"."case_sequence" cascade;`);

    this.addSql(`drop table if exists "center"."center" cascade;`);

    this.addSql(`drop table if exists "center"."survivor" cascade;`);

    this.addSql(`drop table if exists "center"."survivor_case" cascade;`);

    this.addSql(`drop table if exists "center"."consent" cascade;`);

    this.addSql(`drop table if exists "center"."survivor_identity" cascade;`);

    this.addSql(`drop schema if exists "center";`);
  }
}
