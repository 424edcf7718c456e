// Starts one PostgreSQL for the whole run (embedded unless DATABASE_URL is set) and drops any stale
// test template. The template itself is migrated by the first test file that needs it
// (test-app.ts): MikroORM must not be loaded here, in jest's parent realm, or its metadata
// storage (a process global) would hold Maps from the wrong realm.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';

export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orgraph-test-'));
    const db = await startEmbeddedPostgres(dir);
    (globalThis as Record<string, unknown>).__ORGRAPH_PG__ = { stop: db.stop, dir };
    serverUrl = db.url;
  }
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query('DROP DATABASE IF EXISTS orgraph_test_template WITH (FORCE)');
  } finally {
    await admin.end();
  }
  process.env.ORGRAPH_TEST_SERVER_URL = serverUrl;
}
