import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, OptionalProps } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Workspace } from '../workspace/workspace.entity.js';

export type ManagerRefKind = 'externalId' | 'id';

/**
 * A person (SCIM User). `scim` holds the canonical SCIM document as last provisioned (minus
 * password and values dropped at ingest); the other columns are derived from it on every write so
 * they can be indexed, filtered and read cheaply.
 *
 * Reporting line: `managerRef` is the reference as received (`managerExternalId` → the manager's
 * externalId, or enterprise `manager.value` → the manager's id), `manager` is what it resolves to,
 * null while pending.
 */
@Entity({ tableName: 'person' })
// userName is unique per workspace ignoring case (RFC 7643: userName is caseExact=false).
@Unique({
  name: 'person_workspace_user_name_uq',
  expression: 'create unique index "person_workspace_user_name_uq" on "person" ("workspace_id", lower("user_name"))',
})
@Unique({ name: 'person_workspace_external_id_uq', properties: ['workspace', 'externalId'] })
// Finds the pending references a newly arrived person resolves (small: only unresolved rows).
@Index({
  name: 'person_pending_manager_idx',
  expression:
    'create index "person_pending_manager_idx" on "person" ("workspace_id", "manager_ref") where "manager_id" is null and "manager_ref" is not null',
})
@Index({
  name: 'person_email_values_idx',
  expression: 'create index "person_email_values_idx" on "person" using gin ("email_values")',
})
@Index({ name: 'person_workspace_created_idx', properties: ['workspace', 'createdAt', 'id'] })
// People search, first tier: word prefixes through full-text search (fast for any result size).
@Index({
  name: 'person_search_fts_idx',
  expression: `create index "person_search_fts_idx" on "person" using gin (to_tsvector('simple', "search_text"))`,
})
// People search: trigram index for prefix- and typo-tolerant matching (pg_trgm, created in the migration).
@Index({
  name: 'person_search_trgm_idx',
  expression: 'create index "person_search_trgm_idx" on "person" using gin ("search_text" gin_trgm_ops)',
})
@Index({ name: 'person_manager_id_idx', properties: ['manager'] })
// Lists by name (people, direct reports): ordered index scans instead of sorting the workspace.
@Index({
  name: 'person_workspace_name_idx',
  expression: 'create index "person_workspace_name_idx" on "person" ("workspace_id", lower(coalesce("display_name", "user_name")), "id")',
})
// The top of the org chart: people without a resolved manager (or managing themselves).
@Index({
  name: 'person_chart_roots_idx',
  expression: 'create index "person_chart_roots_idx" on "person" ("workspace_id") where "manager_id" is null or "manager_id" = "id"',
})
// The org graph cache's version check: max(updated_at) per workspace.
@Index({ name: 'person_workspace_updated_idx', properties: ['workspace', 'updatedAt'] })
export class Person {
  [OptionalProps]?: 'searchText' | 'active' | 'emailValues' | 'scim' | 'ingestIssues' | 'version' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @Property({ type: 'text', nullable: true })
  externalId?: string | null;

  @Property({ type: 'text' })
  userName!: string;

  @Property({ type: 'boolean', default: true })
  active: boolean = true;

  @Property({ type: 'text', nullable: true })
  displayName?: string | null;

  @Property({ type: 'text', nullable: true })
  givenName?: string | null;

  @Property({ type: 'text', nullable: true })
  familyName?: string | null;

  /** Primary (else first work, else first) email. */
  @Property({ type: 'text', nullable: true })
  email?: string | null;

  /** Every email, lower-cased: GIN-indexed pre-filter for `emails[…].value eq`. */
  @Property({ type: 'text[]', default: '{}' })
  emailValues: string[] = [];

  @Property({ type: 'text', nullable: true })
  title?: string | null;

  @Property({ type: 'text', nullable: true })
  department?: string | null;

  @Property({ type: 'text', nullable: true })
  employeeNumber?: string | null;

  @Property({ type: 'text', nullable: true })
  locality?: string | null;

  @Property({ type: 'text', nullable: true })
  region?: string | null;

  @Property({ type: 'text', nullable: true })
  countryCode?: string | null;

  @Property({ type: 'text', nullable: true })
  timezone?: string | null;

  @Property({ type: 'date', nullable: true })
  joinDate?: string | null;

  @Property({ type: 'date', nullable: true })
  birthday?: string | null;

  @Property({ type: 'text', nullable: true })
  photoUrl?: string | null;

  /** What people search matches: lower-cased names, email, title, department, location. */
  @Property({ type: 'text', default: '' })
  searchText: string = '';

  @Property({ type: 'text', nullable: true })
  managerRefKind?: ManagerRefKind | null;

  @Property({ type: 'text', nullable: true })
  managerRef?: string | null;

  @ManyToOne(() => Person, { nullable: true, deleteRule: 'set null', fieldName: 'manager_id', index: false })
  manager?: Person | null;

  /** When the reference was last set or last became pending (for "pending since" in admin reports). */
  @Property({ type: 'timestamptz', nullable: true })
  managerRefAt?: Date | null;

  @Property({ type: 'jsonb' })
  scim: Record<string, unknown> = {};

  /** Values dropped at ingest, by attribute: `{ "…:joinDate": "not a YYYY-MM-DD date" }`. */
  @Property({ type: 'jsonb', default: '{}' })
  ingestIssues: Record<string, string> = {};

  /** Bumped on every change; the SCIM ETag is W/"<version>". */
  @Property({ type: 'integer', default: 1 })
  version: number = 1;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();
}
