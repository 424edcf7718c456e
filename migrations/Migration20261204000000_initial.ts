import { Migration } from '@mikro-orm/migrations';

export class Migration20261204000000_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "workspace" ("id" uuid not null, "slug" text not null, "name" text not null, "scim_enabled" boolean not null default false, "created_at" timestamptz not null default now(), constraint "workspace_pkey" primary key ("id"));`);
    this.addSql(`alter table "workspace" add constraint "workspace_slug_unique" unique ("slug");`);

    this.addSql(`create table "provisioning_log" ("id" bigserial primary key, "workspace_id" uuid not null, "at" timestamptz not null default now(), "credential_id" uuid null, "operation" text not null, "resource_type" text not null default 'User', "resource_id" uuid null, "external_id" text null, "changed_attributes" text[] not null default '{}', "outcome" text not null, "status" int not null, "scim_type" text null, "detail" text null, "warnings" jsonb not null default '[]');`);
    this.addSql(`create index "provisioning_log_workspace_at_idx" on "provisioning_log" ("workspace_id", "at");`);

    this.addSql(`create table "person" ("id" uuid not null, "workspace_id" uuid not null, "external_id" text null, "user_name" text not null, "active" boolean not null default true, "display_name" text null, "given_name" text null, "family_name" text null, "email" text null, "email_values" text[] not null default '{}', "title" text null, "department" text null, "employee_number" text null, "locality" text null, "region" text null, "country_code" text null, "timezone" text null, "join_date" date null, "birthday" date null, "photo_url" text null, "manager_ref_kind" text null, "manager_ref" text null, "manager_id" uuid null, "manager_ref_at" timestamptz null, "scim" jsonb not null, "ingest_issues" jsonb not null default '{}', "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "person_pkey" primary key ("id"));`);
    this.addSql(`create index "person_manager_id_idx" on "person" ("manager_id");`);
    this.addSql(`create index "person_workspace_created_idx" on "person" ("workspace_id", "created_at", "id");`);
    this.addSql(`create index "person_email_values_idx" on "person" using gin ("email_values");`);
    this.addSql(`create index "person_pending_manager_idx" on "person" ("workspace_id", "manager_ref") where "manager_id" is null and "manager_ref" is not null;`);
    this.addSql(`alter table "person" add constraint "person_workspace_external_id_uq" unique ("workspace_id", "external_id");`);
    this.addSql(`create unique index "person_workspace_user_name_uq" on "person" ("workspace_id", lower("user_name"));`);

    this.addSql(`create table "credential" ("id" uuid not null, "workspace_id" uuid not null, "kind" text not null, "label" text null, "prefix" text not null, "secret_hash" text not null, "created_at" timestamptz not null default now(), "last_used_at" timestamptz null, "revoked_at" timestamptz null, constraint "credential_pkey" primary key ("id"));`);
    this.addSql(`alter table "credential" add constraint "credential_secret_hash_unique" unique ("secret_hash");`);
    this.addSql(`create index "credential_workspace_id_kind_index" on "credential" ("workspace_id", "kind");`);

    this.addSql(`alter table "provisioning_log" add constraint "provisioning_log_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "person" add constraint "person_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "person" add constraint "person_manager_id_foreign" foreign key ("manager_id") references "person" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "credential" add constraint "credential_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "provisioning_log" drop constraint "provisioning_log_workspace_id_foreign";`);

    this.addSql(`alter table "person" drop constraint "person_workspace_id_foreign";`);

    this.addSql(`alter table "credential" drop constraint "credential_workspace_id_foreign";`);

    this.addSql(`alter table "person" drop constraint "person_manager_id_foreign";`);

    this.addSql(`drop table if exists "workspace" cascade;`);

    this.addSql(`drop table if exists "provisioning_log" cascade;`);

    this.addSql(`drop table if exists "person" cascade;`);

    this.addSql(`drop table if exists "credential" cascade;`);
  }

}
