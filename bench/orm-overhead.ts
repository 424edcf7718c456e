// What a database call costs the service's own CPU, by layer: `npm run bench:orm-overhead`. One process pinned to one core (when taskset exists) against a scratch
// embedded PostgreSQL; for each way of reading, the calls per second at 8 in flight and the process's
// CPU per call. This is the evidence behind the SCIM and org chart numbers of `npm run bench`: the
// service's core, not PostgreSQL, is what runs out (see README, Benchmarks).
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { MikroORM } from '@mikro-orm/postgresql';
import { Pool } from 'pg';
import { ormConfig } from '../src/db/orm-config.js';
import { Credential } from '../src/domain/auth/credential.entity.js';
import { hashSecret } from '../src/domain/auth/credential.service.js';
import { Person } from '../src/domain/person/person.entity.js';
import { createServices } from '../src/domain/services.js';
import { withScratchDatabase } from '../scripts/scratch-database.js';
import { seedOrg } from './seed-org.js';

async function measure(name: string, fn: () => Promise<unknown>, calls = 10_000, inFlight = 8): Promise<void> {
  for (let i = 0; i < 500; i++) await fn(); // warm-up
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: inFlight }, async () => { while (next++ < calls) await fn(); }));
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(`${name.padEnd(62)} ${String(Math.round((calls / ms) * 1000)).padStart(7)} /s ${((cpu.user + cpu.system) / calls).toFixed(0).padStart(6)} µs CPU per call`);
}

async function main(): Promise<void> {
  await withScratchDatabase(async (url) => {
    try {
      execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
    } catch {
      console.log('(not pinned: no taskset)');
    }
    const orm = await MikroORM.init(ormConfig(url, { logger: () => undefined }));
    await orm.migrator.up();
    const services = createServices(orm.em);
    const { workspace } = await services.workspaces.create('overhead');
    const { secret } = await services.credentials.issue(workspace.id, 'scim', 'bench');
    await seedOrg(orm.em.fork(), workspace.id, 10_000);
    const hash = hashSecret(secret);
    const pool = new Pool({ connectionString: url, max: 10 });
    const join = 'SELECT c.*, w.slug FROM credential c JOIN workspace w ON w.id = c.workspace_id WHERE c.secret_hash = $1 AND c.revoked_at IS NULL';

    console.log('The authentication lookup every request makes (credential + workspace):');
    await measure('pg Pool, SQL join', () => pool.query(join, [hash]));
    await measure('MikroORM em.execute, same SQL', () => orm.em.fork().execute(join.replace('$1', '?'), [hash]));
    await measure("MikroORM em.findOne(Credential, { populate: ['workspace'] })", () =>
      orm.em.fork().findOne(Credential, { secretHash: hash, revokedAt: null }, { populate: ['workspace'] }),
    );
    await measure('CredentialService.authenticate (what the service calls)', () => services.credentials.authenticate(secret));

    console.log('\nTurning rows into entities (directory reads map every row with em.map):');
    const rows = await orm.em.fork().execute<Record<string, unknown>[]>('SELECT p.* FROM person p WHERE p.workspace_id = ? LIMIT 400', [workspace.id]);
    const mapAll = async () => {
      const em = orm.em.fork();
      return rows.map((r) => em.map(Person, r));
    };
    await measure('em.map(Person, row) × 400 (the org chart to depth 3)', mapAll, 500, 1);
    await measure('plain object copy × 400', async () => rows.map((r) => ({ ...r })), 500, 1);
    await measure('DirectoryService.orgChart(top, depth 3), SQL + mapping', () => services.directory.orgChart(workspace.id, null, 3, 2000), 300, 1);
    await pool.end();
    await orm.close(true);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
