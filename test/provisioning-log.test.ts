// The provisioning log over GraphQL (admin only): entries written by real SCIM calls, filters,
// keyset pagination, token labels, workspace isolation; and retention pruning.
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { startProvisioningLogRetention } from '../src/domain/provisioning-log/provisioning-log-retention';
import { ProvisioningLogDocument, ProvisioningLogPageDocument } from './generated/operations';
import type { ProvisioningLogPageQuery, ProvisioningLogQuery } from './generated/operations';
import { createTestApp, scimClient, TestApp, TestWorkspace } from './support/test-app';

const HAY = 'urn:ietf:params:scim:schemas:extension:haystack:1.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

type Entry = ProvisioningLogQuery['provisioningLog']['nodes'][number];

let t: TestApp;
let ws: TestWorkspace;
let other: TestWorkspace;
const ids: Record<string, string> = {};

async function gql<R, V>(doc: TypedDocumentNode<R, V>, variables: V, token: string | null = ws.adminToken) {
  const req = t.http.post('/graphql').set('Content-Type', 'application/json');
  const res = await (token ? req.set('Authorization', `Bearer ${token}`) : req).send({ query: print(doc), variables });
  expect(res.status).toBeLessThan(500);
  return res.body as { data?: R; errors?: { message: string; extensions: { code: string } }[] };
}

async function log(filter: Record<string, unknown> | null = null, first = 100): Promise<ProvisioningLogQuery['provisioningLog']> {
  const res = await gql(ProvisioningLogDocument, { first, filter });
  expect(res.errors).toBeUndefined();
  return res.data!.provisioningLog;
}

const user = (externalId: string, extra: Record<string, unknown> = {}) => ({
  userName: `${externalId}@corp.example`,
  externalId,
  displayName: `Person ${externalId}`,
  ...extra,
});

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace('plog');
  other = await t.workspace('plog-other');
  // A second SCIM token with another label (the first one, from the test app, is labelled "test").
  const { secret } = await t.app.services.credentials.issue(ws.id, 'scim', 'Entra production');
  const entra = scimClient(t.http, secret);

  // The story, oldest first: every kind of entry.
  let res = await ws.scim.post('/Users', user('boss', { title: 'CEO' })); // created
  expect(res.status).toBe(201);
  ids.boss = res.body.id;
  res = await entra.post('/Users', user('ann', { [HAY]: { managerExternalId: 'boss' } })); // created, manager resolved
  ids.ann = res.body.id;
  res = await ws.scim.post('/Users', user('bob', { [HAY]: { managerExternalId: 'ghost', joinDate: 'not a date' } })); // created, pending, warning
  ids.bob = res.body.id;
  res = await ws.scim.patch(`/Users/${ids.ann}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'Engineer' }] }); // updated
  expect(res.status).toBe(200);
  res = await ws.scim.patch(`/Users/${ids.ann}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] }); // deactivated
  expect(res.status).toBe(200);
  res = await ws.scim.patch(`/Users/${ids.ann}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: true }] }); // reactivated
  expect(res.status).toBe(200);
  res = await entra.post('/Users', user('ann2', { userName: 'ANN@corp.example' })); // refused: duplicate userName
  expect(res.status).toBe(409);
  res = await ws.scim.delete(`/Users/${ids.bob}`); // deleted
  expect(res.status).toBe(204);

  // The other workspace has entries of its own.
  expect((await other.scim.post('/Users', user('other-1'))).status).toBe(201);
});
afterAll(async () => t.close());

test('every kind of entry, newest first, with token labels, events, attributes, warnings and manager links', async () => {
  const page = await log();
  expect(page.totalCount).toBe(8);
  const summary = page.nodes.map((e) => [e.event, e.operation, e.externalId, e.tokenLabel, e.outcome, e.status]);
  expect(summary).toEqual([
    ['DELETED', 'delete', 'bob', 'test', 'SUCCESS', 204],
    ['REFUSED', 'create', 'ann2', 'Entra production', 'REFUSED', 409],
    ['REACTIVATED', 'patch', 'ann', 'test', 'SUCCESS', 200],
    ['DEACTIVATED', 'patch', 'ann', 'test', 'SUCCESS', 200],
    ['UPDATED', 'patch', 'ann', 'test', 'SUCCESS', 200],
    ['CREATED', 'create', 'bob', 'test', 'SUCCESS', 201],
    ['CREATED', 'create', 'ann', 'Entra production', 'SUCCESS', 201],
    ['CREATED', 'create', 'boss', 'test', 'SUCCESS', 201],
  ]);
  const [deleted, refused, reactivated, deactivated, updated, bobCreated, annCreated, bossCreated] = page.nodes;

  // The person as they are now; null once deleted (resourceId stays).
  expect(deleted.person).toBeNull();
  expect(deleted.resourceId).toBe(ids.bob);
  expect(bobCreated.person).toBeNull();
  expect(annCreated.person).toEqual({ id: ids.ann, displayName: 'Person ann', active: true });
  expect(bossCreated.person).toEqual({ id: ids.boss, displayName: 'Person boss', active: true });
  expect(bossCreated.resourceType).toBe('User');

  // Refusals carry the SCIM error, no person.
  expect(refused).toMatchObject({ resourceId: null, person: null, scimType: 'uniqueness', changedAttributes: [], warnings: [] });
  expect(refused.detail).toContain('userName');

  // Changed attribute names, never values.
  expect(updated.changedAttributes).toEqual(['title']);
  expect(deactivated.changedAttributes).toEqual(['active']);
  expect(reactivated.changedAttributes).toEqual(['active']);
  expect(JSON.stringify(page)).not.toContain('Engineer');
  expect(annCreated.changedAttributes).toEqual(expect.arrayContaining(['userName', 'externalId', 'displayName']));

  // Manager links: ann's reference resolved at once; bob's stayed pending.
  expect(annCreated).toMatchObject({ managerLinksResolved: 1, managerPending: false });
  expect(bobCreated).toMatchObject({ managerLinksResolved: 0, managerPending: true });
  expect(bossCreated).toMatchObject({ managerLinksResolved: 0, managerPending: false });

  // Values dropped at ingest: attribute and reason.
  expect(bobCreated.warnings).toEqual([{ attribute: `${HAY}:joinDate`, reason: expect.any(String) }]);
  expect(bobCreated.warnings[0].reason).not.toContain('not a date');

  // Times are real and ordered.
  const times = page.nodes.map((e) => Date.parse(e.at));
  expect(times.every((x) => !Number.isNaN(x))).toBe(true);
  expect([...times].sort((a, b) => b - a)).toEqual(times);
  expect(page.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
});

test('filters: outcome, event, person (also deleted) and time window, each with its count', async () => {
  const refused = await log({ outcome: 'REFUSED' });
  expect(refused.nodes.map((e) => e.externalId)).toEqual(['ann2']);
  expect(refused.totalCount).toBe(1);

  const success = await log({ outcome: 'SUCCESS' });
  expect(success.totalCount).toBe(7);

  expect((await log({ event: 'DEACTIVATED' })).nodes.map((e) => e.externalId)).toEqual(['ann']);
  expect((await log({ event: 'CREATED' })).nodes.map((e) => e.externalId)).toEqual(['bob', 'ann', 'boss']);
  expect((await log({ event: 'CREATED', outcome: 'REFUSED' })).totalCount).toBe(0);

  const ann = await log({ personId: ids.ann });
  expect(ann.nodes.map((e) => e.event)).toEqual(['REACTIVATED', 'DEACTIVATED', 'UPDATED', 'CREATED']);
  const bob = await log({ personId: ids.bob });
  expect(bob.nodes.map((e) => e.event)).toEqual(['DELETED', 'CREATED']);
  expect((await log({ personId: ids.bob, event: 'DELETED' })).totalCount).toBe(1);

  // since is inclusive, until exclusive.
  const all = (await log()).nodes;
  const at = (i: number) => all[i].at;
  const window = await log({ since: at(5), until: at(2) });
  const inWindow = all.filter((e) => Date.parse(e.at) >= Date.parse(at(5)) && Date.parse(e.at) < Date.parse(at(2)));
  expect(window.nodes.map((e) => e.id)).toEqual(inWindow.map((e) => e.id));
  expect(window.nodes.map((e) => e.id)).toEqual(expect.arrayContaining([all[5].id, all[4].id]));
  expect(window.totalCount).toBe(inWindow.length);
  expect((await log({ since: at(0) })).nodes[0].id).toBe(all[0].id);
  expect((await log({ until: at(7) })).totalCount).toBe(0);
  expect((await log({ since: new Date(Date.now() + 60_000).toISOString() })).totalCount).toBe(0);

  // A bad person id is a client error, not a 500.
  const bad = await gql(ProvisioningLogDocument, { filter: { personId: 'nope' } });
  expect(bad.errors![0].extensions.code).toBe('BAD_USER_INPUT');
});

test('keyset pages cover the log exactly once, even while new entries arrive', async () => {
  const all = (await log()).nodes.map((e) => e.id);
  const seen: string[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const res: { data?: ProvisioningLogPageQuery } = await gql(ProvisioningLogPageDocument, { first: 3, after });
    expect(res.data).toBeDefined();
    const page = res.data!.provisioningLog;
    seen.push(...page.nodes.map((e) => e.id));
    pages += 1;
    if (pages === 1) {
      // New activity between pages does not shift the later pages (an offset would repeat entries).
      expect((await ws.scim.post('/Users', user(`late-${Date.now()}`))).status).toBe(201);
    }
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  expect(pages).toBe(3);
  expect(seen).toEqual(all);

  // Edges carry the same cursors as pageInfo.
  const first = await gql(ProvisioningLogDocument, { first: 2 });
  const p = first.data!.provisioningLog;
  expect(p.edges.map((e) => e.node.id)).toEqual(p.nodes.map((n) => n.id));
  expect(p.pageInfo.endCursor).toBe(p.edges[1].cursor);
  const second = await gql(ProvisioningLogDocument, { first: 2, after: p.pageInfo.endCursor });
  expect(second.data!.provisioningLog.pageInfo.hasPreviousPage).toBe(true);

  // Cursors are validated; page sizes are bounded.
  expect((await gql(ProvisioningLogDocument, { after: 'garbage' })).errors![0].extensions.code).toBe('BAD_USER_INPUT');
  const forged = Buffer.from('l:2026-13-45T99:00:00.000000Z|1').toString('base64url');
  expect((await gql(ProvisioningLogDocument, { after: forged })).errors![0].extensions.code).toBe('BAD_USER_INPUT');
  expect((await gql(ProvisioningLogDocument, { first: 101 })).errors![0].extensions.code).toBe('BAD_USER_INPUT');
  expect((await gql(ProvisioningLogDocument, { first: -1 })).errors![0].extensions.code).toBe('BAD_USER_INPUT');
  const none = await gql(ProvisioningLogDocument, { first: 0 });
  expect(none.data!.provisioningLog.nodes).toEqual([]);
  expect(none.data!.provisioningLog.pageInfo.hasNextPage).toBe(true);
});

test('admins only; another workspace sees only its own entries', async () => {
  expect((await gql(ProvisioningLogDocument, {}, null)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
  expect((await gql(ProvisioningLogDocument, {}, ws.scimToken)).errors![0].extensions.code).toBe('FORBIDDEN');
  const { secret: api } = await t.app.services.credentials.issue(ws.id, 'api', 'intranet');
  expect((await gql(ProvisioningLogDocument, {}, api)).errors![0].extensions.code).toBe('FORBIDDEN');

  const theirs = await gql(ProvisioningLogDocument, { first: 100 }, other.adminToken);
  expect(theirs.data!.provisioningLog.nodes.map((e) => e.externalId)).toEqual(['other-1']);
  // Our person ids lead nowhere from there.
  const probe = await gql(ProvisioningLogDocument, { filter: { personId: ids.ann } }, other.adminToken);
  expect(probe.data!.provisioningLog.totalCount).toBe(0);
});

describe('retention', () => {
  const DAY = 24 * 60 * 60 * 1000;

  /** Adds `n` entries `daysAgo` days old straight to the table. */
  async function backdate(workspaceId: string, n: number, daysAgo: number): Promise<void> {
    await t.orm.em.fork().execute(
      `INSERT INTO provisioning_log (workspace_id, at, operation, outcome, status, event)
       SELECT ?, now() - make_interval(days => ?), 'patch', 'success', 200, 'updated' FROM generate_series(1, ?)`,
      [workspaceId, daysAgo, n],
    );
  }
  const countOlderThan = async (days: number) =>
    (await t.orm.em.fork().execute<{ n: number }[]>(`SELECT count(*)::int AS n FROM provisioning_log WHERE at < now() - make_interval(days => ?)`, [days]))[0].n;
  const total = async () => (await t.orm.em.fork().execute<{ n: number }[]>('SELECT count(*)::int AS n FROM provisioning_log'))[0].n;

  test('prune deletes exactly the entries older than the cutoff, in every workspace, in bounded batches', async () => {
    await backdate(ws.id, 11, 100);
    await backdate(other.id, 4, 95);
    await backdate(ws.id, 3, 80); // inside a 90-day retention
    const before = await total();
    expect(await countOlderThan(90)).toBe(15);

    const statements: string[] = [];
    const spy = jest.spyOn(t.orm.em.getConnection(), 'execute');
    const result = await t.app.services.provisioningLog.prune(new Date(Date.now() - 90 * DAY), { batchSize: 4 });
    const deletes = spy.mock.calls.filter(([sql]) => typeof sql === 'string' && sql.includes('DELETE FROM provisioning_log'));
    statements.push(...deletes.map(([sql]) => String(sql)));
    spy.mockRestore();

    expect(result).toEqual({ deleted: 15, skipped: false });
    expect(await countOlderThan(90)).toBe(0);
    expect(await total()).toBe(before - 15);
    expect(await countOlderThan(79)).toBe(3);
    // ws: 4 + 4 + 3, then other: 4 + 0 → five bounded DELETE statements, never one big one.
    expect(statements.length).toBeGreaterThanOrEqual(5);
    expect(statements.every((s) => /LIMIT/.test(s))).toBe(true);

    // Nothing left to do: a second run deletes nothing.
    expect(await t.app.services.provisioningLog.prune(new Date(Date.now() - 90 * DAY))).toEqual({ deleted: 0, skipped: false });
    // The entries the GraphQL log shows are untouched.
    expect((await log({ event: 'CREATED' })).totalCount).toBeGreaterThanOrEqual(3);
  });

  test('another instance pruning at the same time: this one yields (advisory lock) and deletes nothing', async () => {
    await backdate(ws.id, 2, 200);
    const em = t.orm.em.fork();
    await em.transactional(async (tx) => {
      // Hold the retention lock as another instance would in the middle of a batch.
      const [{ locked }] = await tx.execute<{ locked: boolean }[]>('SELECT pg_try_advisory_xact_lock(7270110001) AS locked');
      expect(locked).toBe(true);
      const result = await t.app.services.provisioningLog.prune(new Date(Date.now() - 90 * DAY));
      expect(result).toEqual({ deleted: 0, skipped: true });
    });
    expect(await countOlderThan(199)).toBe(2);
    expect(await t.app.services.provisioningLog.prune(new Date(Date.now() - 90 * DAY))).toEqual({ deleted: 2, skipped: false });
  });

  test('the background job prunes at start with the configured days, and 0 keeps everything', async () => {
    const logger = pino({ level: 'silent' });
    await backdate(ws.id, 3, 40);
    const old = await countOlderThan(29);
    expect(old).toBeGreaterThanOrEqual(3);
    const keep = startProvisioningLogRetention({ log: t.app.services.provisioningLog, retentionDays: 0, logger });
    await keep.whenIdle();
    await keep.stop();
    expect(await countOlderThan(29)).toBe(old);

    const job = startProvisioningLogRetention({ log: t.app.services.provisioningLog, retentionDays: 30, logger, intervalMs: 3_600_000 });
    await job.whenIdle(); // the run started at once
    expect(await countOlderThan(29)).toBe(0);
    await job.stop();

    // Stopped at once (shutdown): the run gives up between batches and stop() waits for it.
    await backdate(ws.id, 3, 40);
    const stopped = startProvisioningLogRetention({ log: t.app.services.provisioningLog, retentionDays: 30, logger });
    await stopped.stop();
    await stopped.whenIdle();
  });

  test('PROVISIONING_LOG_RETENTION_DAYS: default 90, 0 allowed, negatives and fractions refused', () => {
    expect(loadConfig({}).provisioningLogRetentionDays).toBe(90);
    expect(loadConfig({ PROVISIONING_LOG_RETENTION_DAYS: '0' }).provisioningLogRetentionDays).toBe(0);
    expect(loadConfig({ PROVISIONING_LOG_RETENTION_DAYS: '365' }).provisioningLogRetentionDays).toBe(365);
    expect(() => loadConfig({ PROVISIONING_LOG_RETENTION_DAYS: '-1' })).toThrow(/PROVISIONING_LOG_RETENTION_DAYS/);
    expect(() => loadConfig({ PROVISIONING_LOG_RETENTION_DAYS: '1.5' })).toThrow(/PROVISIONING_LOG_RETENTION_DAYS/);
    expect(() => loadConfig({ PROVISIONING_LOG_RETENTION_DAYS: 'forever' })).toThrow(/PROVISIONING_LOG_RETENTION_DAYS/);
  });
});
