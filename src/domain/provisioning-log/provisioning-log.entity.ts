import { Entity, Index, ManyToOne, PrimaryKey, Property, OptionalProps } from '@mikro-orm/core';
import { Workspace } from '../workspace/workspace.entity.js';

export type ProvisioningOutcome = 'success' | 'refused';

export interface ProvisioningWarning {
  attribute: string;
  reason: string;
}

/**
 * One SCIM call that changed or refused something. Holds attribute names and reasons, never
 * attribute values: the log must be safe to show to any admin and to keep for months.
 */
@Entity({ tableName: 'provisioning_log' })
@Index({ name: 'provisioning_log_workspace_at_idx', properties: ['workspace', 'at'] })
export class ProvisioningLogEntry {
  [OptionalProps]?: 'at' | 'resourceType' | 'changedAttributes' | 'warnings';

  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Workspace, { deleteRule: 'cascade', fieldName: 'workspace_id', index: false })
  workspace!: Workspace;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  at: Date = new Date();

  @Property({ type: 'uuid', nullable: true })
  credentialId?: string | null;

  /** create | replace | patch | delete */
  @Property({ type: 'text' })
  operation!: string;

  @Property({ type: 'text', default: 'User' })
  resourceType: string = 'User';

  /** No foreign key: entries outlive the people they are about. */
  @Property({ type: 'uuid', nullable: true })
  resourceId?: string | null;

  @Property({ type: 'text', nullable: true })
  externalId?: string | null;

  @Property({ type: 'text[]', default: '{}' })
  changedAttributes: string[] = [];

  @Property({ type: 'text' })
  outcome!: ProvisioningOutcome;

  @Property({ type: 'integer' })
  status!: number;

  @Property({ type: 'text', nullable: true })
  scimType?: string | null;

  @Property({ type: 'text', nullable: true })
  detail?: string | null;

  @Property({ type: 'jsonb', default: '[]' })
  warnings: ProvisioningWarning[] = [];
}
