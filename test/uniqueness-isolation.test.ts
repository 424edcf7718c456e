// Uniqueness (also under concurrent identical POSTs) and workspace isolation.
import { createTestApp, TestApp, TestWorkspace } from './support/test-app';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

beforeAll(async () => {
  t = await createTestApp();
  a = await t.workspace();
  b = await t.workspace();
});
afterAll(async () => t.close());

describe('uniqueness', () => {
  test('userName is unique ignoring case; externalId is unique; both answer 409 uniqueness', async () => {
    expect((await a.scim.post('/Users', { userName: 'Unique.Person@corp.example', externalId: 'u-1' })).status).toBe(201);
    const sameName = await a.scim.post('/Users', { userName: 'unique.person@CORP.example', externalId: 'u-2' });
    expect(sameName.status).toBe(409);
    expect(sameName.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '409',
      scimType: 'uniqueness',
      detail: expect.stringContaining('userName'),
    });
    const sameExternal = await a.scim.post('/Users', { userName: 'other@corp.example', externalId: 'u-1' });
    expect(sameExternal.status).toBe(409);
    expect(sameExternal.body.detail).toContain('externalId');
    // A PATCH or PUT into someone else's userName is refused the same way, and changes nothing.
    const second = await a.scim.post('/Users', { userName: 'second@corp.example', externalId: 'u-3', title: 'Keep' });
    const clash = await a.scim.patch(`/Users/${second.body.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'replace', path: 'title', value: 'Changed' },
        { op: 'replace', path: 'userName', value: 'UNIQUE.PERSON@corp.example' },
      ],
    });
    expect(clash.status).toBe(409);
    const after = await a.scim.get(`/Users/${second.body.id}`);
    expect(after.body.title).toBe('Keep');
    expect(after.headers.etag).toBe('W/"1"');
  });

  test('the same values in another workspace are fine', async () => {
    expect((await b.scim.post('/Users', { userName: 'Unique.Person@corp.example', externalId: 'u-1' })).status).toBe(201);
  });

  test('concurrent identical POSTs: exactly one wins, the others get 409, one row exists', async () => {
    const body = { userName: 'race@corp.example', externalId: 'race-1', displayName: 'Race' };
    const results = await Promise.all(Array.from({ length: 12 }, () => a.scim.post('/Users', body)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(11);
    const rows = await t.orm.em.fork().getConnection().execute(`SELECT count(*)::int AS n FROM person WHERE workspace_id = ? AND external_id = 'race-1'`, [a.id]);
    expect(rows[0].n).toBe(1);
    // Refusals are in the provisioning log.
    const log = await t.app.services.provisioningLog.recent(a.id, 200);
    expect(log.filter((e) => e.externalId === 'race-1' && e.outcome === 'refused' && e.status === 409)).toHaveLength(11);
  });

  test('a retried create after a lost answer is not wedged: the filter Entra runs next finds the user', async () => {
    const body = { userName: 'retry@corp.example', externalId: 'retry-1' };
    const first = await a.scim.post('/Users', body);
    const retry = await a.scim.post('/Users', body);
    expect(retry.status).toBe(409);
    const match = await a.scim.get(`/Users?filter=${encodeURIComponent('externalId eq "retry-1"')}`);
    expect(match.body.Resources[0].id).toBe(first.body.id);
  });
});

describe('workspace isolation', () => {
  test("no SCIM request of one workspace reads or changes another's people", async () => {
    const theirs = await b.scim.post('/Users', { userName: 'private@b.example', externalId: 'b-private', title: 'Secret' });
    const id = theirs.body.id;
    expect((await a.scim.get(`/Users/${id}`)).status).toBe(404);
    expect((await a.scim.put(`/Users/${id}`, { userName: 'stolen@a.example' })).status).toBe(404);
    expect(
      (await a.scim.patch(`/Users/${id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'title', value: 'x' }] }))
        .status,
    ).toBe(404);
    expect((await a.scim.delete(`/Users/${id}`)).status).toBe(404);
    const filtered = await a.scim.get(`/Users?filter=${encodeURIComponent('externalId eq "b-private" or userName eq "private@b.example"')}`);
    expect(filtered.body.totalResults).toBe(0);
    const all = await a.scim.get('/Users?count=1000');
    expect(all.body.Resources.map((r: { id: string }) => r.id)).not.toContain(id);
    const untouched = await b.scim.get(`/Users/${id}`);
    expect(untouched.body).toMatchObject({ userName: 'private@b.example', title: 'Secret' });
    expect(untouched.headers.etag).toBe('W/"1"');
  });

  test("an admin cannot list or revoke another workspace's SCIM tokens", async () => {
    const mine = await a.graphql('{ provisioningSettings { tokens { id } } }');
    const theirs = await b.graphql('{ provisioningSettings { tokens { id } } }');
    const myIds = mine.body.data.provisioningSettings.tokens.map((x: { id: string }) => x.id);
    const theirIds = theirs.body.data.provisioningSettings.tokens.map((x: { id: string }) => x.id);
    expect(myIds.some((x: string) => theirIds.includes(x))).toBe(false);
    const revoke = await a.graphql('mutation($id: ID!) { revokeScimToken(id: $id) }', { id: theirIds[0] });
    expect(revoke.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect((await b.scim.get('/Users')).status).toBe(200);
  });
});
