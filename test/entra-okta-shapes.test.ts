// Every request shape described in ../shared/docs/ENTRA_SCIM.md, sent over HTTP to the real app.
import { appAndWorkspacePerFile } from './support/test-app';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const HAY = 'urn:ietf:params:scim:schemas:extension:haystack:1.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const env = appAndWorkspacePerFile();
let n = 0;

const q = (filter: string) => `/Users?filter=${encodeURIComponent(filter)}`;

async function createUser(extra: Record<string, unknown> = {}): Promise<Record<string, any>> {
  n += 1;
  const res = await env.ws.scim.post('/Users', { schemas: [CORE], userName: `user${n}@corp.example`, externalId: `ext-${n}`, ...extra });
  expect(res.status).toBe(201);
  return res.body;
}

async function logFor(resourceId: string) {
  return env.t.app.services.provisioningLog.recent(env.ws.id, 500).then((all) => all.filter((e) => e.resourceId === resourceId));
}

describe('Entra create shapes', () => {
  test('extension data whose URN is missing from schemas is kept; location and join date land', async () => {
    const body = await createUser({
      schemas: [CORE, ENT],
      active: true,
      emails: [{ primary: true, type: 'work', value: 'someone@corp.example' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'Given Family', familyName: 'Family', givenName: 'Given' },
      roles: [],
      [HAY]: { managerExternalId: 'not-yet-here', locality: 'Berlin', joinDate: '2024-03-01' },
    });
    expect(body[HAY]).toEqual({ managerExternalId: 'not-yet-here', locality: 'Berlin', joinDate: '2024-03-01' });
    expect(body.schemas).toEqual([CORE, HAY]);
  });

  test('misspelled enterprise URN, attribute names in other letter case, "manager": null', async () => {
    const body = await createUser({
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0User': { Department: 'Sales', manager: null, EmployeeNumber: '42' },
      Emails: [{ Primary: 'True', Type: 'work', Value: 'Case@Corp.example' }],
      DisplayName: 'Case Person',
    });
    expect(body[ENT]).toEqual({ department: 'Sales', employeeNumber: '42' });
    expect(body.emails).toEqual([{ primary: true, type: 'work', value: 'Case@Corp.example' }]);
    expect(body.displayName).toBe('Case Person');
    // Stored in the indexed columns too: filterable by the enterprise attribute.
    const found = await env.ws.scim.get(q(`${ENT}:department eq "sales" and displayName eq "case person"`));
    expect(found.body.Resources.map((r: { id: string }) => r.id)).toEqual([body.id]);
  });

  test('enterprise manager as string, object or array is stored; always returned as an object', async () => {
    const boss = await createUser({ displayName: 'The Boss' });
    for (const manager of [boss.id, { value: boss.id }, [{ $ref: null, value: boss.id }]]) {
      const body = await createUser({ [ENT]: { manager } });
      expect(body[ENT].manager).toEqual({ value: boss.id, $ref: `https://orgraph.test/scim/v2/Users/${boss.id}`, displayName: 'The Boss' });
    }
  });

  test('roles arriving as a JSON-encoded string inside value are accepted', async () => {
    const body = await createUser({ roles: [{ primary: 'False', type: 'WindowsAzureActiveDirectoryRole', value: '{"id":"r1","displayName":"Reader"}' }] });
    expect(body.roles).toEqual([{ primary: false, type: 'WindowsAzureActiveDirectoryRole', value: '{"id":"r1","displayName":"Reader"}' }]);
  });

  test('Test Connection: a filter on a random GUID answers 200 with an empty list, also with ?aadOptscim062020', async () => {
    for (const path of [q('externalId eq "3b1ad0c4-7a51-4e0c-9a55-0d6e7f2b9a11"'), `/Users?aadOptscim062020&filter=${encodeURIComponent('userName eq "nobody"')}`]) {
      const res = await env.ws.scim.get(path);
      expect(res.status).toBe(200);
      expect(res.body.totalResults).toBe(0);
      expect(res.body.Resources).toEqual([]);
    }
    const base = await env.ws.scim.get('?aadOptscim062020');
    expect(base.status).toBe(200);
  });

  test('unquoted filter values (externalId eq jyoung) work', async () => {
    const body = await createUser({ externalId: 'jyoung' });
    const res = await env.ws.scim.get(`/Users?filter=${encodeURIComponent('externalId eq jyoung')}`);
    expect(res.body.Resources.map((r: { id: string }) => r.id)).toEqual([body.id]);
  });
});

describe('Entra PATCH shapes', () => {
  test('without the flag: capitalised ops, one per attribute, "False", value-filter paths that create entries', async () => {
    const user = await createUser({ emails: [{ type: 'work', value: 'old@corp.example', primary: true }], name: { givenName: 'G', familyName: 'F' } });
    const res = await env.ws.scim.patch(`/Users/${user.id}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@corp.example' },
        { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
        { op: 'Replace', path: `${ENT}:employeeNumber`, value: 'Eqpj' },
        { op: 'Replace', path: `${HAY}:managerExternalId`, value: '8f1c-missing' },
        { op: 'Replace', path: 'active', value: 'False' },
        { op: 'Add', path: 'addresses[type eq "work"].locality', value: 'Lisbon' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      active: false,
      name: { givenName: 'G', familyName: 'updatedFamilyName' },
      emails: [{ type: 'work', value: 'updatedEmail@corp.example', primary: true }],
      addresses: [{ type: 'work', locality: 'Lisbon' }],
      [ENT]: { employeeNumber: 'Eqpj' },
      [HAY]: { managerExternalId: '8f1c-missing' },
    });
    // The work address gives the location when the extension has none.
    const rows = await env.t.orm.em.fork().getConnection().execute('SELECT locality, active, manager_ref FROM person WHERE id = ?', [user.id]);
    expect(rows[0]).toEqual({ locality: 'Lisbon', active: false, manager_ref: '8f1c-missing' });
    const entries = await logFor(user.id);
    expect(entries[0]).toMatchObject({ operation: 'patch', outcome: 'success', status: 200 });
    expect(entries[0].changedAttributes).toEqual(
      ['active', 'addresses', 'emails', 'name', `${ENT}:employeeNumber`, `${HAY}:managerExternalId`].sort(),
    );
  });

  test('with aadOptscim062020: lower-case op, path-less value with dotted and URN keys', async () => {
    const user = await createUser();
    const res = await env.ws.scim.patch(`/Users/${user.id}?aadOptscim062020`, {
      schemas: [PATCH],
      Operations: [
        {
          op: 'replace',
          value: { displayName: 'Bjfe', 'name.givenName': 'Kkom', 'name.familyName': 'Unua', [`${ENT}:employeeNumber`]: 'Aklq', active: false },
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ displayName: 'Bjfe', name: { givenName: 'Kkom', familyName: 'Unua' }, active: false, [ENT]: { employeeNumber: 'Aklq' } });
  });

  test('manager: Add as a bare string, removal by value filter, and Replace with an empty value', async () => {
    const boss = await createUser({ displayName: 'Boss' });
    const user = await createUser();
    const added = await env.ws.scim.patch(`/Users/${user.id}`, { schemas: [PATCH], Operations: [{ op: 'Add', path: `${ENT}:manager`, value: boss.id }] });
    expect(added.body[ENT].manager).toEqual({ value: boss.id, $ref: `https://orgraph.test/scim/v2/Users/${boss.id}`, displayName: 'Boss' });

    const removed = await env.ws.scim.patch(`/Users/${user.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'Remove', path: `${ENT}:manager[value eq "${boss.id}"]` }],
    });
    expect(removed.status).toBe(200);
    expect(removed.body[ENT]).toBeUndefined();

    await env.ws.scim.patch(`/Users/${user.id}`, { schemas: [PATCH], Operations: [{ op: 'Add', path: `${ENT}:manager`, value: { value: boss.id } }] });
    const cleared = await env.ws.scim.patch(`/Users/${user.id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: `${ENT}:manager`, value: '' }] });
    expect(cleared.body[ENT]).toBeUndefined();
    const rows = await env.t.orm.em.fork().getConnection().execute('SELECT manager_id, manager_ref FROM person WHERE id = ?', [user.id]);
    expect(rows[0]).toEqual({ manager_id: null, manager_ref: null });
  });

  test('Okta OIN deactivation: path-less replace {active:false}', async () => {
    const user = await createUser();
    const res = await env.ws.scim.patch(`/Users/${user.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] });
    expect(res.body.active).toBe(false);
  });

  test('a PATCH that changes nothing keeps the version (no spurious ETag churn)', async () => {
    const user = await createUser({ title: 'Engineer' });
    const res = await env.ws.scim.patch(`/Users/${user.id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'title', value: 'Engineer' }] });
    expect(res.headers.etag).toBe('W/"1"');
  });
});

describe('bad values do not lose people', () => {
  test('a bad date and a non-https photo are dropped, the rest is stored, and the log says why', async () => {
    const user = await createUser({
      title: 'Designer',
      photos: [{ type: 'photo', value: 'http://insecure.example/p.jpg' }, { type: 'thumbnail', value: 'https://cdn.example/t.jpg' }],
      [HAY]: { joinDate: '31/02/2024', birthday: '1990-07-14T00:00:00Z', locality: 'Porto' },
    });
    expect(user.title).toBe('Designer');
    expect(user.photos).toEqual([{ type: 'thumbnail', value: 'https://cdn.example/t.jpg' }]);
    expect(user[HAY]).toEqual({ birthday: '1990-07-14', locality: 'Porto' });
    const [entry] = await logFor(user.id);
    expect(entry).toMatchObject({ operation: 'create', outcome: 'success', status: 201 });
    expect(entry.warnings).toEqual(
      expect.arrayContaining([
        { attribute: `${HAY}:joinDate`, reason: 'not a YYYY-MM-DD date or ISO 8601 date-time' },
        { attribute: 'photos', reason: 'photo URL is not an absolute https URL' },
      ]),
    );
    const rows = await env.t.orm.em.fork().getConnection().execute('SELECT ingest_issues, join_date, birthday, photo_url FROM person WHERE id = ?', [user.id]);
    expect(rows[0].join_date).toBeNull();
    expect(rows[0].photo_url).toBe('https://cdn.example/t.jpg');
    expect(Object.keys(rows[0].ingest_issues).sort()).toEqual([`${HAY}:joinDate`, 'photos'].sort());
  });

  test('unknown attributes are ignored and reported, not refused', async () => {
    const user = await createUser({ favouriteColour: 'teal', [`${HAY}:shoeSize`]: '44' });
    const [entry] = await logFor(user.id);
    expect(entry.warnings.map((w) => w.attribute).sort()).toEqual([`${HAY}:shoeSize`, 'favouriteColour'].sort());
  });
});

describe('protocol features', () => {
  test('If-Match: a stale version is refused with 412 and changes nothing; the current one succeeds', async () => {
    const user = await createUser({ title: 'A' });
    const stale = await env.ws.scim
      .patch(`/Users/${user.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'B' }] })
      .set('If-Match', 'W/"7"');
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ status: '412' });
    expect((await env.ws.scim.get(`/Users/${user.id}`)).body.title).toBe('A');
    const ok = await env.ws.scim.put(`/Users/${user.id}`, { userName: user.userName, title: 'C' }).set('If-Match', 'W/"1"');
    expect(ok.status).toBe(200);
    expect(ok.headers.etag).toBe('W/"2"');
    const del = await env.ws.scim.delete(`/Users/${user.id}`).set('If-Match', 'W/"1"');
    expect(del.status).toBe(412);
  });

  test('attributes and excludedAttributes', async () => {
    const user = await createUser({ title: 'T', emails: [{ value: 'p@corp.example', type: 'work' }], [ENT]: { department: 'D' } });
    const only = await env.ws.scim.get(`/Users/${user.id}?attributes=userName,emails.value`);
    expect(only.body).toEqual({ schemas: [CORE], id: user.id, userName: user.userName, emails: [{ value: 'p@corp.example' }] });
    const without = await env.ws.scim.get(`${q(`id eq "${user.id}"`)}&excludedAttributes=emails,${ENT},meta`);
    expect(without.body.Resources[0].emails).toBeUndefined();
    expect(without.body.Resources[0][ENT]).toBeUndefined();
    expect(without.body.Resources[0].title).toBe('T');
    expect(without.body.Resources[0].id).toBe(user.id);
  });

  test('POST /Users/.search', async () => {
    const user = await createUser({ title: 'Searcher' });
    const res = await env.ws.scim.post('/Users/.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: 'title eq "searcher"',
      attributes: ['userName'],
      startIndex: 1,
      count: 10,
    });
    expect(res.status).toBe(200);
    expect(res.body.Resources).toEqual([{ schemas: [CORE], id: user.id, userName: user.userName }]);
  });

  test('discovery documents, including our extension schema', async () => {
    const spc = await env.ws.scim.get('/ServiceProviderConfig');
    expect(spc.body).toMatchObject({ patch: { supported: true }, filter: { supported: true }, etag: { supported: true }, sort: { supported: true }, bulk: { supported: false } });
    const types = await env.ws.scim.get('/ResourceTypes');
    expect(types.body.Resources[0]).toMatchObject({ id: 'User', endpoint: '/Users', schema: CORE });
    const schemas = await env.ws.scim.get('/Schemas');
    expect(schemas.body.Resources.map((s: { id: string }) => s.id)).toEqual([CORE, ENT, HAY, 'urn:ietf:params:scim:schemas:core:2.0:Group']);
    const hay = await env.ws.scim.get(`/Schemas/${HAY}`);
    expect(hay.body.attributes.map((a: { name: string }) => a.name)).toEqual(['managerExternalId', 'locality', 'region', 'countryCode', 'joinDate', 'birthday']);
  });

  test('plain application/json bodies are accepted (Okta spec test)', async () => {
    const res = await env.ws.scim.post('/Users', { userName: 'json-content@corp.example' }).set('Content-Type', 'application/json');
    expect(res.status).toBe(201);
  });
});

describe('authentication', () => {
  test('no token, a wrong token, an admin token, a revoked token, and SCIM disabled: 401 with a SCIM error body', async () => {
    const other = await env.t.workspace();
    const cases: [string | undefined, string][] = [
      [undefined, 'Authentication required'],
      ['orgraph_scim_wrong', 'not a valid SCIM token'],
      [other.adminToken, 'not a valid SCIM token'],
    ];
    for (const [token, detail] of cases) {
      const req = env.t.http.get('/scim/v2/Users');
      const res = await (token ? req.set('Authorization', `Bearer ${token}`) : req);
      expect(res.status).toBe(401);
      expect(res.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
      expect(res.body.status).toBe('401');
      expect(res.body.detail).toContain(detail);
    }
    await env.t.app.services.workspaces.setScimEnabled(other.id, false);
    const disabled = await other.scim.get('/Users');
    expect(disabled.status).toBe(401);
    expect(disabled.body.detail).toContain('disabled');
    await env.t.app.services.workspaces.setScimEnabled(other.id, true);
    const [token] = await env.t.app.services.credentials.list(other.id, 'scim');
    await env.t.app.services.credentials.revoke(other.id, 'scim', token.id);
    expect((await other.scim.get('/Users')).status).toBe(401);
  });
});

test('meta.resourceType eq "User" matches every user', async () => {
  const all = await env.ws.scim.get('/Users?count=0');
  const res = await env.ws.scim.get(q('meta.resourceType eq "User"') + '&count=0');
  expect(res.body.totalResults).toBe(all.body.totalResults);
  expect(res.body.totalResults).toBeGreaterThan(0);
});
