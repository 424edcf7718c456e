import { Migration } from '@mikro-orm/migrations';

export class Migration20261204100000_groups extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "scim_group" ("id" uuid not null, "workspace_id" uuid not null, "external_id" text null, "display_name" text not null, "scim" jsonb not null default '{}', "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "scim_group_pkey" primary key ("id"));`);
    this.addSql(`create index "scim_group_workspace_created_idx" on "scim_group" ("workspace_id", "created_at", "id");`);
    this.addSql(`alter table "scim_group" add constraint "scim_group_workspace_external_id_uq" unique ("workspace_id", "external_id");`);
    this.addSql(`create unique index "scim_group_workspace_display_name_uq" on "scim_group" ("workspace_id", lower("display_name"));`);

    this.addSql(`create table "group_member" ("group_id" uuid not null, "person_id" uuid not null, "workspace_id" uuid not null, "created_at" timestamptz not null default now(), constraint "group_member_pkey" primary key ("group_id", "person_id"));`);
    this.addSql(`create index "group_member_person_id_idx" on "group_member" ("person_id");`);

    this.addSql(`alter table "scim_group" add constraint "scim_group_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "group_member" add constraint "group_member_group_id_foreign" foreign key ("group_id") references "scim_group" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "group_member" add constraint "group_member_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "group_member" drop constraint "group_member_group_id_foreign";`);

    this.addSql(`drop table if exists "scim_group" cascade;`);

    this.addSql(`drop table if exists "group_member" cascade;`);
  }

}
