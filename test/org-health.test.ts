// Admin's org-data health check and sync report: orgs with every defect class are built through the
// real SCIM endpoint, and the exact counts and lists are asserted.
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { OrgChartHealthDocument, SyncReportDocument } from './generated/operations';
import { createTestApp, TestApp, TestWorkspace } from './support/test-app';

const HAY = 'urn:ietf:params:scim:schemas:extension:haystack:1.0:User';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

async function gql<R, V>(ws: TestWorkspace, doc: TypedDocumentNode<R, V>, variables: V, token = ws.adminToken) {
  const res = await t.http.post('/graphql').set('Content-Type', 'application/json').set('Authorization', `Bearer ${token}`).send({ query: print(doc), variables });
  expect(res.status).toBeLessThan(500);
  return res.body as { data?: R; errors?: { extensions: { code: string } }[] };
}

/** A complete, healthy profile unless a field is overridden (null removes it). */
async function add(ws: TestWorkspace, externalId: string, manager: string | null, over: Record<string, unknown> = {}): Promise<string> {
  const body: Record<string, unknown> = {
    userName: `${externalId}@corp.example`,
    externalId,
    displayName: externalId,
    title: 'Engineer',
    emails: [{ type: 'work', value: `${externalId}@corp.example`, primary: true }],
    [ENT]: { department: 'R&D' },
    [HAY]: { locality: 'Berlin', joinDate: '2020-01-01', ...(manager ? { managerExternalId: manager } : {}) },
  };
  for (const [k, v] of Object.entries(over)) {
    if (k === 'hay') Object.assign(body[HAY] as object, v);
    else if (v === null) delete body[k];
    else body[k] = v;
  }
  const res = await ws.scim.post('/Users', body);
  expect(res.status).toBe(201);
  return res.body.id;
}

test('every defect class, with exact counts and lists', async () => {
  const ws = await t.workspace();
  // Healthy spine.
  await add(ws, 'ceo', null);
  await add(ws, 'vp', 'ceo');
  // Missing manager (pending), in both reference forms.
  await add(ws, 'orphan', 'ghost-manager');
  await ws.scim.post('/Users', { userName: 'idref@corp.example', externalId: 'idref', title: 'T', [ENT]: { department: 'D', manager: '7d2c6f2e-0000-4000-8000-000000000000' }, [HAY]: { locality: 'X', joinDate: '2020-01-01' } });
  // Two cycles, one person below a cycle.
  await add(ws, 'c1', 'c3');
  await add(ws, 'c2', 'c1');
  await add(ws, 'c3', 'c2');
  await add(ws, 'd1', 'd2');
  await add(ws, 'd2', 'd1');
  await add(ws, 'under', 'c1');
  // Self-managed.
  await add(ws, 'selfie', 'selfie');
  // Inactive manager with active reports; inactive manager with only inactive reports.
  await add(ws, 'gone-boss', 'ceo', { active: false });
  await add(ws, 'r1', 'gone-boss');
  await add(ws, 'r2', 'gone-boss');
  await add(ws, 'gone-boss2', 'ceo', { active: false });
  await add(ws, 'r3', 'gone-boss2', { active: false });
  // Duplicates among active people (the inactive one does not count).
  await add(ws, 'dup1', 'vp', { emails: [{ type: 'work', value: 'shared@corp.example' }] });
  await add(ws, 'dup2', 'vp', { emails: [{ type: 'work', value: 'SHARED@corp.example' }] });
  await add(ws, 'dup3', 'vp', { emails: [{ type: 'work', value: 'shared@corp.example' }], active: false });
  // Missing fields and values dropped at ingest.
  await add(ws, 'notitle', 'vp', { title: null });
  await add(ws, 'nowhere', 'vp', { hay: { locality: null } });
  await add(ws, 'baddates', 'vp', { hay: { joinDate: '2020-13-45' }, photos: [{ value: 'http://insecure.example/p.png' }] });

  const { data } = await gql(ws, OrgChartHealthDocument, {});
  const h = data!.orgChartHealth;
  expect(h.summary).toEqual({
    people: 18, // 22 created, 4 inactive (gone-boss, gone-boss2, r3, dup3)
    roots: 1, // ceo (gone-boss etc. have references)
    unresolvedManagers: 2, // orphan, idref
    cycles: 2,
    peopleInCycles: 5,
    peopleBelowCycles: 1,
    inactiveManagersWithActiveReports: 1,
    selfManaged: 1,
    missingJobTitle: 1,
    missingDepartment: 0,
    missingLocation: 1,
    missingJoinDate: 1, // baddates: the bad value was dropped
    duplicateWorkEmails: 1,
    peopleWithDroppedValues: 1,
  });
  const ext = (nodes: { externalId?: string | null }[]) => nodes.map((n) => n.externalId);
  expect(ext(h.roots.nodes)).toEqual(['ceo']);
  expect(h.unresolvedManagers.nodes.map((u) => [u.person.externalId, u.managerExternalId, u.referenceKind])).toEqual([
    ['orphan', 'ghost-manager', 'externalId'],
    ['idref', '7d2c6f2e-0000-4000-8000-000000000000', 'id'],
  ]);
  expect(h.unresolvedManagers.nodes.every((u) => typeof u.since === 'string')).toBe(true);
  const cycles = h.cycles.map((c) => ext(c.members).sort());
  expect(cycles.sort((a, b) => a.length - b.length)).toEqual([['d1', 'd2'], ['c1', 'c2', 'c3']]);
  // Reporting order: each member reports to the next.
  const c3 = h.cycles.find((c) => c.size === 3)!;
  const order = ext(c3.members).join('>');
  expect(['c1>c3>c2', 'c3>c2>c1', 'c2>c1>c3']).toContain(order);
  expect(h.inactiveManagersWithActiveReports.nodes.map((m) => [m.person.externalId, m.activeReportCount])).toEqual([['gone-boss', 2]]);
  expect(ext(h.selfManaged.nodes)).toEqual(['selfie']);
  expect(ext(h.missingTitle.nodes)).toEqual(['notitle']);
  expect(ext(h.missingLocation.nodes)).toEqual(['nowhere']);
  expect(h.duplicateWorkEmails.map((d) => [d.email, ext(d.people)])).toEqual([['shared@corp.example', ['dup1', 'dup2']]]);
  expect(h.droppedValues.nodes.map((d) => [d.person.externalId, d.attribute, d.reason])).toEqual([
    ['baddates', 'photos', 'photo URL is not an absolute https URL'],
    ['baddates', `${HAY}:joinDate`, 'not a YYYY-MM-DD date or ISO 8601 date-time'],
  ]);

  // Fixing the data clears the findings: the ghost arrives, the cycle is broken.
  await add(ws, 'ghost-manager', 'ceo');
  const c1 = await ws.scim.get(`/Users?filter=${encodeURIComponent('externalId eq "c1"')}`);
  await ws.scim.patch(`/Users/${c1.body.Resources[0].id}`, { Operations: [{ op: 'replace', path: `${HAY}:managerExternalId`, value: 'vp' }] });
  const after = (await gql(ws, OrgChartHealthDocument, {})).data!.orgChartHealth.summary;
  expect([after.unresolvedManagers, after.cycles, after.peopleInCycles, after.peopleBelowCycles]).toEqual([1, 1, 2, 0]);
});

test('only admins; other workspaces are not counted', async () => {
  const ws = await t.workspace();
  const api = (await t.app.services.credentials.issue(ws.id, 'api' as never, null)).secret;
  expect((await gql(ws, OrgChartHealthDocument, {}, api)).errors![0].extensions.code).toBe('FORBIDDEN');
  const empty = (await gql(ws, OrgChartHealthDocument, {})).data!.orgChartHealth;
  expect(empty.summary.people).toBe(0);
  expect(empty.cycles).toEqual([]);
});

test('sync report: what provisioning did, matching what was sent', async () => {
  const ws = await t.workspace();
  const start = new Date(Date.now() - 1000).toISOString();
  const boss = await add(ws, 'boss', null);
  await add(ws, 'early', 'late-boss'); // pending until late-boss arrives
  await add(ws, 'late-boss', 'boss'); // resolves its own reference and early's: 2 links
  const worker = await add(ws, 'worker', 'boss'); // 1 link
  await add(ws, 'pending', 'never-comes');
  await add(ws, 'bad', 'boss', { hay: { birthday: 'last tuesday' } }); // warning, 1 link
  await ws.scim.patch(`/Users/${worker}`, { Operations: [{ op: 'Replace', path: 'title', value: 'Lead' }] });
  await ws.scim.patch(`/Users/${worker}`, { Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
  await ws.scim.patch(`/Users/${worker}`, { Operations: [{ op: 'replace', value: { active: true } }] });
  await ws.scim.post('/Users', { userName: 'boss@corp.example' }); // 409
  await ws.scim.post('/Users', {}); // 400
  await ws.scim.post('/Users', { userName: 'BOSS@corp.example' }); // 409
  const temp = await add(ws, 'temp', null);
  await ws.scim.delete(`/Users/${temp}`);
  void boss;

  const r = (await gql(ws, SyncReportDocument, { since: start })).data!.syncReport;
  expect(r.counts).toEqual({
    created: 7,
    updated: 1,
    deactivated: 1,
    reactivated: 1,
    deleted: 1,
    refused: 3,
    unchanged: 0,
    withWarnings: 1,
    managerLinksResolved: 4,
    leftManagerPending: 2, // early (until late-boss came) and pending
  });
  expect(r.refusals).toEqual([
    { status: 409, scimType: 'uniqueness', operation: 'create', count: 2, exampleDetail: expect.stringContaining('userName') },
    { status: 400, scimType: 'invalidValue', operation: 'create', count: 1, exampleDetail: 'userName is required' },
  ]);
  expect(r.pendingManagersNow).toBe(1);
  expect(r.peopleTouched).toBe(7);
  // Drill-down: the entries behind the counts, same window.
  expect(r.refusedEntries.nodes.map((e) => [e.operation, e.status, e.scimType]).sort()).toEqual([
    ['create', 400, 'invalidValue'],
    ['create', 409, 'uniqueness'],
    ['create', 409, 'uniqueness'],
  ]);
  expect(r.deactivations.nodes.map((e) => e.person?.externalId)).toEqual(['worker']);
  // A window before everything is empty; since after until is refused.
  const empty = (await gql(ws, SyncReportDocument, { since: '2000-01-01T00:00:00Z', until: '2000-01-02T00:00:00Z' })).data!.syncReport;
  expect(empty.counts.created).toBe(0);
  expect((await gql(ws, SyncReportDocument, { since: '2030-01-01T00:00:00Z', until: '2029-01-01T00:00:00Z' })).errors![0].extensions.code).toBe('BAD_USER_INPUT');
});
