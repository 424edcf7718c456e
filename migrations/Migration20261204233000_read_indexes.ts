import { Migration } from '@mikro-orm/migrations';

export class Migration20261204233000_read_indexes extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "person_chart_roots_idx" on "person" ("workspace_id") where "manager_id" is null or "manager_id" = "id";`);
    this.addSql(`create index "person_workspace_name_idx" on "person" ("workspace_id", lower(coalesce("display_name", "user_name")), "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "person_chart_roots_idx";`);
    this.addSql(`drop index "person_workspace_name_idx";`);
  }

}
