import { Entity, PrimaryKey, Property, Unique, OptionalProps } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/** One customer company (tenant). Every other row belongs to exactly one workspace. */
@Entity({ tableName: 'workspace' })
export class Workspace {
  [OptionalProps]?: 'scimEnabled' | 'createdAt' | 'entraTenantId' | 'notifyEmail' | 'notifyMobile' | 'peopleDeletedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Unique()
  @Property({ type: 'text' })
  slug!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'boolean', default: false })
  scimEnabled: boolean = false;

  /** Notification channels (a new workspace starts with both on; the setup guide turns them off before the first sync). */
  @Property({ type: 'boolean', default: true })
  notifyEmail: boolean = true;

  @Property({ type: 'boolean', default: true })
  notifyMobile: boolean = true;

  /** When a person was last deleted: with max(person.updated_at), the version of the org graph cache. */
  @Property({ type: 'timestamptz', nullable: true })
  peopleDeletedAt?: Date | null;

  /** The Entra ID tenant (`tid` claim, lower-case GUID) whose sign-in tokens open this workspace. */
  @Unique()
  @Property({ type: 'text', nullable: true })
  entraTenantId?: string | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
