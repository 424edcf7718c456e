// How SCIM User attributes map to the `person` table (aliased `p`) for filters and sorting.
// Hot attributes use indexed columns; everything else is read from the JSONB document.
import { FilterTarget } from './filter/scim-filter-sql.js';
import { ALL_USER_SCHEMAS, ENTERPRISE_USER } from './scim-schemas.js';

export const USER_FILTER_TARGET: FilterTarget = {
  schemas: ALL_USER_SCHEMAS,
  docColumn: 'p.scim',
  columns: {
    id: { sql: 'p.id', type: 'uuid' },
    externalId: { sql: 'p.external_id', type: 'text' },
    // lower(user_name) is what the unique index covers; the compiler lower()s case-insensitive attributes.
    userName: { sql: 'p.user_name', type: 'text' },
    displayName: { sql: 'p.display_name', type: 'text' },
    active: { sql: 'p.active', type: 'boolean' },
    title: { sql: 'p.title', type: 'text' },
    'meta.created': { sql: 'p.created_at', type: 'timestamptz' },
    'meta.resourceType': { sql: "'User'::text", type: 'text' },
    'meta.lastModified': { sql: 'p.updated_at', type: 'timestamptz' },
    // Sorting by a multi-valued attribute uses its primary value (RFC 7644 §3.4.2.3).
    'emails.primaryValue': { sql: 'p.email', type: 'text' },
    [`${ENTERPRISE_USER}:department`]: { sql: 'p.department', type: 'text' },
    [`${ENTERPRISE_USER}:employeeNumber`]: { sql: 'p.employee_number', type: 'text' },
    [`${ENTERPRISE_USER}:manager.value`]: { sql: 'p.manager_id', type: 'uuid' },
  },
  lowerValueArrays: { 'emails.value': 'p.email_values' },
};
