// Directory reads for the benchmark suite (bench/suite.ts), each next to its floors:
//   - framework floor: the service's own `{ __typename }` round trip (HTTP, Express, Apollo, auth);
//   - database floor: the exact SQL the service runs for that read, sent straight to PostgreSQL with
//     `pg` on one connection, one statement after the other, timed end to end.
// The SQL is captured, not copied: an in-process copy of the app (same code, same database) answers
// each read once with MikroORM's onQuery hook recording every statement as sent (parameters inlined
// by MikroORM, which is how it executes raw SQL). The authentication lookup is dropped from the
// capture, since the framework floor already pays for it. Captured after a warm-up, so the org graph
// cache is built and only its version check remains, as in steady state. The database floor is the
// statements one after the other; where the service runs some at the same time on several
// connections (orgChartHealth's lists), the service can come in under its database floor.
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client as PgClient } from 'pg';
import pino from 'pino';
import { ormConfig, SESSION_SETTINGS } from '../src/db/orm-config.js';
import { createApp } from '../src/http/app.js';
import { Client, median, round, stats, Stats } from './suite-lib.js';

export interface ReadCase {
  name: string;
  /** GraphQL query, or an HTTP path for plain GETs (the export). */
  query?: string;
  path?: string;
  token: 'api' | 'admin';
  variants: Record<string, unknown>[];
  /** A target from issue 6 to check this read against (p50). */
  targetP50ms?: number;
  /** Also held to p50 ≤ 2 × (framework floor + database floor). */
  floorTarget?: boolean;
}

export interface ReadResult extends Stats {
  read: string;
  statements: number;
  dbFloorP50ms: number | null;
  frameworkFloorP50ms: number | null;
  /** p50 / (framework floor + database floor). */
  xFloors: number | null;
  /** Reads with several variants (search): p50 of each, through the service and on the database. */
  byVariant?: { variables: Record<string, unknown>; p50ms: number | null; dbFloorP50ms: number | null }[];
  targetP50ms?: number;
  bytes?: number;
}

export function readCases(ids: { deepest: string; manager: string }): ReadCase[] {
  return [
    {
      name: 'profile (person, manager, 20 direct reports, counts)',
      query: 'query($id: ID!) { person(id: $id) { id displayName jobTitle department locality email manager { id displayName } directReportCount headcount directReports(first: 20) { totalCount nodes { id displayName jobTitle } } } }',
      token: 'api',
      variants: [{ id: ids.manager }],
      targetP50ms: 5,
      floorTarget: true,
    },
    {
      name: 'manager chain from the deepest person (+ level)',
      query: 'query($id: ID!) { person(id: $id) { managers { id displayName jobTitle } level } }',
      token: 'api',
      variants: [{ id: ids.deepest }],
      targetP50ms: 5,
      floorTarget: true,
    },
    {
      name: 'direct reports page (first 20)',
      query: 'query($id: ID!) { person(id: $id) { directReports(first: 20) { totalCount nodes { id displayName jobTitle photoUrl } } } }',
      token: 'api',
      variants: [{ id: ids.manager }],
      targetP50ms: 5,
      floorTarget: true,
    },
    {
      name: 'org chart from the top, depth 3',
      query: '{ orgChart(depth: 3) { truncated nodes { person { id displayName jobTitle } managerId depth directReportCount headcount } } }',
      token: 'api',
      variants: [{}],
      targetP50ms: 20,
    },
    {
      name: 'search, first 20 (5 queries in turn)',
      query: 'query($q: String!) { people(search: $q, first: 20) { totalCount nodes { id displayName jobTitle department } } }',
      token: 'api',
      variants: ['maria', 'jonh', 'engineer berlin', 'garc', 'sato 12'].map((q) => ({ q })),
      targetP50ms: 20,
    },
    {
      name: 'people page of 100 with manager and counts',
      query: '{ people(first: 100) { nodes { id displayName manager { displayName } directReportCount headcount level } } }',
      token: 'api',
      variants: [{}],
    },
    {
      name: 'orgChartHealth (summary + first page of each list)',
      query:
        '{ orgChartHealth { summary { people roots unresolvedManagers cycles inactiveManagersWithActiveReports selfManaged missingJobTitle duplicateWorkEmails peopleWithDroppedValues } unresolvedManagers(first: 20) { totalCount nodes { managerExternalId } } cycles { size } inactiveManagersWithActiveReports(first: 20) { totalCount nodes { activeReportCount } } duplicateWorkEmails(first: 20) { email } } }',
      token: 'admin',
      variants: [{}],
      targetP50ms: 500,
    },
    { name: 'export, CSV (whole org, streamed)', path: '/admin/export/people.csv', token: 'admin', variants: [{}] },
  ];
}

const FLOOR_QUERY = '{ __typename }';
/** The authentication lookup (and its once-a-minute lastUsedAt write): part of the framework floor. */
const isAuthStatement = (sql: string) => /\bfrom "credential"|update "credential"/i.test(sql);

type Tokens = Record<'api' | 'admin', string>;

function graphqlBody(query: string, variables: Record<string, unknown>): string {
  return JSON.stringify({ query, variables });
}

function checkGraphql(status: number, text: string, what: string): void {
  if (status !== 200 || text.includes('"errors"')) throw new Error(`${what}: HTTP ${status}: ${text.slice(0, 500)}`);
}

/** Every statement each read variant runs, captured from an in-process copy of the app. */
export async function captureSql(url: string, cases: ReadCase[], tokens: Tokens): Promise<Map<ReadCase, string[][]>> {
  let recording: string[] | null = null;
  const holder: { orm?: MikroORM } = {};
  const orm = await MikroORM.init(
    ormConfig(url, {
      logger: () => undefined,
      onQuery: (sql: string, params: unknown[]) => {
        recording?.push(holder.orm!.em.getPlatform().formatQuery(sql, params));
        return sql;
      },
    }),
  );
  holder.orm = orm;
  const app = await createApp({ config: { publicUrl: 'http://127.0.0.1' }, orm, logger: pino({ level: 'silent' }) });
  const server = createServer(app.express).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new Client(origin, 1);
  const out = new Map<ReadCase, string[][]>();
  try {
    const run = async (c: ReadCase, vars: Record<string, unknown>) => {
      const headers = { authorization: `Bearer ${tokens[c.token]}`, 'content-type': 'application/json' };
      if (c.path) {
        const res = await client.download(c.path, headers);
        if (res.status !== 200) throw new Error(`${c.name}: HTTP ${res.status}`);
      } else {
        const res = await client.request('POST', '/graphql', headers, graphqlBody(c.query!, vars));
        checkGraphql(res.status, res.text, c.name);
      }
    };
    for (const c of cases) {
      const perVariant: string[][] = [];
      for (const vars of c.variants) {
        await run(c, vars); // warm-up: builds the org graph cache
        // Twice, keeping the shorter list: should the org graph's 30-second maximum age expire during
        // one of them, its rebuild (amortised in steady state) stays out of the floor.
        const captures: string[][] = [];
        for (let k = 0; k < 2; k++) {
          const statements: string[] = [];
          recording = statements;
          await run(c, vars);
          recording = null;
          captures.push(statements.filter((s) => !isAuthStatement(s)));
        }
        perVariant.push(captures[1].length < captures[0].length ? captures[1] : captures[0]);
      }
      out.set(c, perVariant);
    }
  } finally {
    await client.close();
    server.close();
    await app.close();
    await orm.close(true);
  }
  return out;
}

/** The database floor of one read: its statements in order on one `pg` connection, p50 of the whole sequence. */
async function dbFloor(pg: PgClient, variants: string[][], iterations: number, budgetMs: number): Promise<number[]> {
  for (const statements of variants) for (const sql of statements) await pg.query(sql); // warm-up
  const times: number[] = []; // in variant order: sample i ran variant i % variants.length
  const started = performance.now();
  const least = Math.max(3, variants.length); // every variant at least once
  for (let i = 0; i < Math.max(iterations, least) && (i < least || performance.now() - started < budgetMs); i++) {
    const statements = variants[i % variants.length];
    const t0 = performance.now();
    for (const sql of statements) await pg.query(sql);
    times.push(performance.now() - t0);
  }
  return times;
}

export interface ReadOptions {
  url: string;
  client: Client;
  tokens: Tokens;
  cases: ReadCase[];
  iterations: number;
  /** Each read (and each floor) stops after this many ms, once it has at least 3 samples. */
  budgetMs: number;
  log: (line: string) => void;
  /** When set: EXPLAIN (ANALYZE, BUFFERS) of each read's statements is written there. */
  explainFile?: string;
}

/** The plans behind the database floors (first 4 statements of each variant), for looking into a slow read. */
async function explain(pg: PgClient, cases: ReadCase[], sql: Map<ReadCase, string[][]>, file: string): Promise<void> {
  const out: string[] = [];
  for (const c of cases) {
    for (const [v, statements] of sql.get(c)!.entries()) {
      out.push(`\n=== ${c.name} ${JSON.stringify(c.variants[v])} (${statements.length} statements)`);
      for (const statement of statements.slice(0, 4)) {
        out.push(`\n-- ${statement.replace(/\s+/g, ' ').slice(0, 400)}`);
        if (!/^\s*(select|with)\b/i.test(statement)) continue;
        const res = await pg.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement}`);
        out.push(...res.rows.map((r: Record<string, string>) => r['QUERY PLAN']));
      }
    }
  }
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, out.join('\n') + '\n');
}

export async function measureReads(o: ReadOptions): Promise<{ frameworkFloor: Stats & { before: number | null; after: number | null }; reads: ReadResult[] }> {
  const { client, tokens } = o;
  o.log('  capturing the SQL of each read');
  const sql = await captureSql(o.url, o.cases, tokens);

  const floorSamples: number[] = [];
  const frameworkFloor = async () => {
    const headers = { authorization: `Bearer ${tokens.api}`, 'content-type': 'application/json' };
    const body = graphqlBody(FLOOR_QUERY, {});
    const times: number[] = [];
    for (let i = 0; i < 50; i++) await client.request('POST', '/graphql', headers, body);
    for (let i = 0; i < Math.max(o.iterations, 300); i++) {
      const res = await client.request('POST', '/graphql', headers, body);
      checkGraphql(res.status, res.text, FLOOR_QUERY);
      times.push(res.ms);
    }
    floorSamples.push(...times);
    return median(times);
  };
  o.log('  framework floor');
  const before = await frameworkFloor();

  const pg = new PgClient({ connectionString: o.url });
  await pg.connect();
  await pg.query(SESSION_SETTINGS); // as every service connection
  const rows: (ReadResult & { samples: number[]; floorSamples: number[] })[] = [];
  try {
    for (const c of o.cases) {
      o.log(`  ${c.name}`);
      const headers = { authorization: `Bearer ${tokens[c.token]}`, 'content-type': 'application/json' };
      let bytes: number | undefined;
      const once = async (i: number) => {
        if (c.path) {
          const res = await client.download(c.path, headers);
          if (res.status !== 200) throw new Error(`${c.name}: HTTP ${res.status}`);
          bytes = res.bytes;
          return res.ms;
        }
        const res = await client.request('POST', '/graphql', headers, graphqlBody(c.query!, c.variants[i % c.variants.length]));
        checkGraphql(res.status, res.text, c.name);
        return res.ms;
      };
      const warmStart = performance.now(); // warm-up: up to 10 requests, at most a quarter of the budget
      for (let i = 0; i < (c.path ? 1 : 10) && (i === 0 || performance.now() - warmStart < o.budgetMs / 4); i++) await once(i);
      const samples: number[] = [];
      const started = performance.now();
      const least = Math.max(3, c.variants.length); // every variant at least once
      for (let i = 0; i < Math.max(o.iterations, least) && (i < least || performance.now() - started < o.budgetMs); i++) samples.push(await once(i));
      const variants = sql.get(c)!;
      const dbSamples = await dbFloor(pg, variants, o.iterations, o.budgetMs);
      rows.push({
        read: c.name,
        ...stats(samples),
        statements: Math.max(...variants.map((v) => v.length)),
        dbFloorP50ms: round(median(dbSamples)),
        frameworkFloorP50ms: null,
        xFloors: null,
        ...(c.targetP50ms ? { targetP50ms: c.targetP50ms } : {}),
        ...(bytes !== undefined ? { bytes } : {}),
        ...(c.variants.length > 1
          ? {
              byVariant: c.variants.map((variables, v) => ({
                variables,
                p50ms: round(median(samples.filter((_, i) => i % c.variants.length === v))),
                dbFloorP50ms: round(median(dbSamples.filter((_, i) => i % c.variants.length === v))),
              })),
            }
          : {}),
        samples,
        floorSamples: dbSamples,
      });
    }
    if (o.explainFile) {
      o.log(`  EXPLAIN ANALYZE of each read → ${o.explainFile}`);
      await explain(pg, o.cases, sql, o.explainFile);
    }
  } finally {
    await pg.end();
  }
  o.log('  framework floor again');
  const after = await frameworkFloor();
  const fw = stats(floorSamples);
  const reads = rows.map(({ samples: _s, floorSamples: _f, ...r }) => ({
    ...r,
    frameworkFloorP50ms: fw.p50ms,
    xFloors: r.p50ms !== null && r.dbFloorP50ms !== null && fw.p50ms !== null ? round(r.p50ms / (fw.p50ms + r.dbFloorP50ms), 1) : null,
  }));
  return { frameworkFloor: { ...fw, before: round(before), after: round(after) }, reads };
}
