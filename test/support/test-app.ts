// Builds the real app in-process on a database of its own (cloned from the migrated template).
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import pino from 'pino';
import request from 'supertest';
import type { OidcConfig } from '../../src/config';
import { ormConfig } from '../../src/db/orm-config';
import { App, createApp } from '../../src/http/app';

export const PUBLIC_URL = 'https://orgraph.test';
const TEMPLATE_DB = 'orgraph_test_template';

export interface TestApp {
  app: App;
  orm: MikroORM;
  http: ReturnType<typeof request>;
  close(): Promise<void>;
  /** A workspace with SCIM enabled: its admin token and a SCIM token. */
  workspace(slug?: string): Promise<TestWorkspace>;
}

export interface TestWorkspace {
  id: string;
  slug: string;
  adminToken: string;
  scimToken: string;
  scim: ScimClient;
  graphql(query: string, variables?: Record<string, unknown>, token?: string): Promise<request.Response>;
}

export interface ScimClient {
  get(path: string): request.Test;
  post(path: string, body?: unknown): request.Test;
  put(path: string, body?: unknown): request.Test;
  patch(path: string, body?: unknown): request.Test;
  delete(path: string): request.Test;
}

export function scimClient(http: ReturnType<typeof request>, token: string): ScimClient {
  const auth = (t: request.Test) => t.set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/scim+json');
  return {
    get: (p) => auth(http.get(`/scim/v2${p}`)),
    post: (p, body) => auth(http.post(`/scim/v2${p}`)).send(body === undefined ? undefined : JSON.stringify(body)),
    put: (p, body) => auth(http.put(`/scim/v2${p}`)).send(JSON.stringify(body)),
    patch: (p, body) => auth(http.patch(`/scim/v2${p}`)).send(JSON.stringify(body)),
    delete: (p) => auth(http.delete(`/scim/v2${p}`)),
  };
}

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Makes sure the template database exists and is migrated by the real migrations; the first test
 * file to get here does it, under an advisory lock, the others wait and reuse it.
 */
async function ensureTemplate(admin: Client, serverUrl: string): Promise<void> {
  await admin.query('SELECT pg_advisory_lock(727274)');
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE_DB]);
    if (rowCount) return;
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}_building`);
    const orm = await MikroORM.init(ormConfig(withDatabase(serverUrl, `${TEMPLATE_DB}_building`), { logger: () => undefined }));
    try {
      await orm.migrator.up();
    } finally {
      await orm.close(true);
    }
    await admin.query(`ALTER DATABASE ${TEMPLATE_DB}_building RENAME TO ${TEMPLATE_DB}`);
  } finally {
    await admin.query('SELECT pg_advisory_unlock(727274)');
  }
}

/** A fresh database migrated by the real migrations; returns its URL and a function that drops it. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.ORGRAPH_TEST_SERVER_URL;
  if (!serverUrl) throw new Error('ORGRAPH_TEST_SERVER_URL is not set: run tests through jest (globalSetup)');
  const name = `orgraph_t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await ensureTemplate(admin, serverUrl);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(serverUrl, name),
    async drop() {
      const a = new Client({ connectionString: serverUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export async function createTestApp(opts: { logStream?: NodeJS.WritableStream; ormOverrides?: Record<string, unknown>; oidc?: OidcConfig } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const orm = await MikroORM.init(ormConfig(db.url, { logger: () => undefined, ...opts.ormOverrides }));
  const logger = opts.logStream ? pino({ level: 'trace' }, opts.logStream) : pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const app = await createApp({ config: { publicUrl: PUBLIC_URL, oidc: opts.oidc }, orm, logger });
  const http = request(app.express);

  return {
    app,
    orm,
    http,
    async workspace(slug = `ws-${randomBytes(4).toString('hex')}`) {
      const { workspace, adminToken } = await app.services.workspaces.create(slug);
      await app.services.workspaces.setScimEnabled(workspace.id, true);
      const { secret: scimToken } = await app.services.credentials.issue(workspace.id, 'scim', 'test');
      return {
        id: workspace.id,
        slug,
        adminToken,
        scimToken,
        scim: scimClient(http, scimToken),
        graphql: (query, variables, token = adminToken) =>
          http.post('/graphql').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send({ query, variables }),
      };
    },
    async close() {
      await app.close();
      await orm.close(true);
      await db.drop();
    },
  };
}

/**
 * One app and one SCIM-enabled workspace for a whole test file: registers the file's beforeAll and
 * afterAll, so read `.t` and `.ws` inside tests and hooks, not at the top level.
 */
export function appAndWorkspacePerFile(): { t: TestApp; ws: TestWorkspace } {
  const shared = {} as { t: TestApp; ws: TestWorkspace };
  beforeAll(async () => {
    shared.t = await createTestApp();
    shared.ws = await shared.t.workspace();
  });
  afterAll(async () => shared.t.close());
  return shared;
}
