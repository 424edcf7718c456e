// Replays every recorded Entra and Okta user request in ../shared/fixtures/idp-requests against the
// real app and database, and checks what the identity provider depends on in each answer.
// (Group fixtures are replayed in scim-groups.test.ts; the coverage check at the end covers both.)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixture, loadFixtures } from './support/fixtures';
import { createTestApp, TestApp, TestWorkspace } from './support/test-app';

let t: TestApp;
let ws: TestWorkspace;
const covered = new Set<string>();

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace();
});
afterAll(async () => t.close());

/** The recorded path with its (other server's) id swapped for ours. */
const pathWithId = (recorded: string, id: string) => recorded.replace(/\/Users\/[^/?]+/, `/Users/${id}`);

function expectScimJson(res: { headers: Record<string, string> }): void {
  expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
}

describe('Entra', () => {
  test('Test Connection query for a user that does not exist: 200 with an empty list', async () => {
    const f = fixture('entra/get_user_query_0.json');
    covered.add(f.file);
    const res = await ws.scim.get(f.path);
    expect(res.status).toBe(200);
    expectScimJson(res);
    expect(res.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
  });

  test('create, find by userName, get, then the recorded PATCH', async () => {
    const create = fixture('entra/create_user.json');
    covered.add(create.file);
    const created = await ws.scim.post(create.path, create.request);
    expect(created.status).toBe(201);
    expectScimJson(created);
    const id = created.body.id as string;
    expect(created.headers.location).toBe(`https://orgraph.test/scim/v2/Users/${id}`);
    expect(created.headers.etag).toBe('W/"1"');
    expect(created.body).toMatchObject({
      externalId: create.request!.externalId,
      userName: create.request!.userName,
      active: true,
      name: create.request!.name,
      emails: create.request!.emails,
      meta: { resourceType: 'User', location: `https://orgraph.test/scim/v2/Users/${id}`, version: 'W/"1"' },
    });

    // The recorded query names another user; run it against ours the same way (form-encoded filter).
    const query = fixture('entra/get_user_query_resp.json');
    covered.add(query.file);
    const recordedName = (query.response!.Resources as { userName: string }[])[0].userName;
    const found = await ws.scim.get(query.path.replace(encodeURIComponent(recordedName), encodeURIComponent(create.request!.userName as string)));
    expect(found.status).toBe(200);
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].id).toBe(id);

    const get = fixture('entra/get_user_resp.json');
    covered.add(get.file);
    const got = await ws.scim.get(pathWithId(get.path, id));
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created.body);

    const patch = fixture('entra/update_user.json');
    covered.add(patch.file);
    const patched = await ws.scim.patch(pathWithId(patch.path, id), patch.request);
    expect(patched.status).toBe(200);
    expect(patched.headers.etag).toBe('W/"2"');
    const expected = patch.response!;
    expect(patched.body).toMatchObject({
      id,
      userName: expected.userName,
      active: false,
      name: { familyName: 'updatedFamilyName', givenName: 'givenName' },
      emails: [{ value: 'updatedEmail@microsoft.com', type: 'work', primary: true }],
    });
    // Deactivated users are still returned by GET and by filters (Entra depends on it).
    const again = await ws.scim.get(`/Users?filter=${encodeURIComponent(`userName eq "${expected.userName}"`)}`);
    expect(again.body.totalResults).toBe(1);
    expect(again.body.Resources[0].active).toBe(false);
  });
});

describe('Okta', () => {
  test('existence check, create (password never stored or echoed), retrieve, full PUT, PATCH deactivate', async () => {
    const exists = fixture('okta/user_exists.json');
    covered.add(exists.file);
    const none = await ws.scim.get(exists.path);
    expect(none.status).toBe(200);
    expect(none.body.totalResults).toBe(0);
    expect(none.body.startIndex).toBe(1);
    expect(typeof none.body.itemsPerPage).toBe('number');

    const create = fixture('okta/create_user.json');
    covered.add(create.file);
    const created = await ws.scim.post(create.path, create.request).set('Content-Type', 'application/json');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ userName: 'test.user@okta.local', displayName: 'Test User', locale: 'en-US', externalId: '00ujl29u0le5T6Aj10h7', active: true });
    expect(JSON.stringify(created.body)).not.toContain('1mz050nq');
    expect(created.body.password).toBeUndefined();
    const stored = await t.orm.em.fork().getConnection().execute('SELECT scim::text AS doc FROM person WHERE id = ?', [created.body.id]);
    expect(stored[0].doc).not.toContain('1mz050nq');
    const id = created.body.id as string;

    const found = await ws.scim.get(exists.path);
    expect(found.body.totalResults).toBe(1);
    // Okta's spec test: userName matching is case-insensitive.
    const upper = await ws.scim.get(`/Users?filter=${encodeURIComponent('userName eq "TEST.USER@OKTA.LOCAL"')}`);
    expect(upper.body.totalResults).toBe(1);

    const retrieve = fixture('okta/retrieve_user.json');
    covered.add(retrieve.file);
    const got = await ws.scim.get(pathWithId(retrieve.path, id));
    expect(got.status).toBe(200);
    expect(got.body.id).toBe(id);

    const put = fixture('okta/update_user.json');
    covered.add(put.file);
    const replaced = await ws.scim.put(pathWithId(put.path, id), { ...put.request, id });
    expect(replaced.status).toBe(200);
    expect(replaced.body.name).toEqual({ givenName: 'Another', middleName: 'Excited', familyName: 'User' });
    // A full PUT replaces: displayName and locale were not in it, so they are gone.
    expect(replaced.body.displayName).toBeUndefined();
    expect(replaced.body.locale).toBeUndefined();

    const patch = fixture('okta/update_user_patch.json');
    covered.add(patch.file);
    const deactivated = await ws.scim.patch(pathWithId(patch.path, id), patch.request);
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.active).toBe(false);

    const duplicate = await ws.scim.post(create.path, create.request);
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
  });
});

test('every recorded request is replayed: users here, groups in scim-groups.test.ts', () => {
  const all = loadFixtures();
  const userFixtures = all.filter((f) => !/group/i.test(f.name)).map((f) => f.file);
  expect([...covered].sort()).toEqual(userFixtures.sort());
  // That file runs in another jest worker, so its replays are counted from its source: each group
  // fixture must be loaded there with fixture('…'), and nothing else may be.
  const groupsTest = readFileSync(path.join(__dirname, 'scim-groups.test.ts'), 'utf8');
  const loadedThere = new Set([...groupsTest.matchAll(/fixture\('([^']+)'\)/g)].map((m) => m[1]));
  expect([...loadedThere].sort()).toEqual(all.filter((f) => /group/i.test(f.name)).map((f) => f.file).sort());
});
