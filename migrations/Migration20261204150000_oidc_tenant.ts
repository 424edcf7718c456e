// Links a workspace to the Entra ID tenant (the `tid` claim) whose sign-in tokens it accepts.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261204150000_oidc_tenant extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "workspace" add column "entra_tenant_id" text null;`);
    this.addSql(`alter table "workspace" add constraint "workspace_entra_tenant_id_unique" unique ("entra_tenant_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "workspace" drop constraint "workspace_entra_tenant_id_unique";`);
    this.addSql(`alter table "workspace" drop column "entra_tenant_id";`);
  }

}
