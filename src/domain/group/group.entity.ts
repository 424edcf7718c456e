import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Workspace } from '../workspace/workspace.entity.js';

/**
 * A group of people (SCIM Group; a team in the directory). Members live in `group_member`, one row
 * per membership, so membership changes are set operations on rows and never a rewrite of a list.
 * `scim` keeps the document's other attributes (none in the core Group schema today; room for
 * extensions without a migration). The table is `scim_group` because `group` is an SQL keyword.
 */
@Entity({ tableName: 'scim_group' })
// displayName is unique per workspace ignoring case: Entra matches groups by `displayName eq "…"`.
@Unique({
  name: 'scim_group_workspace_display_name_uq',
  expression: 'create unique index "scim_group_workspace_display_name_uq" on "scim_group" ("workspace_id", lower("display_name"))',
})
@Unique({ name: 'scim_group_workspace_external_id_uq', properties: ['workspace', 'externalId'] })
// Stable SCIM paging (creation order).
@Index({ name: 'scim_group_workspace_created_idx', properties: ['workspace', 'createdAt', 'id'] })
export class Group {
  [OptionalProps]?: 'scim' | 'version' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Workspace, { deleteRule: 'cascade', index: false })
  workspace!: Workspace;

  @Property({ type: 'text', nullable: true })
  externalId?: string | null;

  @Property({ type: 'text' })
  displayName!: string;

  @Property({ type: 'jsonb', default: '{}' })
  scim: Record<string, unknown> = {};

  /** Bumped on every change, membership included; the SCIM ETag is W/"<version>". */
  @Property({ type: 'integer', default: 1 })
  version: number = 1;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();
}
