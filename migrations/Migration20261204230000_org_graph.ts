import { Migration } from '@mikro-orm/migrations';

export class Migration20261204230000_org_graph extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "workspace" add column "people_deleted_at" timestamptz null;`);

    this.addSql(`create index "person_workspace_updated_idx" on "person" ("workspace_id", "updated_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "person_workspace_updated_idx";`);

    this.addSql(`alter table "workspace" drop column "people_deleted_at";`);
  }

}
