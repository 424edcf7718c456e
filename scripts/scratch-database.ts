// A throwaway database for tooling: a fresh database on DATABASE_URL's server, or on an embedded
// PostgreSQL in a temporary folder. Dropped afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';

export async function withScratchDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  let serverUrl = process.env.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  let dir: string | undefined;
  if (!serverUrl) {
    dir = await mkdtemp(path.join(os.tmpdir(), 'orgraph-scratch-'));
    const db = await startEmbeddedPostgres(dir);
    serverUrl = db.url;
    stop = db.stop;
  }
  const name = `orgraph_scratch_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    if (stop) await stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}
