import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, OptionalProps } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Workspace } from '../workspace/workspace.entity.js';

/** admin: workspace admins; scim: identity providers; api: read-only directory API clients. */
export type CredentialKind = 'admin' | 'scim' | 'api';

/**
 * A bearer secret. Only its SHA-256 is stored (the secrets are 256-bit random, so a fast hash is
 * enough and lookups stay one indexed equality); the first characters are kept to let admins
 * recognise a token in a list.
 */
@Entity({ tableName: 'credential' })
@Index({ properties: ['workspace', 'kind'] })
export class Credential {
  [OptionalProps]?: 'createdAt' | 'label' | 'lastUsedAt' | 'revokedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @Property({ type: 'text' })
  kind!: CredentialKind;

  @Property({ type: 'text', nullable: true })
  label?: string | null;

  @Property({ type: 'text' })
  prefix!: string;

  @Unique()
  @Property({ type: 'text' })
  secretHash!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  lastUsedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;
}
