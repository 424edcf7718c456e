import { Migration } from '@mikro-orm/migrations';

export class Migration20261204220000_admin extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "notification_outbox" ("id" bigserial primary key, "workspace_id" uuid not null, "person_id" uuid not null, "channel" text not null, "kind" text not null default 'welcome', "status" text not null default 'queued', "attempts" int not null default 0, "last_error" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "notification_outbox_workspace_status_idx" on "notification_outbox" ("workspace_id", "status", "id");`);

    this.addSql(`alter table "notification_outbox" add constraint "notification_outbox_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "notification_outbox" add constraint "notification_outbox_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "workspace" add column "notify_email" boolean not null default true, add column "notify_mobile" boolean not null default true;`);

    this.addSql(`alter table "provisioning_log" add column "event" text null, add column "manager_links_resolved" int not null default 0, add column "manager_pending" boolean not null default false;`);
    this.addSql(`create index "provisioning_log_workspace_resource_idx" on "provisioning_log" ("workspace_id", "resource_id", "at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "notification_outbox" cascade;`);

    this.addSql(`drop index "provisioning_log_workspace_resource_idx";`);
    this.addSql(`alter table "provisioning_log" drop column "event", drop column "manager_links_resolved", drop column "manager_pending";`);

    this.addSql(`alter table "workspace" drop column "notify_email", drop column "notify_mobile";`);
  }

}
