import { Migration } from '@mikro-orm/migrations';

// Calls and texts to the hotlines, as the center that answered them records them, and what came of each.
export class Migration20261130110000Hotline extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "center"."hotline_call" ("id" uuid not null, "created_at" timestamptz not null, "center_id" uuid not null, "line" varchar(4) not null, "channel" text check ("channel" in ('CALL', 'SMS')) not null, "received_at" timestamptz not null, "caller_name" varchar(255) null, "caller_phone" varchar(255) null, "child_caller" boolean not null, "outcome" text check ("outcome" in ('ADVICE', 'REFERRED_TO_CENTER', 'CASE_OPENED')) not null, "referred_center_id" uuid null, "case_id" uuid null, "recorded_by" varchar(255) not null, constraint "hotline_call_pkey" primary key ("id"), constraint hotline_call_sms_line_check check ("channel" = 'CALL' or "line" = '3512'), constraint hotline_call_outcome_names_check check (("outcome" = 'REFERRED_TO_CENTER') = ("referred_center_id" is not null) and ("outcome" = 'CASE_OPENED') = ("case_id" is not null)));`,
    );
    this.addSql(
      `create index "hotline_call_center_id_received_at_index" on "center"."hotline_call" ("center_id", "received_at");`,
    );

    this.addSql(
      `alter table "center"."hotline_call" add constraint "hotline_call_center_id_foreign" foreign key ("center_id") references "center"."center" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "center"."hotline_call" add constraint "hotline_call_referred_center_id_foreign" foreign key ("referred_center_id") references "center"."center" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "center"."hotline_call" add constraint "hotline_call_case_id_foreign" foreign key ("case_id") references "center"."survivor_case" ("id") on update cascade on delete set null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "center"."hotline_call" cascade;`);
  }
}
