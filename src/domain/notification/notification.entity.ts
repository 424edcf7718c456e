import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Person } from '../person/person.entity.js';
import { Workspace } from '../workspace/workspace.entity.js';

export type NotificationChannel = 'email' | 'mobile';
export type NotificationStatus = 'queued' | 'sent' | 'failed';

/**
 * The notification outbox: one row per message to deliver. Provisioning queues a welcome message per
 * enabled channel when it creates or reactivates an active person (in the same transaction), and
 * the intranet's notifier reads the queue over GraphQL and marks what it sent (or failed to send).
 */
@Entity({ tableName: 'notification_outbox' })
@Index({ name: 'notification_outbox_workspace_status_idx', properties: ['workspace', 'status', 'id'] })
export class Notification {
  [OptionalProps]?: 'status' | 'attempts' | 'lastError' | 'createdAt' | 'updatedAt' | 'kind';

  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Workspace, { deleteRule: 'cascade', index: false })
  workspace!: Workspace;

  @ManyToOne(() => Person, { deleteRule: 'cascade' })
  person!: Person;

  @Property({ type: 'text' })
  channel!: NotificationChannel;

  @Property({ type: 'text', default: 'welcome' })
  kind: string = 'welcome';

  @Property({ type: 'text', default: 'queued' })
  status: NotificationStatus = 'queued';

  @Property({ type: 'integer', default: 0 })
  attempts: number = 0;

  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();
}
