// The ordered list of migrations the service applies at start. Add each new migration here
// (`npm run migration:create` writes one; CI fails when the entities need one that is missing).
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261204000000_initial } from './Migration20261204000000_initial.js';
import { Migration20261204100000_groups } from './Migration20261204100000_groups.js';
import { Migration20261204200000_directory } from './Migration20261204200000_directory.js';
import { Migration20261204150000_oidc_tenant } from './Migration20261204150000_oidc_tenant.js';
import { Migration20261204210000_search_fts } from './Migration20261204210000_search_fts.js';
import { Migration20261204220000_admin } from './Migration20261204220000_admin.js';
import { Migration20261204230000_org_graph } from './Migration20261204230000_org_graph.js';
import { Migration20261204233000_read_indexes } from './Migration20261204233000_read_indexes.js';

export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261204000000_initial', class: Migration20261204000000_initial },
  { name: 'Migration20261204100000_groups', class: Migration20261204100000_groups },
  { name: 'Migration20261204200000_directory', class: Migration20261204200000_directory },
  { name: 'Migration20261204150000_oidc_tenant', class: Migration20261204150000_oidc_tenant },
  { name: 'Migration20261204210000_search_fts', class: Migration20261204210000_search_fts },
  { name: 'Migration20261204220000_admin', class: Migration20261204220000_admin },
  { name: 'Migration20261204230000_org_graph', class: Migration20261204230000_org_graph },
  { name: 'Migration20261204233000_read_indexes', class: Migration20261204233000_read_indexes },
];
