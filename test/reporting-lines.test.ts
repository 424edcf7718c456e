// Reporting lines at ingest: references resolve by themselves in any order, survive cycles and
// deletions, and never cause a person to be refused.
import { createTestApp, TestApp, TestWorkspace } from './support/test-app';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const HAY = 'urn:ietf:params:scim:schemas:extension:haystack:1.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

let t: TestApp;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace();
});
afterAll(async () => t.close());

async function create(externalId: string, managerExternalId?: string): Promise<string> {
  const res = await ws.scim.post('/Users', {
    userName: `${externalId}@corp.example`,
    externalId,
    displayName: externalId,
    ...(managerExternalId ? { [HAY]: { managerExternalId } } : {}),
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** externalId → manager's externalId (null when pending or none), read straight from the table. */
async function managers(): Promise<Record<string, string | null>> {
  const rows = await t.orm.em
    .fork()
    .getConnection()
    .execute<{ e: string; m: string | null }[]>(
      `SELECT p.external_id AS e, m.external_id AS m FROM person p LEFT JOIN person m ON m.id = p.manager_id WHERE p.workspace_id = ?`,
      [ws.id],
    );
  return Object.fromEntries(rows.map((r) => [r.e, r.m]));
}

test('manager first, then report: resolves at once', async () => {
  await create('mf-boss');
  await create('mf-report', 'mf-boss');
  expect((await managers())['mf-report']).toBe('mf-boss');
});

test('report first, then manager: the pending reference resolves when the manager arrives', async () => {
  await create('rf-report-1', 'rf-boss');
  await create('rf-report-2', 'rf-boss');
  expect((await managers())['rf-report-1']).toBeNull();
  const pending = await t.orm.em.fork().getConnection().execute(`SELECT manager_ref, manager_ref_at FROM person WHERE external_id = 'rf-report-1'`);
  expect(pending[0].manager_ref).toBe('rf-boss');
  expect(pending[0].manager_ref_at).not.toBeNull();
  await create('rf-boss');
  const m = await managers();
  expect([m['rf-report-1'], m['rf-report-2']]).toEqual(['rf-boss', 'rf-boss']);
});

test('a manager reference set by a later PATCH (Entra writes references in a separate update)', async () => {
  const id = await create('lp-report');
  await create('lp-boss');
  const res = await ws.scim.patch(`/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: `${HAY}:managerExternalId`, value: 'lp-boss' }] });
  expect(res.status).toBe(200);
  expect((await managers())['lp-report']).toBe('lp-boss');
});

test('a cycle is stored as sent and every member still resolves; reads stay bounded', async () => {
  await create('cy-a', 'cy-c');
  await create('cy-b', 'cy-a');
  await create('cy-c', 'cy-b');
  const m = await managers();
  expect([m['cy-a'], m['cy-b'], m['cy-c']]).toEqual(['cy-c', 'cy-a', 'cy-b']);
  // GETs of the members answer normally (they show one level, never walk the chain).
  const list = await ws.scim.get(`/Users?filter=${encodeURIComponent('externalId sw "cy-"')}`);
  expect(list.status).toBe(200);
  expect(list.body.totalResults).toBe(3);
  // A self-reference is stored too.
  await create('self', 'self');
  expect((await managers())['self']).toBe('self');
});

test('deleting a manager makes the references to them pending again; they resolve when the person returns', async () => {
  const bossId = await create('del-boss');
  await create('del-report', 'del-boss');
  const del = await ws.scim.delete(`/Users/${bossId}`);
  expect(del.status).toBe(204);
  expect((await managers())['del-report']).toBeNull();
  const still = await t.orm.em.fork().getConnection().execute(`SELECT manager_ref FROM person WHERE external_id = 'del-report'`);
  expect(still[0].manager_ref).toBe('del-boss');
  await create('del-boss');
  expect((await managers())['del-report']).toBe('del-boss');
});

test('a manager whose externalId changes: old references go pending, new ones resolve', async () => {
  const bossId = await create('ch-old');
  await create('ch-r1', 'ch-old');
  await create('ch-r2', 'ch-new');
  const res = await ws.scim.patch(`/Users/${bossId}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'externalId', value: 'ch-new' }] });
  expect(res.status).toBe(200);
  const m = await managers();
  expect(m['ch-r1']).toBeNull();
  expect(m['ch-r2']).toBe('ch-new');
});

test('enterprise manager by id resolves to that person and is returned as an object', async () => {
  const bossId = await create('id-boss');
  const res = await ws.scim.post('/Users', { userName: 'id-report@corp.example', externalId: 'id-report', [ENT]: { manager: { value: bossId } } });
  expect(res.body[ENT].manager.value).toBe(bossId);
  expect((await managers())['id-report']).toBe('id-boss');
  // An id that names nobody is stored, not refused.
  const ghost = await ws.scim.post('/Users', { userName: 'ghost-report@corp.example', [ENT]: { manager: 'not-a-uuid' } });
  expect(ghost.status).toBe(201);
  expect(ghost.body[ENT].manager).toEqual({ value: 'not-a-uuid' });
});

test('references never cross workspaces', async () => {
  const other = await t.workspace();
  const res = await other.scim.post('/Users', { userName: 'x@other.example', externalId: 'xw-report', [HAY]: { managerExternalId: 'mf-boss' } });
  expect(res.status).toBe(201);
  const rows = await t.orm.em.fork().getConnection().execute(`SELECT manager_id FROM person WHERE id = ?`, [res.body.id]);
  expect(rows[0].manager_id).toBeNull();
});

test('a report and its manager created concurrently always end up linked', async () => {
  for (let i = 0; i < 15; i++) {
    const [r, b] = await Promise.all([
      ws.scim.post('/Users', { userName: `race-r${i}@corp.example`, externalId: `race-r${i}`, [HAY]: { managerExternalId: `race-b${i}` } }),
      ws.scim.post('/Users', { userName: `race-b${i}@corp.example`, externalId: `race-b${i}` }),
    ]);
    expect([r.status, b.status]).toEqual([201, 201]);
  }
  const m = await managers();
  for (let i = 0; i < 15; i++) expect(m[`race-r${i}`]).toBe(`race-b${i}`);
});

test('concurrent manager links and edits of the same people never deadlock or fail', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 24; i++) {
    const res = await ws.scim.post('/Users', { userName: `dl${i}@corp.example`, externalId: `dl-${i}`, title: 'T' });
    ids.push(res.body.id);
  }
  // Everyone gets a manager (the previous person) while also being edited, and a few managers
  // arrive late: every row is at once a foreign-key target, a writer and a relink target.
  const patches = ids.flatMap((id, i) => [
    ws.scim.patch(`/Users/${id}`, { Operations: [{ op: 'Replace', path: `${HAY}:managerExternalId`, value: i ? `dl-${i - 1}` : 'dl-late' }] }),
    ws.scim.patch(`/Users/${id}`, { Operations: [{ op: 'Replace', path: 'title', value: `Title ${i}` }] }),
  ]);
  const late = ws.scim.post('/Users', { userName: 'dl-late@corp.example', externalId: 'dl-late' });
  const results = await Promise.all([...patches, late]);
  expect(results.map((r) => r.status).filter((s) => s >= 500)).toEqual([]);
  const m = await managers();
  for (let i = 1; i < 24; i++) expect(m[`dl-${i}`]).toBe(`dl-${i - 1}`);
  expect(m['dl-0']).toBe('dl-late');
});

test('many PATCHes of one person at once lose no update (optimistic writes retry, then lock)', async () => {
  const res = await ws.scim.post('/Users', { userName: 'contended@corp.example', externalId: 'contended' });
  const id = res.body.id;
  // Each PATCH adds its own email: a lost update would drop one. Forty writers on one row make
  // some lose the optimistic race several times in a row and take the locking path.
  const n = 40;
  const patches = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      ws.scim.patch(`/Users/${id}`, { Operations: [{ op: 'add', path: 'emails', value: [{ value: `c${i}@corp.example`, type: 'other' }] }] }),
    ),
  );
  expect(patches.map((r) => r.status)).toEqual(Array(n).fill(200));
  const final = await ws.scim.get(`/Users/${id}`);
  const emails = (final.body.emails as { value: string }[]).map((e) => e.value).sort();
  expect(emails).toEqual(Array.from({ length: n }, (_, i) => `c${i}@corp.example`).sort());
  expect(final.body.meta.version).toBe(`W/"${1 + n}"`);
  // Every write logged once, in the same transactions.
  const [{ updates }] = await t.orm.em.fork().getConnection().execute<{ updates: number }[]>(
    "SELECT count(*)::int AS updates FROM provisioning_log WHERE resource_id = ? AND event = 'updated'",
    [id],
  );
  expect(updates).toBe(n);
});
