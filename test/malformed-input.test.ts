// No input produces a 5xx: malformed bodies, paths, filters, ids and parameters get a clear 4xx SCIM
// error, and a refused write changes nothing.
import { createTestApp, TestApp, TestWorkspace } from './support/test-app';

let t: TestApp;
let ws: TestWorkspace;
let userId: string;

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace();
  userId = (await ws.scim.post('/Users', { userName: 'victim@corp.example', externalId: 'victim', title: 'Original' })).body.id;
});
afterAll(async () => t.close());

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

async function snapshot(): Promise<string> {
  const rows = await t.orm.em.fork().getConnection().execute(`SELECT id, version, scim::text AS s FROM person WHERE workspace_id = ? ORDER BY id`, [ws.id]);
  return JSON.stringify(rows);
}

function expectScimError(res: { status: number; body: any }, status: number, scimType?: string): void {
  expect(res.status).toBe(status);
  expect(res.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
  expect(res.body.status).toBe(String(status));
  expect(typeof res.body.detail).toBe('string');
  if (scimType) expect(res.body.scimType).toBe(scimType);
}

test.each([
  ['not JSON', '{"userName": ', 'invalidSyntax'],
  ['a JSON array', '[]', 'invalidSyntax'],
  ['a JSON string', '"hello"', 'invalidSyntax'],
  ['an empty object', '{}', 'invalidValue'],
  ['userName as a number-less object', '{"userName": {"a": 1}}', 'invalidValue'],
  ['userName empty', '{"userName": "  "}', 'invalidValue'],
  ['active not a boolean', '{"userName": "x1@corp.example", "active": "maybe"}', 'invalidValue'],
  ['emails as a boolean', '{"userName": "x2@corp.example", "emails": true}', 'invalidValue'],
  ['a NUL character', '{"userName": "x5\\u0000@corp.example"}', 'invalidValue'],
  ['name as a string', '{"userName": "x3@corp.example", "name": "Full Name"}', 'invalidValue'],
  ['extension as a string', '{"userName": "x4@corp.example", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": "x"}', 'invalidSyntax'],
])('POST with %s → 400 %s, nothing written', async (_name, raw, scimType) => {
  const before = await snapshot();
  const res = await t.http.post('/scim/v2/Users').set('Authorization', `Bearer ${ws.scimToken}`).set('Content-Type', 'application/scim+json').send(raw);
  expectScimError(res, 400, scimType);
  expect(await snapshot()).toBe(before);
});

test('an empty POST body is an error (Okta)', async () => {
  const res = await t.http.post('/scim/v2/Users').set('Authorization', `Bearer ${ws.scimToken}`);
  expectScimError(res, 400);
});

test.each([
  ['no Operations', { schemas: [PATCH] }, 'invalidSyntax'],
  ['Operations not a list', { Operations: { op: 'add' } }, 'invalidSyntax'],
  ['an unknown op', { Operations: [{ op: 'merge', path: 'title', value: 'x' }] }, 'invalidSyntax'],
  ['remove without a path', { Operations: [{ op: 'remove' }] }, 'noTarget'],
  ['an unparseable path', { Operations: [{ op: 'replace', path: 'emails[type eq', value: 'x' }] }, 'invalidPath'],
  ['a path of garbage', { Operations: [{ op: 'replace', path: '!!!', value: 'x' }] }, 'invalidPath'],
  ['a read-only id', { Operations: [{ op: 'replace', path: 'id', value: 'other' }] }, 'mutability'],
  ['path-less add with a non-object', { Operations: [{ op: 'add', value: 'x' }] }, 'invalidSyntax'],
  ['a bad boolean', { Operations: [{ op: 'replace', path: 'active', value: 'sometimes' }] }, 'invalidValue'],
  ['an empty userName', { Operations: [{ op: 'replace', path: 'userName', value: '' }] }, 'invalidValue'],
])('PATCH with %s → 400 %s; the earlier ops of the same request are not applied', async (_name, body, scimType) => {
  const before = await snapshot();
  const ops = (body as { Operations?: unknown }).Operations;
  const withEarlierOp = Array.isArray(ops) ? { ...body, Operations: [{ op: 'replace', path: 'title', value: 'Changed' }, ...ops] } : body;
  const res = await ws.scim.patch(`/Users/${userId}`, withEarlierOp);
  expectScimError(res, 400, scimType);
  expect(await snapshot()).toBe(before);
});

test.each([
  ['not-a-uuid'],
  ['00000000-0000-0000-0000-000000000000'],
  ["1' OR '1'='1"],
  ['%00'],
  ['a'.repeat(500)],
])('unknown or malformed id %s → 404 for every method', async (id) => {
  const path = `/Users/${encodeURIComponent(id)}`;
  for (const res of [
    await ws.scim.get(path),
    await ws.scim.put(path, { userName: 'y@corp.example' }),
    await ws.scim.patch(path, { Operations: [{ op: 'replace', path: 'title', value: 'x' }] }),
    await ws.scim.delete(path),
  ]) {
    expectScimError(res, 404);
  }
});

test.each([
  ['filter=', 200],
  [`filter=${encodeURIComponent('userName eq')}`, 400],
  [`filter=${encodeURIComponent('nosuch eq "x"')}`, 400],
  [`filter=${encodeURIComponent('userName xx "x"')}`, 400],
  [`filter=${encodeURIComponent('(userName eq "x"')}`, 400],
  [`filter=${encodeURIComponent('emails[type eq "work"')}`, 400],
  [`filter=${encodeURIComponent('meta.created gt "yesterday"')}`, 400],
  [`filter=${encodeURIComponent('active gt true')}`, 400],
  [`filter=${encodeURIComponent('id eq "not-a-uuid"')}`, 200],
  [`filter=${encodeURIComponent('userName eq "\\u0000"')}`, 400],
  [`filter=${encodeURIComponent('x'.repeat(5000))}`, 400],
  ['filter=a&filter=b', 400],
  ['startIndex=abc', 400],
  ['count=-5', 200],
  ['count=99999999999999999999', 200],
  ['startIndex=0', 200],
  ['sortBy=nosuch', 400],
  ['sortBy=userName&sortOrder=sideways', 400],
  ['attributes=nosuch,,', 200],
])('GET /Users?%s → %s, never 5xx', async (query, status) => {
  const res = await ws.scim.get(`/Users?${query}`);
  expect(res.status).toBe(status);
  if (status === 400) expectScimError(res, 400);
  else expect(res.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
});

test('random garbage bodies on every write endpoint never produce a 5xx', async () => {
  const bodies = ['', 'null', 'true', '0', '{"Operations":[null]}', '{"Operations":[{"op":null}]}', '{"Operations":[{"op":"add","path":5}]}',
    '{"userName":"z@corp.example","emails":[null,{"value":null},{"value":{"x":1}}]}', '{"userName":"z2@corp.example","addresses":[{"locality":["a"]}]}',
    '{"userName":"z3@corp.example","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":[1,2]}}', '{"schemas":5,"userName":"z4@corp.example","meta":"x","id":7}',
    '{"Operations":[{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","value":"x"}]}', '{"Operations":[{"op":"replace","path":"emails[value eq \\"a\\"]","value":{"value":null}}]}'];
  for (const raw of bodies) {
    for (const [method, path] of [['post', '/scim/v2/Users'], ['put', `/scim/v2/Users/${userId}`], ['patch', `/scim/v2/Users/${userId}`], ['post', '/scim/v2/Users/.search']] as const) {
      const res = await t.http[method](path).set('Authorization', `Bearer ${ws.scimToken}`).set('Content-Type', 'application/scim+json').send(raw);
      expect({ method, path, raw, status: res.status < 500 }).toEqual({ method, path, raw, status: true });
    }
  }
});

test('an oversized body is refused with 413', async () => {
  const res = await ws.scim.post('/Users', { userName: 'big@corp.example', title: 'x'.repeat(2_000_000) });
  expectScimError(res, 413);
});
