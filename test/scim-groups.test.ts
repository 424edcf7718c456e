// SCIM Groups over HTTP against the real app and database: the recorded Entra and Okta group
// requests (../shared/fixtures/idp-requests/*/*group*.json), every membership dialect of
// docs/ENTRA_SCIM.md, uniqueness, workspace isolation, deletes, the provisioning log, and proof
// that a PATCH of a large group writes only the rows that change.
import { fixture } from './support/fixtures';
import { appAndWorkspacePerFile, TestWorkspace } from './support/test-app';

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const LEGACY = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const BASE = 'https://orgraph.test/scim/v2';
const MISSING = '5d0a4f7e-9a43-4d8c-8a5e-2b1f3c4d5e6f';

const env = appAndWorkspacePerFile();
let n = 0;

interface User {
  id: string;
  userName: string;
}

async function createUser(w: TestWorkspace = env.ws, extra: Record<string, unknown> = {}): Promise<User> {
  n += 1;
  const res = await w.scim.post('/Users', { userName: `member${n}@corp.example`, displayName: `Member ${n}`, ...extra });
  expect(res.status).toBe(201);
  return res.body;
}

async function createGroup(body: Record<string, unknown> = {}, w: TestWorkspace = env.ws): Promise<Record<string, any>> {
  n += 1;
  const res = await w.scim.post('/Groups', { schemas: [GROUP], displayName: `Group ${n}`, ...body });
  expect(res.status).toBe(201);
  return res.body;
}

const patch = (id: string, ...ops: unknown[]) => env.ws.scim.patch(`/Groups/${id}`, { schemas: [PATCH], Operations: ops });
const q = (filter: string, extra = '') => `/Groups?filter=${encodeURIComponent(filter)}${extra}`;
const sorted = (ids: string[]) => [...ids].sort();

async function members(groupId: string, w: TestWorkspace = env.ws): Promise<string[]> {
  const res = await w.scim.get(`/Groups/${groupId}`);
  expect(res.status).toBe(200);
  return sorted((res.body.members as { value: string }[]).map((m) => m.value));
}

async function logFor(resourceId: string, w: TestWorkspace = env.ws) {
  return (await env.t.app.services.provisioningLog.recent(w.id, 1000)).filter((e) => e.resourceId === resourceId);
}

/** A recorded request with the other server's ids swapped for ours. */
function mapIds<T>(value: T, ids: Record<string, string>): T {
  let text = JSON.stringify(value);
  for (const [theirs, ours] of Object.entries(ids)) text = text.split(theirs).join(ours);
  return JSON.parse(text) as T;
}

describe('recorded Entra requests', () => {
  test('create (empty), get, find by displayName (also excluding members), then the recorded PATCH', async () => {
    const create = fixture('entra/create_group.json');
    const created = await env.ws.scim.post(create.path, create.request);
    expect(created.status).toBe(create.statusCode);
    expect(created.headers['content-type']).toMatch(/^application\/scim\+json/);
    const id = created.body.id as string;
    expect(created.headers.location).toBe(`${BASE}/Groups/${id}`);
    expect(created.headers.etag).toBe('W/"1"');
    expect(created.body).toEqual({
      schemas: [GROUP],
      id,
      externalId: create.request!.externalId,
      displayName: 'displayName',
      members: [],
      meta: { resourceType: 'Group', created: expect.any(String), lastModified: expect.any(String), location: `${BASE}/Groups/${id}`, version: 'W/"1"' },
    });

    const get = fixture('entra/get_group.json');
    const got = await env.ws.scim.get(get.path.replace(/\/Groups\/[^/?]+/, `/Groups/${id}`));
    expect(got.status).toBe(get.statusCode);
    expect(got.body).toEqual(created.body);

    // Recorded with a form-encoded filter (`+` for spaces) on the name the create used.
    const byName = fixture('entra/get_group_dn.json');
    const found = await env.ws.scim.get(byName.path);
    expect(found.status).toBe(byName.statusCode);
    expect(found.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, startIndex: 1, itemsPerPage: 1 });
    expect(found.body.Resources[0].id).toBe(id);
    // What Entra really sends (docs/ENTRA_SCIM.md): the same query without members.
    const lean = await env.ws.scim.get(`${byName.path}&excludedAttributes=members`);
    expect(lean.body.Resources[0]).not.toHaveProperty('members');
    expect(lean.body.Resources[0].displayName).toBe('displayName');

    const update = fixture('entra/update_group.json');
    const user = await createUser();
    const patched = await env.ws.scim.patch(`/Groups/${id}`, mapIds(update.request, { f648f8d5ea4e4cd38e9c: user.id }));
    expect(patched.status).toBe(204); // Entra expects 204 for group PATCH (the recording's server sent 200)
    expect(patched.text).toBe('');
    expect(patched.headers.etag).toBe('W/"2"');
    const after = await env.ws.scim.get(`/Groups/${id}`);
    // Added, then removed in the same PATCH: not a member; the name changed.
    expect(after.body).toMatchObject({ displayName: (update.response as { displayName: string }).displayName, members: [] });
  });
});

describe('recorded Okta requests', () => {
  test('create with members: [], membership PATCH (remove, add, replace), retrieve, rename PATCH', async () => {
    const create = fixture('okta/create_group.json');
    const created = await env.ws.scim.post(create.path, create.request).set('Content-Type', 'application/json');
    expect(created.status).toBe(create.statusCode);
    expect(created.body).toMatchObject({ schemas: [GROUP], displayName: 'Test SCIMv2', members: [] });
    const id = created.body.id as string;
    const recordedId = (create.response as { id: string }).id;

    const [x, y] = [await createUser(), await createUser(env.ws, { displayName: undefined })];
    const ids = { [recordedId]: id, '89bb1940-b905-4575-9e7f-6f887cfb368e': x.id, '23a35c27-23d3-4c03-b4c5-6443c09e7173': y.id };
    expect((await patch(id, { op: 'add', path: 'members', value: [{ value: x.id }] })).status).toBe(204);

    const membership = fixture('okta/update_group_membership.json');
    const res = await env.ws.scim.patch(membership.path.replace(recordedId, id), mapIds(membership.request, ids));
    expect(res.status).toBe(204);
    // remove x, add y, then replace with {y, x}: both are members.
    expect(await members(id)).toEqual(sorted([x.id, y.id]));

    const retrieve = fixture('okta/retrieve_group.json');
    const got = await env.ws.scim.get(retrieve.path.replace(recordedId, id));
    expect(got.status).toBe(retrieve.statusCode);
    expect(got.body).toMatchObject({ id, displayName: 'Test SCIMv2' });
    // Members as {value, $ref, display}: display is the displayName, else the userName.
    expect(sorted(got.body.members.map((m: unknown) => JSON.stringify(m)))).toEqual(
      sorted([
        JSON.stringify({ value: x.id, $ref: `${BASE}/Users/${x.id}`, display: (await env.ws.scim.get(`/Users/${x.id}`)).body.displayName }),
        JSON.stringify({ value: y.id, $ref: `${BASE}/Users/${y.id}`, display: y.userName }),
      ]),
    );

    const rename = fixture('okta/update_group_name.json');
    const renamed = await env.ws.scim.patch(rename.path.replace(recordedId, id), mapIds(rename.request, ids));
    expect(renamed.status).toBe(204);
    expect((await env.ws.scim.get(`/Groups/${id}`)).body.displayName).toBe('Test SCIMv2');
    const other = await patch(id, { op: 'replace', value: { id, displayName: 'Test SCIMv20' } });
    expect(other.status).toBe(204);
    expect((await env.ws.scim.get(`/Groups/${id}`)).body.displayName).toBe('Test SCIMv20');
  });
});

describe('membership dialects', () => {
  let users: User[];
  beforeAll(async () => {
    users = [];
    for (let i = 0; i < 5; i++) users.push(await createUser());
  });
  const ids = (...idx: number[]) => sorted(idx.map((i) => users[i].id));

  test('create with members; Entra Add of {value, $ref: null}; re-adding and duplicates are no-ops', async () => {
    const g = await createGroup({ schemas: [GROUP, LEGACY], members: [{ value: users[0].id }] });
    expect(g.members).toEqual([{ value: users[0].id, $ref: `${BASE}/Users/${users[0].id}`, display: expect.stringMatching(/^Member /) }]);
    const add = await patch(g.id, { op: 'Add', path: 'members', value: [{ $ref: null, value: users[1].id }, { $ref: null, value: users[1].id }, { $ref: null, value: users[0].id }] });
    expect(add.status).toBe(204);
    expect(add.headers.etag).toBe('W/"2"');
    expect(await members(g.id)).toEqual(ids(0, 1));
    const again = await patch(g.id, { op: 'Add', path: 'members', value: [{ value: users[1].id }] });
    expect(again.headers.etag).toBe('W/"2"'); // nothing changed: same version
  });

  test('Entra Remove with a value list removes only those members', async () => {
    const g = await createGroup({ members: users.slice(0, 4).map((u) => ({ value: u.id })) });
    expect((await patch(g.id, { op: 'Remove', path: 'members', value: [{ value: users[1].id }, { value: users[3].id }] })).status).toBe(204);
    expect(await members(g.id)).toEqual(ids(0, 2));
  });

  test('remove with members[value eq "…"] (aadOptscim062020, Okta)', async () => {
    const g = await createGroup({ members: users.slice(0, 3).map((u) => ({ value: u.id })) });
    expect((await patch(g.id, { op: 'remove', path: `members[value eq "${users[2].id}"]` })).status).toBe(204);
    expect(await members(g.id)).toEqual(ids(0, 1));
  });

  test("Okta's replace of members sets exactly the given set", async () => {
    const g = await createGroup({ members: users.slice(0, 3).map((u) => ({ value: u.id })) });
    expect((await patch(g.id, { op: 'replace', path: 'members', value: [{ value: users[2].id }, { value: users[4].id }] })).status).toBe(204);
    expect(await members(g.id)).toEqual(ids(2, 4));
  });

  test('path-less replace with id and displayName; Replace of displayName and externalId', async () => {
    const g = await createGroup();
    expect((await patch(g.id, { op: 'replace', value: { id: g.id, displayName: `${g.displayName} renamed` } })).status).toBe(204);
    expect((await patch(g.id, { op: 'Replace', path: 'externalId', value: 'ext-renamed' })).status).toBe(204);
    const got = await env.ws.scim.get(`/Groups/${g.id}`);
    expect(got.body).toMatchObject({ displayName: `${g.displayName} renamed`, externalId: 'ext-renamed' });
    const wrongId = await patch(g.id, { op: 'replace', value: { id: MISSING, displayName: 'x' } });
    expect(wrongId.status).toBe(400);
    expect(wrongId.body.scimType).toBe('mutability');
  });

  test('ops and attribute names in any letter case', async () => {
    const g = await createGroup();
    const res = await patch(
      g.id,
      { OP: 'ADD', PATH: 'Members', VALUE: [{ Value: users[0].id }, { VALUE: users[1].id }] },
      { Op: 'REMOVE', Path: `MEMBERS[VALUE EQ "${users[0].id}"]` },
      { op: 'rEpLaCe', path: 'DISPLAYNAME', value: `${g.displayName} cased` },
    );
    expect(res.status).toBe(204);
    expect(await members(g.id)).toEqual(ids(1));
    expect((await env.ws.scim.get(`/Groups/${g.id}`)).body.displayName).toBe(`${g.displayName} cased`);
  });

  test('remove of members without a value removes every member; removing a non-member is a no-op', async () => {
    const g = await createGroup({ members: users.slice(0, 3).map((u) => ({ value: u.id })) });
    expect((await patch(g.id, { op: 'remove', path: `members[value eq "${MISSING}"]` })).status).toBe(204);
    expect(await members(g.id)).toEqual(ids(0, 1, 2));
    expect((await patch(g.id, { op: 'remove', path: 'members' })).status).toBe(204);
    expect(await members(g.id)).toEqual([]);
  });

  test('an unknown user id is refused with invalidValue and nothing changes, not even the other operations', async () => {
    const g = await createGroup({ members: [{ value: users[0].id }] });
    for (const bad of [MISSING, 'f648f8d5ea4e4cd38e9c', '']) {
      const res = await patch(
        g.id,
        { op: 'Replace', path: 'displayName', value: 'should not stick' },
        { op: 'Remove', path: 'members', value: [{ value: users[0].id }] },
        { op: 'Add', path: 'members', value: [{ value: users[1].id }, { value: bad }] },
      );
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    }
    const got = await env.ws.scim.get(`/Groups/${g.id}`);
    expect(got.body).toMatchObject({ displayName: g.displayName, meta: { version: 'W/"1"' } });
    expect(await members(g.id)).toEqual(ids(0));
    const create = await env.ws.scim.post('/Groups', { displayName: 'never created', members: [{ value: MISSING }] });
    expect(create.status).toBe(400);
    expect((await env.ws.scim.get(q('displayName eq "never created"'))).body.totalResults).toBe(0);
  });

  test('PUT replaces name and members as sets; a PUT without members keeps them', async () => {
    const g = await createGroup({ externalId: `put-${n}`, members: users.slice(0, 2).map((u) => ({ value: u.id })) });
    const put = await env.ws.scim.put(`/Groups/${g.id}`, { schemas: [GROUP], id: g.id, displayName: `${g.displayName} put`, members: [{ value: users[1].id }, { value: users[2].id }] });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ displayName: `${g.displayName} put`, meta: { version: 'W/"2"' } });
    expect(put.body).not.toHaveProperty('externalId'); // a full replace without externalId clears it
    expect(sorted(put.body.members.map((m: { value: string }) => m.value))).toEqual(ids(1, 2));
    const keep = await env.ws.scim.put(`/Groups/${g.id}`, { displayName: `${g.displayName} put again` });
    expect(keep.status).toBe(200);
    expect(sorted(keep.body.members.map((m: { value: string }) => m.value))).toEqual(ids(1, 2));
  });

  test('If-Match: a stale version is refused with 412 and changes nothing', async () => {
    const g = await createGroup();
    const stale = await patch(g.id, { op: 'add', path: 'members', value: [{ value: users[0].id }] }).set('If-Match', 'W/"7"');
    expect(stale.status).toBe(412);
    expect(await members(g.id)).toEqual([]);
    const ok = await patch(g.id, { op: 'add', path: 'members', value: [{ value: users[0].id }] }).set('If-Match', 'W/"1"');
    expect(ok.status).toBe(204);
  });

  test('malformed requests are 4xx: bad PatchOp, nested group, unknown group', async () => {
    const g = await createGroup();
    expect((await env.ws.scim.patch(`/Groups/${g.id}`, { Operations: [] })).body.scimType).toBe('invalidSyntax');
    expect((await patch(g.id, { op: 'add', path: 'members', value: [{ value: g.id, type: 'Group' }] })).body.scimType).toBe('invalidValue');
    expect((await patch(g.id, { op: 'remove', value: { displayName: 'x' } })).body.scimType).toBe('noTarget');
    expect((await patch(g.id, { op: 'remove', path: 'displayName' })).body.scimType).toBe('invalidValue');
    expect((await patch(MISSING, { op: 'add', path: 'members', value: [] })).status).toBe(404);
    expect((await env.ws.scim.get('/Groups/not-a-uuid')).status).toBe(404);
    expect((await env.ws.scim.post('/Groups', { members: [] })).body).toMatchObject({ status: '400', scimType: 'invalidValue' });
  });
});

describe('listing and filters', () => {
  // A workspace of its own, so totals are exact.
  let lw: TestWorkspace;
  let a: Record<string, any>;
  let b: Record<string, any>;
  let user: User;
  beforeAll(async () => {
    lw = await env.t.workspace();
    user = await createUser(lw);
    a = await createGroup({ displayName: 'Alpha Team', externalId: 'ext-alpha', members: [{ value: user.id }] }, lw);
    b = await createGroup({ displayName: 'beta team', externalId: 'ext-beta' }, lw);
    await createGroup({ displayName: 'Gamma' }, lw);
  });

  test('displayName eq is case-insensitive; externalId, id, members.value, meta.resourceType', async () => {
    const idsOf = async (path: string) => (await lw.scim.get(path)).body.Resources.map((r: { id: string }) => r.id);
    expect(await idsOf(q('displayName eq "ALPHA TEAM"'))).toEqual([a.id]);
    expect(await idsOf(q('externalId eq "ext-beta"'))).toEqual([b.id]);
    expect(await idsOf(q(`id eq "${a.id}"`))).toEqual([a.id]);
    expect(await idsOf(q(`members.value eq "${user.id}"`))).toEqual([a.id]);
    expect(await idsOf(q(`members[value eq "${user.id}"]`))).toEqual([a.id]);
    expect(await idsOf(q(`not (members pr)`))).toHaveLength(2);
    expect(await idsOf(q('displayName co "team" and meta.resourceType eq "Group"'))).toEqual([a.id, b.id]);
    // Entra's keep-alive / Test Connection: a group that does not exist is an empty 200.
    const none = await lw.scim.get(q('displayName eq "3b1ad0c4-7a51-4e0c-9a55-0d6e7f2b9a11"', '&excludedAttributes=members'));
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({ totalResults: 0, Resources: [] });
    expect((await lw.scim.get(q('userName eq "x"'))).body).toMatchObject({ status: '400', scimType: 'invalidFilter' });
  });

  test('excludedAttributes=members does not load members at all', async () => {
    const spy = jest.spyOn(env.t.app.services.groups, 'memberSummaries');
    try {
      const list = await lw.scim.get(q('displayName eq "Alpha Team"', '&excludedAttributes=members'));
      expect(list.body.Resources[0]).not.toHaveProperty('members');
      const one = await lw.scim.get(`/Groups/${a.id}?excludedAttributes=members`);
      expect(one.body).not.toHaveProperty('members');
      const names = await lw.scim.get('/Groups?attributes=displayName');
      expect(names.body.Resources[0]).toEqual({ schemas: [GROUP], id: a.id, displayName: 'Alpha Team' });
      expect(spy).not.toHaveBeenCalled();
      await lw.scim.get(`/Groups/${a.id}`);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  test('paging, sorting and POST /Groups/.search', async () => {
    const page = await lw.scim.get('/Groups?startIndex=2&count=1&sortBy=displayName&sortOrder=descending');
    expect(page.body).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 1 });
    expect(page.body.Resources[0].id).toBe(b.id);
    const search = await lw.scim.post('/Groups/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'displayName sw "alpha"', excludedAttributes: ['members'] });
    expect(search.status).toBe(200);
    expect(search.body.Resources).toEqual([expect.objectContaining({ id: a.id, displayName: 'Alpha Team' })]);
    expect(search.body.Resources[0]).not.toHaveProperty('members');
  });
});

describe('uniqueness and isolation', () => {
  test('displayName (any case) and externalId are unique per workspace: 409 uniqueness, nothing changes', async () => {
    const g = await createGroup({ displayName: 'Finance', externalId: 'ext-finance' });
    const dupName = await env.ws.scim.post('/Groups', { displayName: 'FINANCE' });
    expect(dupName.status).toBe(409);
    expect(dupName.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    expect(dupName.body.detail).toContain('displayName');
    const dupExt = await env.ws.scim.post('/Groups', { displayName: 'Finance 2', externalId: 'ext-finance' });
    expect(dupExt.status).toBe(409);
    expect(dupExt.body.detail).toContain('externalId');
    const other = await createGroup({ displayName: 'Legal' });
    const user = await createUser();
    const rename = await patch(other.id, { op: 'add', path: 'members', value: [{ value: user.id }] }, { op: 'replace', path: 'displayName', value: 'finance' });
    expect(rename.status).toBe(409);
    expect(await members(other.id)).toEqual([]);
    expect((await env.ws.scim.get(`/Groups/${other.id}`)).body.displayName).toBe('Legal');
    // Another workspace may use the same names.
    const elsewhere = await env.t.workspace();
    expect((await elsewhere.scim.post('/Groups', { displayName: 'Finance', externalId: 'ext-finance' })).status).toBe(201);
    expect(g.displayName).toBe('Finance');
  });

  test("another workspace's user cannot be added (400 invalidValue, nothing changes); its groups are invisible", async () => {
    const mine = await createGroup();
    const other = await env.t.workspace();
    const stranger = await createUser(other);
    const theirs = await createGroup({ members: [{ value: stranger.id }] }, other);

    const add = await patch(mine.id, { op: 'Add', path: 'members', value: [{ value: stranger.id }] });
    expect(add.status).toBe(400);
    expect(add.body.scimType).toBe('invalidValue');
    expect(await members(mine.id)).toEqual([]);
    expect((await env.ws.scim.post('/Groups', { displayName: 'with stranger', members: [{ value: stranger.id }] })).status).toBe(400);

    expect((await env.ws.scim.get(`/Groups/${theirs.id}`)).status).toBe(404);
    expect((await patch(theirs.id, { op: 'remove', path: 'members' })).status).toBe(404);
    expect((await env.ws.scim.delete(`/Groups/${theirs.id}`)).status).toBe(404);
    expect((await env.ws.scim.get(q(`members.value eq "${stranger.id}"`))).body.totalResults).toBe(0);
    expect(await members(theirs.id, other)).toEqual([stranger.id]);
  });
});

describe('deletes and the provisioning log', () => {
  test('deleting a user removes their memberships, and the log says from how many groups', async () => {
    const [u, v] = [await createUser(), await createUser()];
    const g1 = await createGroup({ members: [{ value: u.id }, { value: v.id }] });
    const g2 = await createGroup({ members: [{ value: u.id }] });
    const g3 = await createGroup({ members: [{ value: v.id }] });
    const versions = async () => Promise.all([g1, g2, g3].map(async (g) => (await env.ws.scim.get(`/Groups/${g.id}`)).headers.etag));
    expect(await versions()).toEqual(['W/"1"', 'W/"1"', 'W/"1"']);
    expect((await env.ws.scim.delete(`/Users/${u.id}`)).status).toBe(204);
    expect(await members(g1.id)).toEqual([v.id]);
    expect(await members(g2.id)).toEqual([]);
    // The groups they left have a new version (a cached copy is stale); the others keep theirs.
    expect(await versions()).toEqual(['W/"2"', 'W/"2"', 'W/"1"']);
    const [entry] = await logFor(u.id);
    expect(entry).toMatchObject({ operation: 'delete', resourceType: 'User', outcome: 'success', warnings: [{ attribute: 'groups', reason: 'removed from 2 groups' }] });
    const loner = await createUser();
    await env.ws.scim.delete(`/Users/${loner.id}`);
    const [plain] = await logFor(loner.id);
    expect(plain).toMatchObject({ operation: 'delete', warnings: [] });
  });

  test('deleting a group keeps its users; the group is gone', async () => {
    const u = await createUser();
    const g = await createGroup({ members: [{ value: u.id }] });
    expect((await env.ws.scim.delete(`/Groups/${g.id}`)).status).toBe(204);
    expect((await env.ws.scim.get(`/Groups/${g.id}`)).status).toBe(404);
    expect((await env.ws.scim.get(`/Users/${u.id}`)).status).toBe(200);
    expect((await env.ws.scim.delete(`/Groups/${g.id}`)).status).toBe(404);
    const [entry] = await logFor(g.id);
    expect(entry).toMatchObject({ operation: 'delete', resourceType: 'Group', status: 204, detail: '1 membership removed; the people are kept' });
  });

  test('create, patch and refusals are logged with resourceType Group; values never are', async () => {
    const u = await createUser();
    const created = await env.ws.scim.post('/Groups', { displayName: 'Logged', externalId: 'ext-logged', description: 'unknown attribute' });
    const id = created.body.id as string;
    await patch(id, { op: 'add', path: 'members', value: [{ value: u.id }] }, { op: 'replace', path: 'displayName', value: 'Logged 2' });
    await patch(id, { op: 'add', path: 'members', value: [{ value: MISSING }] });
    await patch(id, { op: 'add', path: 'members', value: [{ value: u.id }] }); // no change: no entry
    const entries = (await logFor(id)).reverse();
    expect(entries.map((e) => [e.operation, e.resourceType, e.outcome, e.status])).toEqual([
      ['create', 'Group', 'success', 201],
      ['patch', 'Group', 'success', 204],
      ['patch', 'Group', 'refused', 400],
    ]);
    expect(entries[0]).toMatchObject({ externalId: 'ext-logged', changedAttributes: ['displayName', 'externalId'], warnings: [{ attribute: 'description', reason: 'unknown attribute, ignored' }] });
    expect(entries[1]).toMatchObject({ changedAttributes: ['displayName', 'members'], detail: 'members: 1 added, 0 removed' });
    expect(entries[2]).toMatchObject({ scimType: 'invalidValue' });
    expect(JSON.stringify(entries.slice(0, 2))).not.toContain('Logged 2');
  });
});

describe('concurrency', () => {
  test('concurrent PATCHes of one group all land (the group row serialises them); concurrent creates of one name: one wins', async () => {
    const g = await createGroup();
    const users = await Promise.all(Array.from({ length: 8 }, () => createUser()));
    const results = await Promise.all(users.map((u) => patch(g.id, { op: 'Add', path: 'members', value: [{ $ref: null, value: u.id }] })));
    expect(results.map((r) => r.status)).toEqual(users.map(() => 204));
    expect(await members(g.id)).toEqual(sorted(users.map((u) => u.id)));
    expect((await env.ws.scim.get(`/Groups/${g.id}`)).body.meta.version).toBe('W/"9"');
    const creates = await Promise.all(Array.from({ length: 4 }, () => env.ws.scim.post('/Groups', { displayName: 'Raced' })));
    expect(creates.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
  });
});

describe('GroupService reads (for the directory API)', () => {
  // A workspace of its own: Ann and Cy active, Bob inactive; groups alpha {Ann, Bob, Cy}, Beta {Bob}, Zeta {Ann}.
  let rw: TestWorkspace;
  let ann: User, bob: User, cy: User;
  let alpha: string, beta: string, zeta: string;
  beforeAll(async () => {
    rw = await env.t.workspace();
    ann = await createUser(rw, { displayName: 'Ann Archer' });
    bob = await createUser(rw, { displayName: 'bob Baker' });
    cy = await createUser(rw, { userName: 'cy@corp.example', displayName: undefined });
    expect((await rw.scim.patch(`/Users/${bob.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] })).status).toBe(200);
    zeta = (await createGroup({ displayName: 'Zeta', members: [{ value: ann.id }] }, rw)).id;
    alpha = (await createGroup({ displayName: 'alpha', members: [ann, bob, cy].map((u) => ({ value: u.id })) }, rw)).id;
    beta = (await createGroup({ displayName: 'Beta', members: [{ value: bob.id }] }, rw)).id;
  });
  const groups = () => env.t.app.services.groups;

  test('search: by name ignoring case, member counts active-only unless asked, offset and keyset paging', async () => {
    const first = await groups().search(rw.id, { limit: 2, includeInactive: false });
    expect(first.total).toBe(3);
    expect(first.items.map((i) => [i.group.displayName, i.memberCount])).toEqual([['alpha', 2], ['Beta', 0]]);
    const next = await groups().search(rw.id, { limit: 2, after: first.endCursor, includeInactive: false });
    expect(next.items.map((i) => i.group.id)).toEqual([zeta]);
    expect((await groups().search(rw.id, { limit: 2, offset: 2, includeInactive: true })).items.map((i) => i.group.id)).toEqual([zeta]);
    const all = await groups().search(rw.id, { limit: 10, includeInactive: true });
    expect(all.items.map((i) => i.memberCount)).toEqual([3, 1, 1]);
    const found = await groups().search(rw.id, { limit: 10, search: 'ET', includeInactive: false });
    expect([found.total, found.items.map((i) => i.group.id)]).toEqual([2, [beta, zeta]]);
    expect((await groups().search(rw.id, { limit: 10, search: '%', includeInactive: false })).total).toBe(0);
    expect((await groups().search(rw.id, { limit: 0, includeInactive: false })).items).toEqual([]);
  });

  test('members: by name (displayName, else userName), inactive hidden unless asked, keyset paging', async () => {
    const active = await groups().members(rw.id, alpha, { limit: 10, includeInactive: false });
    expect([active.total, active.items.map((p) => p.id)]).toEqual([2, [ann.id, cy.id]]);
    const everyone = await groups().members(rw.id, alpha, { limit: 2, includeInactive: true });
    expect([everyone.total, everyone.items.map((p) => p.id)]).toEqual([3, [ann.id, bob.id]]);
    const rest = await groups().members(rw.id, alpha, { limit: 2, after: everyone.endCursor, includeInactive: true });
    expect(rest.items.map((p) => p.id)).toEqual([cy.id]);
    expect((await groups().members(env.ws.id, alpha, { limit: 10, includeInactive: true })).total).toBe(0); // another workspace
  });

  test("groupsOf, memberCounts, byIds and get are scoped to the workspace", async () => {
    const ofAnn = await groups().groupsOf(rw.id, ann.id, { limit: 1 });
    expect([ofAnn.total, ofAnn.items.map((g) => g.id)]).toEqual([2, [alpha]]);
    expect((await groups().groupsOf(rw.id, ann.id, { limit: 1, after: ofAnn.endCursor })).items.map((g) => g.id)).toEqual([zeta]);
    expect((await groups().groupsOf(env.ws.id, ann.id, { limit: 5 })).total).toBe(0);
    const counts = await groups().memberCounts(rw.id, [alpha, beta, MISSING], { includeInactive: false });
    expect(Object.fromEntries(counts)).toEqual({ [alpha]: 2, [beta]: 0, [MISSING]: 0 });
    expect((await groups().byIds(rw.id, [alpha, 'nope', MISSING])).map((g) => g.id)).toEqual([alpha]);
    expect(await groups().byIds(env.ws.id, [alpha])).toEqual([]);
    expect((await groups().get(rw.id, beta)).displayName).toBe('Beta');
    await expect(groups().get(env.ws.id, beta)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(groups().search(rw.id, { limit: 5, after: 'garbage', includeInactive: false })).rejects.toMatchObject({ code: 'INVALID_VALUE' });
    await expect(groups().members(rw.id, alpha, { limit: 5000, includeInactive: false })).rejects.toMatchObject({ code: 'INVALID_VALUE' });
  });
});

describe('a large group', () => {
  // Statement-level triggers (in this test's own database) count the rows each statement writes,
  // so the assertions are exact; pg_stat_user_tables is flushed by the app's backends on their own
  // schedule (up to ~10 s later) and would make this slow or flaky.
  beforeAll(async () => {
    const conn = env.t.orm.em.getConnection();
    await conn.execute(`CREATE TABLE member_writes (seq serial, op text, n int)`);
    await conn.execute(`CREATE FUNCTION count_member_writes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN INSERT INTO member_writes (op, n) SELECT 'delete', count(*) FROM old_rows;
        ELSE INSERT INTO member_writes (op, n) SELECT lower(TG_OP), count(*) FROM new_rows; END IF;
        RETURN NULL;
      END $$`);
    await conn.execute(`CREATE TRIGGER gm_ins AFTER INSERT ON group_member REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_member_writes()`);
    await conn.execute(`CREATE TRIGGER gm_upd AFTER UPDATE ON group_member REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_member_writes()`);
    await conn.execute(`CREATE TRIGGER gm_del AFTER DELETE ON group_member REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION count_member_writes()`);
  });

  const writes = async () => {
    const conn = env.t.orm.em.getConnection();
    const rows = await conn.execute<{ op: string; n: number }[]>('SELECT op, n FROM member_writes ORDER BY seq');
    await conn.execute('TRUNCATE member_writes');
    return rows.map((r) => `${r.op} ${r.n}`);
  };

  test('adding 100 members to a 3,000-member group writes 100 rows; removing and replacing touch only the changed rows', async () => {
    const big = await env.t.workspace();
    const conn = env.t.orm.em.getConnection();
    // 3,150 people in one statement (the SCIM path for people is tested elsewhere).
    await conn.execute(
      `INSERT INTO person (id, workspace_id, user_name, display_name, scim)
       SELECT gen_random_uuid(), ?, 'bulk' || i || '@corp.example', 'Bulk ' || i, jsonb_build_object('userName', 'bulk' || i || '@corp.example')
         FROM generate_series(1, 3150) AS i`,
      [big.id],
    );
    const people = (await conn.execute<{ id: string }[]>(`SELECT id FROM person WHERE workspace_id = ? ORDER BY user_name`, [big.id])).map((r) => r.id);
    const [initial, extra, later] = [people.slice(0, 3000), people.slice(3000, 3100), people.slice(3100)];

    const created = await big.scim.post('/Groups', { displayName: 'Everyone', members: initial.map((value) => ({ value })) });
    expect(created.status).toBe(201);
    expect(created.body.members).toHaveLength(3000);
    const id = created.body.id as string;
    expect(await writes()).toEqual(['insert 3000']);
    const before = await conn.execute<{ person_id: string; ctid: string; xmin: string; created_at: Date }[]>(
      `SELECT person_id, ctid::text, xmin::text, created_at FROM group_member WHERE group_id = ? ORDER BY person_id`,
      [id],
    );

    const add = (ids: string[]) => big.scim.patch(`/Groups/${id}`, { schemas: [PATCH], Operations: [{ op: 'Add', path: 'members', value: ids.map((value) => ({ $ref: null, value })) }] });
    expect((await add(extra)).status).toBe(204);
    expect(await writes()).toEqual(['insert 100']);
    // The 3,000 rows that were there are physically untouched: same tuple, same inserting transaction.
    const untouched = await conn.execute<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM group_member gm JOIN (SELECT * FROM unnest(?::text[], ?::text[]) AS b(ctid, xmin)) b ON gm.ctid::text = b.ctid AND gm.xmin::text = b.xmin WHERE gm.group_id = ?`,
      [`{${before.map((r) => `"${r.ctid}"`).join(',')}}`, `{${before.map((r) => r.xmin).join(',')}}`, id],
    );
    expect(untouched[0].n).toBe(3000);
    const counts = await conn.execute<{ n: number; first: Date }[]>(`SELECT count(*)::int AS n, min(created_at) AS first FROM group_member WHERE group_id = ?`, [id]);
    expect(counts[0]).toEqual({ n: 3100, first: before[0].created_at });

    // Re-adding everyone who is already there writes nothing.
    expect((await add([...extra.slice(0, 10), ...initial.slice(0, 10)])).status).toBe(204);
    expect(await writes()).toEqual(['insert 0']);

    // Entra's Remove by value list, Okta's filter form, and a replace that changes two members.
    expect((await big.scim.patch(`/Groups/${id}`, { schemas: [PATCH], Operations: [{ op: 'Remove', path: 'members', value: [{ value: initial[0] }, { value: initial[1] }] }] })).status).toBe(204);
    expect(await writes()).toEqual(['delete 2']);
    expect((await big.scim.patch(`/Groups/${id}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${initial[2]}"]` }] })).status).toBe(204);
    expect(await writes()).toEqual(['delete 1']);
    const target = [...initial.slice(3), ...extra.slice(2), ...later.slice(0, 2)];
    const replaced = await big.scim.patch(`/Groups/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'members', value: target.map((value) => ({ value })) }] });
    expect(replaced.status).toBe(204);
    expect(await writes()).toEqual(['delete 2', 'insert 2']);
    const total = await conn.execute<{ n: number }[]>(`SELECT count(*)::int AS n FROM group_member WHERE group_id = ?`, [id]);
    expect(total[0].n).toBe(target.length);
    expect((await big.scim.get(`/Groups/${id}`)).body.meta.version).toBe('W/"5"');
  });
});
