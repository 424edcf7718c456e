// The org chart export (GET /admin/export/people.csv and .json): exact content for a small org
// provisioned over SCIM (quoting, formula injection, unresolved and inactive people), admin-only
// access, workspace isolation, and a 20k-person export that streams in batches with backpressure.
import { mkdtemp } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { seedOrg } from '../bench/seed-org';
import { csvCell } from '../src/domain/directory/export-format';
import { createTestApp, TestApp, TestWorkspace } from './support/test-app';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const HAY = 'urn:ietf:params:scim:schemas:extension:haystack:1.0:User';
const HEADER = 'id,externalId,displayName,email,jobTitle,department,locality,region,countryCode,managerId,managerExternalId';

let t: TestApp;
let ws: TestWorkspace;
let other: TestWorkspace;
const ids: Record<string, string> = {};

async function provision(w: TestWorkspace, externalId: string, body: Record<string, unknown>): Promise<void> {
  const res = await w.scim.post('/Users', { userName: `${externalId}@corp.example`, externalId, ...body });
  expect(res.status).toBe(201);
  ids[externalId] = res.body.id;
}

/** Active people of a workspace in export order, by externalId. */
async function exportOrder(workspaceId: string): Promise<string[]> {
  const rows = await t.orm.em
    .fork()
    .execute<{ external_id: string }[]>('SELECT external_id FROM person WHERE workspace_id = ? AND active ORDER BY created_at, id', [workspaceId]);
  return rows.map((r) => r.external_id);
}

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace('export-acme');
  other = await t.workspace('export-other');
  await provision(ws, 'ceo', {
    displayName: 'Grace Hopper',
    emails: [{ value: 'grace@corp.example', type: 'work', primary: true }],
    title: 'CEO',
    [ENT]: { department: 'Board' },
    [HAY]: { locality: 'Berlin', region: 'BE', countryCode: 'DE' },
  });
  await provision(ws, 'eve', {
    displayName: 'Smith, "Eve" Jr.',
    emails: [{ value: 'eve@corp.example', type: 'work' }],
    title: '=HYPERLINK("http://evil.example","click")',
    [ENT]: { department: '+Sales' },
    [HAY]: { locality: '-Lisbon', region: '@home', countryCode: 'PT', managerExternalId: 'ceo' },
  });
  await provision(ws, 'nl', { displayName: 'Ünïcødé 名前', title: 'Line one\nLine two', [HAY]: { managerExternalId: 'eve' } });
  await provision(ws, 'pend', { displayName: 'Pending Person', [HAY]: { managerExternalId: 'ghost' } });
  await provision(ws, 'gone', { displayName: 'Left Already', active: false, [HAY]: { managerExternalId: 'ceo' } });
  await provision(other, 'other-secret', { displayName: 'Not Yours' });
});
afterAll(async () => t.close());

function expectedCsvLines(): Record<string, string> {
  return {
    ceo: `${ids.ceo},ceo,Grace Hopper,grace@corp.example,CEO,Board,Berlin,BE,DE,,`,
    eve: `${ids.eve},eve,"Smith, ""Eve"" Jr.",eve@corp.example,"'=HYPERLINK(""http://evil.example"",""click"")",'+Sales,'-Lisbon,'@home,PT,${ids.ceo},ceo`,
    nl: `${ids.nl},nl,Ünïcødé 名前,,"Line one\nLine two",,,,,${ids.eve},eve`,
    pend: `${ids.pend},pend,Pending Person,,,,,,,,`,
  };
}

test('CSV: RFC 4180 quoting, formula cells neutralised, managers by id and externalId, only active people', async () => {
  const res = await t.http.get('/admin/export/people.csv').set('Authorization', `Bearer ${ws.adminToken}`).buffer(true);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
  expect(res.headers['content-disposition']).toMatch(/^attachment; filename="people-export-acme-\d{4}-\d{2}-\d{2}\.csv"$/);
  expect(res.headers['cache-control']).toBe('no-store');
  const lines = expectedCsvLines();
  const order = await exportOrder(ws.id);
  expect(order.sort()).toEqual(['ceo', 'eve', 'nl', 'pend']);
  const expected = HEADER + '\r\n' + (await exportOrder(ws.id)).map((e) => lines[e] + '\r\n').join('');
  expect(res.text).toBe(expected);
  expect(res.text).not.toContain('Left Already');
  expect(res.text).not.toContain('Not Yours');
});

test('JSON: a streamed array of the same rows, values unchanged (no CSV neutralising)', async () => {
  const res = await t.http.get('/admin/export/people.json').set('Authorization', `Bearer ${ws.adminToken}`).buffer(true);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(res.headers['content-disposition']).toMatch(/^attachment; filename="people-export-acme-\d{4}-\d{2}-\d{2}\.json"$/);
  const rows: Record<string, Record<string, string | null>> = {
    ceo: { id: ids.ceo, externalId: 'ceo', displayName: 'Grace Hopper', email: 'grace@corp.example', jobTitle: 'CEO', department: 'Board', locality: 'Berlin', region: 'BE', countryCode: 'DE', managerId: null, managerExternalId: null },
    eve: { id: ids.eve, externalId: 'eve', displayName: 'Smith, "Eve" Jr.', email: 'eve@corp.example', jobTitle: '=HYPERLINK("http://evil.example","click")', department: '+Sales', locality: '-Lisbon', region: '@home', countryCode: 'PT', managerId: ids.ceo, managerExternalId: 'ceo' },
    nl: { id: ids.nl, externalId: 'nl', displayName: 'Ünïcødé 名前', email: null, jobTitle: 'Line one\nLine two', department: null, locality: null, region: null, countryCode: null, managerId: ids.eve, managerExternalId: 'eve' },
    pend: { id: ids.pend, externalId: 'pend', displayName: 'Pending Person', email: null, jobTitle: null, department: null, locality: null, region: null, countryCode: null, managerId: null, managerExternalId: null },
  };
  const order = await exportOrder(ws.id);
  // Exact text: one row per line, keys in column order.
  expect(res.text).toBe('[\n' + order.map((e) => JSON.stringify(rows[e])).join(',\n') + '\n]\n');
  expect(JSON.parse(res.text)).toEqual(order.map((e) => rows[e]));
});

test('an empty workspace exports a header / an empty array', async () => {
  const empty = await t.workspace('export-empty');
  const csv = await t.http.get('/admin/export/people.csv').set('Authorization', `Bearer ${empty.adminToken}`).buffer(true);
  expect(csv.text).toBe(HEADER + '\r\n');
  const json = await t.http.get('/admin/export/people.json').set('Authorization', `Bearer ${empty.adminToken}`).buffer(true);
  expect(json.text).toBe('[]\n');
  expect(JSON.parse(json.text)).toEqual([]);
});

test('admins only: 401 without or with a bad token, 403 for SCIM and directory API tokens (JSON errors)', async () => {
  for (const path of ['/admin/export/people.csv', '/admin/export/people.json']) {
    const none = await t.http.get(path);
    expect(none.status).toBe(401);
    expect(none.headers['content-type']).toMatch(/^application\/json/);
    expect(none.body.error).toBe('unauthenticated');
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    const bad = await t.http.get(path).set('Authorization', 'Bearer orgraph_admin_nope');
    expect(bad.status).toBe(401);
    expect(bad.body.error).toBe('unauthenticated');
    const scim = await t.http.get(path).set('Authorization', `Bearer ${ws.scimToken}`);
    expect(scim.status).toBe(403);
    expect(scim.body).toEqual({ error: 'forbidden', message: expect.any(String) });
  }
  const { secret: api } = await t.app.services.credentials.issue(ws.id, 'api', 'intranet');
  expect((await t.http.get('/admin/export/people.json').set('Authorization', `Bearer ${api}`)).status).toBe(403);
  expect((await t.http.get('/admin/export/people.xml').set('Authorization', `Bearer ${ws.adminToken}`)).status).toBe(404);
});

test("another workspace's admin gets only that workspace's people", async () => {
  const res = await t.http.get('/admin/export/people.json').set('Authorization', `Bearer ${other.adminToken}`).buffer(true);
  const rows = JSON.parse(res.text) as { externalId: string }[];
  expect(rows.map((r) => r.externalId)).toEqual(['other-secret']);
});

test('csvCell: empty, plain, quoted, neutralised', () => {
  expect(csvCell(null)).toBe('');
  expect(csvCell('')).toBe('');
  expect(csvCell('plain')).toBe('plain');
  expect(csvCell('a,b')).toBe('"a,b"');
  expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  expect(csvCell('cr\rlf')).toBe('"cr\rlf"');
  expect(csvCell('=1+2')).toBe("'=1+2");
  expect(csvCell('+49 30 1234')).toBe("'+49 30 1234");
  expect(csvCell('-5')).toBe("'-5");
  expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  expect(csvCell('\tcmd')).toBe("'\tcmd");
  expect(csvCell('=A1,"x"')).toBe(`"'=A1,""x"""`);
  expect(csvCell('a=b')).toBe('a=b');
});

describe('20,000 people', () => {
  const PEOPLE = 20_000;
  const ACTIVE = PEOPLE - PEOPLE / 50; // seedOrg makes every 50th person inactive
  let big: TestWorkspace;
  let server: http.Server;
  let socketPath: string;

  beforeAll(async () => {
    big = await t.workspace('export-big');
    await seedOrg(t.orm.em.fork(), big.id, PEOPLE);
    // A Unix socket: its kernel buffers are ~200 KB, where loopback TCP can absorb several MB, so a
    // client that stops reading is felt by the server within a batch or two.
    socketPath = path.join(await mkdtemp(path.join(os.tmpdir(), 'orgraph-export-')), 'http.sock');
    server = http.createServer(t.app.express).listen(socketPath);
    await new Promise((r) => server.once('listening', r));
  }, 120_000);
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  /** GETs an export, counting chunks, bytes and lines without keeping the body. */
  function stream(urlPath: string, opts: { pauseAfterFirstChunkMs?: number; onPaused?: () => Promise<void> } = {}) {
    return new Promise<{ status: number; chunks: number; bytes: number; lines: number; head: string; tail: string }>((resolve, reject) => {
      const req = http.get({ socketPath, path: urlPath, headers: { Authorization: `Bearer ${big.adminToken}` } }, (res) => {
        let chunks = 0;
        let bytes = 0;
        let lines = 0;
        let head = '';
        let tail = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          chunks += 1;
          bytes += Buffer.byteLength(chunk);
          for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) lines += 1;
          if (head.length < 2000) head += chunk.slice(0, 2000);
          tail = (tail + chunk).slice(-2000);
          if (chunks === 1 && opts.pauseAfterFirstChunkMs) {
            res.pause();
            setTimeout(async () => {
              await opts.onPaused?.();
              res.resume();
            }, opts.pauseAfterFirstChunkMs);
          }
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, chunks, bytes, lines, head, tail }));
        res.on('error', reject);
      });
      req.on('error', reject);
    });
  }

  test('CSV: every active person, read in keyset batches of 2,000 and written as they come', async () => {
    const spy = jest.spyOn(t.app.services.directoryExport, 'batch');
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = heapBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
    try {
      const res = await stream('/admin/export/people.csv');
      expect(res.status).toBe(200);
      expect(res.lines).toBe(ACTIVE + 1); // header + one line per active person (no embedded newlines here)
      expect(res.head.startsWith(HEADER + '\r\n')).toBe(true);
      expect(res.chunks).toBeGreaterThan(10);
      // Ten batches (9 full, 1 partial), each of at most 2,000 rows: never all rows at once.
      expect(spy.mock.calls.length).toBe(Math.ceil(ACTIVE / 2000));
      expect(spy.mock.calls.every(([, , limit]) => limit === 2000)).toBe(true);
      for (const r of spy.mock.results) expect((await r.value).rows.length).toBeLessThanOrEqual(2000);
    } finally {
      clearInterval(sampler);
      spy.mockRestore();
    }
    // Loose bound on heap growth while streaming ~3 MB (the client here keeps no body either).
    expect(peak - heapBefore).toBeLessThan(64 * 2 ** 20);
  }, 60_000);

  test('JSON: a valid array of every active person', async () => {
    const res = await stream('/admin/export/people.json');
    expect(res.status).toBe(200);
    expect(res.head.startsWith('[\n{"id":')).toBe(true);
    expect(res.tail.endsWith('}\n]\n')).toBe(true);
    expect(res.lines).toBe(ACTIVE + 2); // "[", one row per line, "]"
    expect(res.bytes).toBeGreaterThan(ACTIVE * 200);
  }, 60_000);

  test('backpressure: while the client does not read, the server stops fetching batches', async () => {
    const spy = jest.spyOn(t.app.services.directoryExport, 'batch');
    let fetchedWhilePaused = -1;
    try {
      const res = await stream('/admin/export/people.json', {
        pauseAfterFirstChunkMs: 400,
        onPaused: async () => {
          fetchedWhilePaused = spy.mock.calls.length;
        },
      });
      expect(res.lines).toBe(ACTIVE + 2);
      expect(spy.mock.calls.length).toBe(Math.ceil(ACTIVE / 2000));
    } finally {
      spy.mockRestore();
    }
    // With the client paused, socket buffers fill and the server waits for 'drain' instead of reading on.
    // (One batch of JSON is ~0.5 MB: more than the socket holds, so the server waits after it.)
    expect(fetchedWhilePaused).toBeGreaterThan(0);
    expect(fetchedWhilePaused).toBeLessThanOrEqual(2);
  }, 60_000);

  test('a database failure mid-stream cuts the connection (no complete-looking file); before any byte it is a 500', async () => {
    const svc = t.app.services.directoryExport;
    const original = svc.batch.bind(svc);
    let calls = 0;
    const spy = jest.spyOn(svc, 'batch').mockImplementation(async (...args) => {
      calls += 1;
      if (calls === 2) throw new Error('connection lost');
      return original(...args);
    });
    try {
      const outcome = await new Promise<string>((resolve) => {
        const req = http.get({ socketPath, path: '/admin/export/people.csv', headers: { Authorization: `Bearer ${big.adminToken}` } }, (res) => {
          res.on('data', () => undefined);
          res.on('end', () => resolve('complete'));
          res.on('error', () => resolve('aborted'));
          res.on('aborted', () => resolve('aborted'));
        });
        req.on('error', () => resolve('aborted'));
      });
      expect(outcome).toBe('aborted');

      calls = 1; // the next call is the first batch of a new export, and fails
      const res = await t.http.get('/admin/export/people.json').set('Authorization', `Bearer ${big.adminToken}`);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ error: 'internal server error' });
      expect(res.headers['content-disposition']).toBeUndefined();
    } finally {
      spy.mockRestore();
    }
  }, 60_000);

  test('HEAD answers the headers without reading people', async () => {
    const spy = jest.spyOn(t.app.services.directoryExport, 'batch');
    try {
      const res = await t.http.head('/admin/export/people.csv').set('Authorization', `Bearer ${big.adminToken}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="people-export-big-/);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  test('a client that goes away stops the export (no more batches read)', async () => {
    const spy = jest.spyOn(t.app.services.directoryExport, 'batch');
    try {
      await new Promise<void>((resolve, reject) => {
        const req = http.get({ socketPath, path: '/admin/export/people.json', headers: { Authorization: `Bearer ${big.adminToken}` } }, (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? undefined : reject(e)));
      });
      await new Promise((r) => setTimeout(r, 500));
      expect(spy.mock.calls.length).toBeLessThanOrEqual(2);
    } finally {
      spy.mockRestore();
    }
  }, 60_000);
});
