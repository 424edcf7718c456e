// How SCIM Group attributes map to the `scim_group` table (aliased `g`) for filters and sorting.
// `displayName eq` (Entra's lookup) compares lower() on both sides: the unique index on
// (workspace_id, lower(display_name)) answers it. `members.value eq "<user id>"` is an EXISTS on
// `group_member` (primary key), never a scan of member lists.
import { FilterTarget } from './filter/scim-filter-sql.js';
import { groupSchema } from './scim-schemas.js';

export const GROUP_FILTER_TARGET: FilterTarget = {
  schemas: [groupSchema],
  docColumn: 'g.scim',
  columns: {
    id: { sql: 'g.id', type: 'uuid' },
    externalId: { sql: 'g.external_id', type: 'text' },
    displayName: { sql: 'g.display_name', type: 'text' },
    'meta.created': { sql: 'g.created_at', type: 'timestamptz' },
    'meta.lastModified': { sql: 'g.updated_at', type: 'timestamptz' },
    'meta.resourceType': { sql: "'Group'::text", type: 'text' },
  },
  related: {
    members: { from: 'group_member gm', join: 'gm.group_id = g.id', columns: { value: { sql: 'gm.person_id', type: 'uuid' } } },
  },
};
