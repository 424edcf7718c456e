// Notification settings and the outbox: provisioning through the real SCIM endpoint queues a welcome
// message per enabled channel, only while on; the notifier reads and marks the outbox over GraphQL.
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  MarkNotificationFailedDocument,
  MarkNotificationsSentDocument,
  NotificationOutboxDocument,
  NotificationOutboxQueryVariables,
  NotificationSettingsDocument,
  RetryNotificationDocument,
  UpdateNotificationSettingsDocument,
} from './generated/operations';
import { createTestApp, TestApp, TestWorkspace } from './support/test-app';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

type GqlResult<R> = { data?: R; errors?: { message: string; extensions: { code: string } }[] };

async function gql<R, V>(doc: TypedDocumentNode<R, V>, variables: V, token?: string): Promise<GqlResult<R>> {
  const req = t.http.post('/graphql').set('Content-Type', 'application/json');
  const res = await (token ? req.set('Authorization', `Bearer ${token}`) : req).send({ query: print(doc), variables });
  expect(res.status).toBeLessThan(500);
  return res.body;
}

const codeOf = (r: GqlResult<unknown>) => r.errors?.[0]?.extensions.code;

async function provision(ws: TestWorkspace, name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await ws.scim.post('/Users', {
    userName: `${name}@corp.example`,
    externalId: name,
    displayName: name,
    emails: [{ value: `${name}@corp.example`, type: 'work', primary: true }],
    ...extra,
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function setActive(ws: TestWorkspace, id: string, active: boolean): Promise<void> {
  const res = await ws.scim.patch(`/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: active }] });
  expect(res.status).toBe(200);
}

async function settings(ws: TestWorkspace, input: { email?: boolean; mobile?: boolean }) {
  const r = await gql(UpdateNotificationSettingsDocument, { input }, ws.adminToken);
  expect(r.errors).toBeUndefined();
  return r.data!.updateNotificationSettings;
}

async function outbox(ws: TestWorkspace, vars: NotificationOutboxQueryVariables = {}, token = ws.adminToken) {
  const r = await gql(NotificationOutboxDocument, { first: 100, ...vars }, token);
  expect(r.errors).toBeUndefined();
  return r.data!.notificationOutbox;
}

/** person displayName → sorted channels queued for them. */
async function queuedByPerson(ws: TestWorkspace): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const n of (await outbox(ws)).nodes) (out[n.person.displayName!] ??= []).push(n.channel);
  for (const k of Object.keys(out)) out[k].sort();
  return out;
}

test('a new workspace has both channels on; updates change only the fields given', async () => {
  const ws = await t.workspace();
  expect((await gql(NotificationSettingsDocument, {}, ws.adminToken)).data!.notificationSettings).toEqual({ email: true, mobile: true });
  expect(await settings(ws, { email: false })).toEqual({ email: false, mobile: true });
  expect(await settings(ws, {})).toEqual({ email: false, mobile: true });
  expect(await settings(ws, { mobile: false })).toEqual({ email: false, mobile: false });
  expect(await settings(ws, { email: true })).toEqual({ email: true, mobile: false });
  expect((await gql(NotificationSettingsDocument, {}, ws.adminToken)).data!.notificationSettings).toEqual({ email: true, mobile: false });
});

test('both on: a SCIM create queues a welcome message per channel, for the notifier', async () => {
  const ws = await t.workspace();
  const id = await provision(ws, 'ann');
  const box = await outbox(ws);
  expect(box.totalCount).toBe(2);
  expect(box.nodes.map((n) => n.channel).sort()).toEqual(['email', 'mobile']);
  for (const n of box.nodes) {
    expect(n).toMatchObject({ kind: 'welcome', status: 'queued', attempts: 0, lastError: null, person: { id, displayName: 'ann', email: 'ann@corp.example' } });
    expect(new Date(n.createdAt).getTime()).not.toBeNaN();
  }
  // A refused create rolls back with its transaction: nothing queued for it.
  const dup = await ws.scim.post('/Users', { userName: 'ANN@corp.example', externalId: 'ann-2' });
  expect(dup.status).toBe(409);
  expect((await outbox(ws)).totalCount).toBe(2);
  // Updates that do not (re)activate queue nothing more.
  const res = await ws.scim.patch(`/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'Ann' }] });
  expect(res.status).toBe(200);
  expect((await outbox(ws)).totalCount).toBe(2);
});

test('email off: only mobile is queued', async () => {
  const ws = await t.workspace();
  await settings(ws, { email: false });
  await provision(ws, 'bob');
  expect(await queuedByPerson(ws)).toEqual({ bob: ['mobile'] });
});

test('both off: nothing is queued, and switching on later sends nothing retroactively', async () => {
  const ws = await t.workspace();
  await settings(ws, { email: false, mobile: false });
  await provision(ws, 'cid');
  await provision(ws, 'dee');
  expect((await outbox(ws)).totalCount).toBe(0);
  await settings(ws, { email: true, mobile: true });
  expect((await outbox(ws)).totalCount).toBe(0);
  // Only people provisioned from now on are welcomed.
  await provision(ws, 'eve');
  expect(await queuedByPerson(ws)).toEqual({ eve: ['email', 'mobile'] });
});

test('an inactive create queues nothing; activating them later welcomes them', async () => {
  const ws = await t.workspace();
  const id = await provision(ws, 'fay', { active: false });
  expect((await outbox(ws)).totalCount).toBe(0);
  await setActive(ws, id, true);
  expect(await queuedByPerson(ws)).toEqual({ fay: ['email', 'mobile'] });
});

test('deactivate + reactivate queues again, only for the channels on at reactivation', async () => {
  const ws = await t.workspace();
  const id = await provision(ws, 'gus');
  await setActive(ws, id, false);
  expect((await outbox(ws)).totalCount).toBe(2);
  await settings(ws, { mobile: false });
  await setActive(ws, id, true);
  expect(await queuedByPerson(ws)).toEqual({ gus: ['email', 'email', 'mobile'] });
  // Setting active=true again on an active person is no reactivation.
  await setActive(ws, id, true);
  expect((await outbox(ws)).totalCount).toBe(3);
  // A full replace (PUT) that reactivates counts too.
  await setActive(ws, id, false);
  const put = await ws.scim.put(`/Users/${id}`, { userName: 'gus@corp.example', externalId: 'gus', displayName: 'gus', active: true });
  expect(put.status).toBe(200);
  expect(await queuedByPerson(ws)).toEqual({ gus: ['email', 'email', 'email', 'mobile'] });
});

test('the setup guide: notifications turned off before the first sync → the sync queues nothing', async () => {
  const ws = await t.workspace();
  await settings(ws, { email: false, mobile: false });
  const N = 25;
  for (let i = 0; i < N; i++) await provision(ws, `first-sync-${i}`);
  const people = await ws.scim.get('/Users?count=1');
  expect(people.body.totalResults).toBe(N);
  expect((await outbox(ws)).totalCount).toBe(0);
  const rows = await t.orm.em.fork().getConnection().execute(`SELECT count(*)::int AS n FROM notification_outbox WHERE workspace_id = ?`, [ws.id]);
  expect(rows[0].n).toBe(0);
  // Launch day: switched on; nobody already provisioned gets a message.
  await settings(ws, { email: true, mobile: true });
  expect((await outbox(ws)).totalCount).toBe(0);
});

test('the notifier marks sent and failed; a failed one is retried; filters by status and channel', async () => {
  const ws = await t.workspace();
  await provision(ws, 'hal');
  await provision(ws, 'ivy');
  const all = (await outbox(ws)).nodes;
  expect(all).toHaveLength(4);
  const [a, b, c, d] = all;

  const sent = await gql(MarkNotificationsSentDocument, { ids: [a.id, b.id, a.id, 'not-an-id', '999999999'] }, ws.adminToken);
  expect(sent.data!.markNotificationsSent).toBe(2);
  // Already sent: nothing changes.
  expect((await gql(MarkNotificationsSentDocument, { ids: [a.id] }, ws.adminToken)).data!.markNotificationsSent).toBe(0);
  expect((await gql(MarkNotificationsSentDocument, { ids: [] }, ws.adminToken)).data!.markNotificationsSent).toBe(0);

  const failed = await gql(MarkNotificationFailedDocument, { id: c.id, error: 'mailbox unavailable' }, ws.adminToken);
  expect(failed.data!.markNotificationFailed).toMatchObject({ id: c.id, status: 'failed', attempts: 1, lastError: 'mailbox unavailable' });
  const again = await gql(MarkNotificationFailedDocument, { id: c.id, error: 'still unavailable' }, ws.adminToken);
  expect(again.data!.markNotificationFailed).toMatchObject({ status: 'failed', attempts: 2, lastError: 'still unavailable' });

  const statuses = async (filter: NotificationOutboxQueryVariables['filter']) => (await outbox(ws, { filter })).nodes.map((n) => n.id);
  expect(await statuses({ status: 'sent' })).toEqual([a.id, b.id]);
  expect(await statuses({ status: 'failed' })).toEqual([c.id]);
  expect(await statuses({ status: 'queued' })).toEqual([d.id]);
  const emails = all.filter((n) => n.channel === 'email').map((n) => n.id);
  expect(await statuses({ channel: 'email' })).toEqual(emails);
  expect(await statuses({ channel: 'mobile' })).toEqual(all.filter((n) => n.channel === 'mobile').map((n) => n.id));
  expect(await statuses({ status: 'queued', channel: d.channel })).toEqual([d.id]);
  expect((await outbox(ws, { filter: { status: 'sent' } })).nodes[0]).toMatchObject({ attempts: 1, lastError: null });

  // Retry: back in the queue, history kept; then delivered.
  const retried = await gql(RetryNotificationDocument, { id: c.id }, ws.adminToken);
  expect(retried.data!.retryNotification).toMatchObject({ id: c.id, status: 'queued', attempts: 2, lastError: 'still unavailable' });
  expect(await statuses({ status: 'queued' })).toEqual([c.id, d.id]);
  expect((await gql(MarkNotificationsSentDocument, { ids: [c.id, d.id] }, ws.adminToken)).data!.markNotificationsSent).toBe(2);
  expect((await outbox(ws, { filter: { status: 'sent' } })).totalCount).toBe(4);

  // Sent is final.
  expect(codeOf(await gql(MarkNotificationFailedDocument, { id: a.id, error: 'late' }, ws.adminToken))).toBe('CONFLICT');
  expect(codeOf(await gql(RetryNotificationDocument, { id: a.id }, ws.adminToken))).toBe('CONFLICT');
  expect(codeOf(await gql(MarkNotificationFailedDocument, { id: 'nope', error: 'x' }, ws.adminToken))).toBe('NOT_FOUND');
  expect(codeOf(await gql(MarkNotificationFailedDocument, { id: '999999999', error: 'x' }, ws.adminToken))).toBe('NOT_FOUND');
  expect(codeOf(await gql(MarkNotificationFailedDocument, { id: d.id, error: 'x'.repeat(2001) }, ws.adminToken))).toBe('BAD_USER_INPUT');
  expect(codeOf(await gql(NotificationOutboxDocument, { filter: { status: 'bogus' as never } }, ws.adminToken))).toBe('BAD_USER_INPUT');
});

test('pagination: oldest first, cursors walk the whole outbox, page size bounded', async () => {
  const ws = await t.workspace();
  for (const name of ['p1', 'p2', 'p3', 'p4', 'p5']) await provision(ws, name);
  const seen: string[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const page: Awaited<ReturnType<typeof outbox>> = await outbox(ws, { first: 3, after });
    expect(page.totalCount).toBe(10);
    expect(page.pageInfo.hasPreviousPage).toBe(pages > 0);
    seen.push(...page.nodes.map((n) => n.id));
    pages += 1;
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  expect(pages).toBe(4);
  expect(seen).toHaveLength(10);
  expect(new Set(seen).size).toBe(10);
  expect([...seen].sort((x, y) => Number(x) - Number(y))).toEqual(seen);
  const names = (await outbox(ws)).nodes.map((n) => n.person.displayName);
  expect(names).toEqual(['p1', 'p1', 'p2', 'p2', 'p3', 'p3', 'p4', 'p4', 'p5', 'p5']);
  expect((await gql(NotificationOutboxDocument, { first: 0 }, ws.adminToken)).data!.notificationOutbox).toMatchObject({ totalCount: 10, nodes: [] });
  expect(codeOf(await gql(NotificationOutboxDocument, { first: 100_000 }, ws.adminToken))).toBe('BAD_USER_INPUT');
  expect(codeOf(await gql(NotificationOutboxDocument, { after: 'garbage' }, ws.adminToken))).toBe('BAD_USER_INPUT');
});

test('workspaces are isolated: another workspace sees nothing and cannot touch the rows', async () => {
  const mine = await t.workspace();
  const other = await t.workspace();
  await provision(mine, 'jo');
  await settings(other, { email: false, mobile: false });
  expect((await gql(NotificationSettingsDocument, {}, mine.adminToken)).data!.notificationSettings).toEqual({ email: true, mobile: true });

  const ids = (await outbox(mine)).nodes.map((n) => n.id);
  expect(ids).toHaveLength(2);
  expect((await outbox(other)).totalCount).toBe(0);
  expect((await gql(MarkNotificationsSentDocument, { ids }, other.adminToken)).data!.markNotificationsSent).toBe(0);
  expect(codeOf(await gql(MarkNotificationFailedDocument, { id: ids[0], error: 'x' }, other.adminToken))).toBe('NOT_FOUND');
  expect(codeOf(await gql(RetryNotificationDocument, { id: ids[0] }, other.adminToken))).toBe('NOT_FOUND');
  const box = await outbox(mine);
  expect(box.nodes.map((n) => [n.status, n.attempts])).toEqual([
    ['queued', 0],
    ['queued', 0],
  ]);
});

test('access: settings are admin only; the outbox takes an admin or directory API token; others are refused', async () => {
  const ws = await t.workspace();
  await provision(ws, 'kim');
  const { secret: apiToken } = await t.app.services.credentials.issue(ws.id, 'api', 'intranet notifier');
  const ids = (await outbox(ws)).nodes.map((n) => n.id);

  for (const token of [undefined, 'orgraph_admin_nope']) {
    expect(codeOf(await gql(NotificationSettingsDocument, {}, token))).toBe('UNAUTHENTICATED');
    expect(codeOf(await gql(UpdateNotificationSettingsDocument, { input: { email: false } }, token))).toBe('UNAUTHENTICATED');
    expect(codeOf(await gql(NotificationOutboxDocument, {}, token))).toBe('UNAUTHENTICATED');
    expect(codeOf(await gql(MarkNotificationsSentDocument, { ids }, token))).toBe('UNAUTHENTICATED');
    expect(codeOf(await gql(MarkNotificationFailedDocument, { id: ids[0], error: 'x' }, token))).toBe('UNAUTHENTICATED');
    expect(codeOf(await gql(RetryNotificationDocument, { id: ids[0] }, token))).toBe('UNAUTHENTICATED');
  }
  // SCIM tokens provision; they do not read or deliver.
  expect(codeOf(await gql(NotificationSettingsDocument, {}, ws.scimToken))).toBe('FORBIDDEN');
  expect(codeOf(await gql(NotificationOutboxDocument, {}, ws.scimToken))).toBe('FORBIDDEN');
  expect(codeOf(await gql(MarkNotificationsSentDocument, { ids }, ws.scimToken))).toBe('FORBIDDEN');
  // An API token (the intranet's notifier) delivers but cannot change the settings.
  expect(codeOf(await gql(NotificationSettingsDocument, {}, apiToken))).toBe('FORBIDDEN');
  expect(codeOf(await gql(UpdateNotificationSettingsDocument, { input: { email: false } }, apiToken))).toBe('FORBIDDEN');
  expect((await gql(NotificationSettingsDocument, {}, ws.adminToken)).data!.notificationSettings).toEqual({ email: true, mobile: true });
  const box = await outbox(ws, { filter: { status: 'queued' } }, apiToken);
  expect(box.totalCount).toBe(2);
  expect(box.nodes[0].person.email).toBe('kim@corp.example');
  expect((await gql(MarkNotificationFailedDocument, { id: ids[0], error: 'smtp 451' }, apiToken)).data!.markNotificationFailed!.status).toBe('failed');
  expect((await gql(RetryNotificationDocument, { id: ids[0] }, apiToken)).data!.retryNotification!.status).toBe('queued');
  expect((await gql(MarkNotificationsSentDocument, { ids }, apiToken)).data!.markNotificationsSent).toBe(2);
  // Nothing in any error or listing leaks the tokens.
  expect(JSON.stringify(await outbox(ws))).not.toContain(apiToken);
});
