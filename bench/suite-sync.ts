// SCIM provisioning as Entra ID runs it, for the benchmark suite (bench/suite.ts).
//
// Initial sync: for every person, in random order, the matching query
// `GET /Users?filter=externalId eq "…"` (nothing found), then the `POST`; once everyone exists, the
// manager references in a later `PATCH` each (Entra exports references after the objects they point
// to), also in random order. Person i reports to person floor((i - 1) / SPAN), as in seed-org.ts.
// Bodies follow the README's Entra attribute mapping (objectId → externalId, manager →
// …haystack…:managerExternalId).
//
// Incremental cycle: a filter GET for every person (random order) and, for 2% of them, a PATCH
// right after their GET (a changed job title), as Entra does for the users that changed.
//
// Isolated rates (at the highest concurrency only): creates alone (new hires without a manager) and
// filter GETs alone, so the create and GET targets are measured without the other operation mixed in.
import type { Client, Response } from './suite-lib.js';
import { CpuMeter } from './suite-lib.js';
import { round, runPool, shuffle, stats } from './suite-lib.js';
import { SPAN } from './seed-org.js';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const HAY = 'urn:ietf:params:scim:schemas:extension:haystack:1.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const FIRST = ['Ada', 'John', 'Maria', 'Wei', 'Fatima', 'Lars', 'Priya', 'Kenji', 'Olga', 'Diego', 'Amara', 'Noah'];
const LAST = ['Smith', 'Garcia', 'Müller', 'Chen', 'Okafor', 'Johansson', 'Patel', 'Sato', 'Ivanova', 'Rossi', 'Dubois', 'Kowalski'];
const DEPTS = ['Engineering', 'Sales', 'Marketing', 'Finance', 'People', 'Legal', 'Support', 'Design'];
const CITIES = ['Berlin', 'Lisbon', 'London', 'Paris', 'Madrid', 'Warsaw', 'Tokyo', 'Austin'];
const TITLES = ['Engineer', 'Manager', 'Analyst', 'Designer', 'Account Executive', 'Specialist', 'Director', 'Consultant'];

/** Entra's objectId for person i (any stable string works; Entra's are GUIDs). */
const externalId = (prefix: string, i: number) => `${prefix}-${i}`;

function userBody(prefix: string, i: number): string {
  const fn = FIRST[i % FIRST.length];
  const ln = LAST[Math.floor(i / 7) % LAST.length];
  return JSON.stringify({
    schemas: [CORE, ENTERPRISE, HAY],
    externalId: externalId(prefix, i),
    userName: `${prefix}.user${i}@bench.example`,
    active: true,
    displayName: `${fn} ${ln} ${i}`,
    emails: [{ primary: true, type: 'work', value: `${prefix}.user${i}@bench.example` }],
    meta: { resourceType: 'User' },
    name: { formatted: `${fn} ${ln}`, familyName: ln, givenName: fn },
    title: TITLES[i % TITLES.length],
    roles: [],
    [ENTERPRISE]: { department: DEPTS[Math.floor(i / 3) % DEPTS.length], employeeNumber: String(100000 + i) },
    [HAY]: { locality: CITIES[Math.floor(i / 11) % CITIES.length], countryCode: 'DE', joinDate: `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}` },
  });
}

const patchBody = (op: string, path: string, value: unknown) => JSON.stringify({ schemas: [PATCH_OP], Operations: [{ op, path, value }] });

const filterPath = (prefix: string, i: number) => `/scim/v2/Users?filter=${encodeURIComponent(`externalId eq "${externalId(prefix, i)}"`)}`;

export interface OpResult {
  phase: string;
  concurrency: number;
  op: string;
  n: number;
  p50ms: number | null;
  p99ms: number | null;
  maxms: number | null;
  /** Failed attempts (HTTP 5xx), each retried like Entra would. */
  errors5xx: number;
  firstError?: string;
  /** This operation's count over the wall time of the phase it ran in. */
  perS: number | null;
  /** All requests of the phase over its wall time. */
  phaseRequestsPerS: number | null;
  phaseSeconds: number | null;
  /** CPU over the phase: ms per request of the phase, and cores busy (service, PostgreSQL, client). */
  cpu: ReturnType<typeof CpuMeter.between>;
}

let meter = new CpuMeter(undefined);
/** Where the service runs, for the CPU counters of each phase. */
export function meterService(pid: number | undefined): void {
  meter = new CpuMeter(pid);
}

class Recorder {
  readonly samples = new Map<string, number[]>();
  readonly errors = new Map<string, number>();
  /** First error body of each kind, for the report. */
  readonly firstError = new Map<string, string>();
  error(op: string, text: string) {
    this.errors.set(op, (this.errors.get(op) ?? 0) + 1);
    if (!this.firstError.has(op)) this.firstError.set(op, text.slice(0, 300));
  }
  add(op: string, ms: number) {
    let list = this.samples.get(op);
    if (!list) this.samples.set(op, (list = []));
    list.push(ms);
  }
  private start = meter.snapshot();
  private end = this.start;
  /** Marks the end of the phase (CPU counters), right after its wall time was taken. */
  done(): void {
    this.end = meter.snapshot();
  }
  results(phase: string, concurrency: number, wallMs: number): OpResult[] {
    const total = [...this.samples.values()].reduce((n, l) => n + l.length, 0) + [...this.errors.values()].reduce((n, e) => n + e, 0);
    return [...this.samples].map(([op, list]) => ({
      phase,
      concurrency,
      op,
      ...stats(list),
      errors5xx: this.errors.get(op) ?? 0,
      ...(this.firstError.has(op) ? { firstError: this.firstError.get(op) } : {}),
      perS: round((list.length / wallMs) * 1000, 0),
      phaseRequestsPerS: round((total / wallMs) * 1000, 0),
      phaseSeconds: round(wallMs / 1000, 1),
      cpu: CpuMeter.between(this.start, this.end, total),
    }));
  }
}

function expect(res: { status: number; text: string }, status: number, what: string): void {
  if (res.status !== status) throw new Error(`${what}: HTTP ${res.status} (expected ${status}): ${res.text.slice(0, 500)}`);
}

/**
 * A request that Entra would retry: on a 5xx it is sent again (at most 4 more times), as Entra
 * retries failed operations. Failed attempts are counted (`errors`), their times left out.
 */
async function attempt(rec: Recorder, op: string, send: () => Promise<Response>, status: number): Promise<Response> {
  for (let tries = 1; ; tries++) {
    const res = await send();
    if (res.status < 500 || tries === 5) {
      expect(res, status, op);
      rec.add(op, res.ms);
      return res;
    }
    rec.error(op, res.text);
  }
}

export interface SyncRun {
  results: OpResult[];
  initialSyncSeconds: number;
  people: number;
  ids: string[];
}

/** Entra's initial cycle for `people` people at `concurrency`. */
export async function initialSync(client: Client, token: string, prefix: string, people: number, concurrency: number, random: () => number): Promise<SyncRun> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' };
  const ids: string[] = new Array(people);
  const create = new Recorder();
  const createMs = await runPool(shuffle([...Array(people).keys()], random), concurrency, async (i) => {
    const found = await attempt(create, 'filter GET', () => client.request('GET', filterPath(prefix, i), headers), 200);
    if (!found.text.includes('"totalResults":0')) throw new Error(`filter GET found ${externalId(prefix, i)} before it was created`);
    const created = await attempt(create, 'create (POST)', () => client.request('POST', '/scim/v2/Users', headers, userBody(prefix, i)), 201);
    ids[i] = (JSON.parse(created.text) as { id: string }).id;
  });
  create.done();
  const patch = new Recorder();
  const patchMs = await runPool(shuffle([...Array(people).keys()].slice(1), random), concurrency, async (i) => {
    const body = patchBody('Add', `${HAY}:managerExternalId`, externalId(prefix, Math.floor((i - 1) / SPAN)));
    await attempt(patch, 'manager PATCH', () => client.request('PATCH', `/scim/v2/Users/${ids[i]}`, headers, body), 200);
  });
  patch.done();
  return {
    results: [...create.results('initial sync: GET + POST', concurrency, createMs), ...patch.results('initial sync: manager PATCH', concurrency, patchMs)],
    initialSyncSeconds: (createMs + patchMs) / 1000,
    people,
    ids,
  };
}

/** Entra's incremental cycle: a filter GET for everyone, a PATCH for 2% of them. */
export async function incrementalCycle(client: Client, token: string, prefix: string, ids: string[], concurrency: number, random: () => number) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' };
  const order = shuffle([...ids.keys()], random);
  const changed = new Set(order.slice(0, Math.max(1, Math.round(ids.length * 0.02))));
  const rec = new Recorder();
  const ms = await runPool(shuffle(order, random), concurrency, async (i) => {
    const found = await attempt(rec, 'filter GET', () => client.request('GET', filterPath(prefix, i), headers), 200);
    if (!found.text.includes('"totalResults":1')) throw new Error(`filter GET did not find ${externalId(prefix, i)}`);
    if (changed.has(i)) {
      const body = patchBody('Replace', 'title', `Senior ${TITLES[i % TITLES.length]}`);
      await attempt(rec, 'PATCH (title)', () => client.request('PATCH', `/scim/v2/Users/${ids[i]}`, headers, body), 200);
    }
  });
  rec.done();
  return { results: rec.results('incremental cycle', concurrency, ms), seconds: ms / 1000, patched: changed.size };
}

/** Creates alone (new hires, no manager) and filter GETs alone, at `concurrency`. */
export async function isolatedRates(client: Client, token: string, syncedPrefix: string, synced: number, count: number, concurrency: number, random: () => number) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' };
  const creates = new Recorder();
  const createMs = await runPool([...Array(count).keys()], concurrency, async (i) => {
    await attempt(creates, 'create (POST) alone', () => client.request('POST', '/scim/v2/Users', headers, userBody('new', i)), 201);
  });
  creates.done();
  const gets = new Recorder();
  const picks = Array.from({ length: count }, () => Math.floor(random() * synced));
  const getMs = await runPool(picks, concurrency, async (i) => {
    await attempt(gets, 'filter GET alone', () => client.request('GET', filterPath(syncedPrefix, i), headers), 200);
  });
  gets.done();
  return [...creates.results('isolated', concurrency, createMs), ...gets.results('isolated', concurrency, getMs)];
}
