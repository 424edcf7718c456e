import { Entity, Index, ManyToOne, PrimaryKey, Property, OptionalProps } from '@mikro-orm/core';
import { Workspace } from '../workspace/workspace.entity.js';

export type ProvisioningOutcome = 'success' | 'refused';

/** What a call did to the person, for sync reports. */
export type ProvisioningEvent = 'created' | 'updated' | 'deactivated' | 'reactivated' | 'deleted' | 'unchanged' | 'refused';

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
@Index({ name: 'provisioning_log_workspace_resource_idx', properties: ['workspace', 'resourceId', 'at'] })
export class ProvisioningLogEntry {
  [OptionalProps]?: 'at' | 'resourceType' | 'changedAttributes' | 'warnings' | 'event' | 'managerLinksResolved' | 'managerPending';

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

  @Property({ type: 'text', nullable: true })
  event?: ProvisioningEvent | null;

  /** Manager references this call resolved: the person's own and those of reports waiting for them. */
  @Property({ type: 'integer', default: 0 })
  managerLinksResolved: number = 0;

  /** After this call the person's manager reference names nobody provisioned yet. */
  @Property({ type: 'boolean', default: false })
  managerPending: boolean = false;
}
