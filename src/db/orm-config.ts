// MikroORM configuration shared by the service, the CLI, tests and migration tooling.
import { defineConfig, Options } from '@mikro-orm/postgresql';
import { ReflectMetadataProvider } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { Credential } from '../domain/auth/credential.entity.js';
import { GroupMember } from '../domain/group/group-member.entity.js';
import { Group } from '../domain/group/group.entity.js';
import { Notification } from '../domain/notification/notification.entity.js';
import { Person } from '../domain/person/person.entity.js';
import { ProvisioningLogEntry } from '../domain/provisioning-log/provisioning-log.entity.js';
import { Workspace } from '../domain/workspace/workspace.entity.js';
import { migrationsList } from '../../migrations/index.js';

/**
 * Set on every pooled connection (and on the benchmark's database-floor connection).
 * People search tolerates small typos: `word <% search_text` matches from a word similarity of 0.4
 * (pg_trgm's default, 0.6, misses "jonh" for "john"; 0.3 matches half of a 10k org for "maria").
 * work_mem: with the 4 MB default, a common name's bitmap of matches at 1M people goes lossy and
 * every row of those pages is rechecked (search "maria" 3.2 s → 0.37 s with 32 MB). At most one or
 * two such nodes per query and 10 connections per process.
 */
export const SESSION_SETTINGS = "SET pg_trgm.word_similarity_threshold = 0.4; SET work_mem = '32MB'";

export const ENTITIES = [Workspace, Credential, Person, ProvisioningLogEntry, Group, GroupMember, Notification];

export function ormConfig(clientUrl: string, overrides: Partial<Options> = {}): Options {
  return defineConfig({
    clientUrl,
    entities: ENTITIES,
    // Reads types from decorators (fast start); every property names its type explicitly.
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    migrations: {
      // An explicit list works the same from TypeScript (tests) and compiled JavaScript (service).
      migrationsList,
      path: 'migrations',
      pathTs: 'migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
    },
    pool: {
      min: 0,
      max: 10,
      afterCreate: (conn: { query(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, conn: unknown) => void) => {
        conn.query(SESSION_SETTINGS, (err) => done(err, conn));
      },
    },
    // Query logging would print personal data; it stays off.
    debug: false,
    allowGlobalContext: false,
    forceUtcTimezone: true,
    ...overrides,
  });
}
