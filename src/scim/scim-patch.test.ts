// Pure tests of SCIM PATCH parsing and application, driven by the request shapes Entra ID and Okta
// really send (see docs/ENTRA_SCIM.md) and RFC 7644 §3.5.2.
import { applyPatch, parsePatchBody, parsePatchPath, PatchContext, PatchOperation } from './scim-patch.js';
import { COMMON_ATTRIBUTES, ENTERPRISE_USER, HAYSTACK_USER, PATCH_OP, USER_EXTENSIONS, userSchema } from './scim-schemas.js';
import { scimError } from '../../test/support/scim-error.js';

const ENT = ENTERPRISE_USER;
const HAY = HAYSTACK_USER;
const ctx: PatchContext = { core: userSchema, extensions: USER_EXTENSIONS, common: COMMON_ATTRIBUTES, id: 'the-id' };

type Doc = Record<string, unknown>;

const body = (...operations: unknown[]) => ({ schemas: [PATCH_OP], Operations: operations });
const patch = (doc: Doc, ...operations: unknown[]) => applyPatch(ctx, doc, parsePatchBody(body(...operations)));

const baseUser = (): Doc => ({
  userName: 'ada@example.com',
  externalId: 'ext-ada',
  active: true,
  displayName: 'Ada Lovelace',
  name: { givenName: 'Ada', familyName: 'Lovelace' },
  emails: [
    { value: 'ada@work.example', type: 'work', primary: true },
    { value: 'ada@home.example', type: 'home' },
  ],
});

function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null) {
    Object.values(o).forEach(deepFreeze);
    Object.freeze(o);
  }
  return o;
}

describe('parsePatchBody', () => {
  it.each([
    ['Replace', 'replace'],
    ['Add', 'add'],
    ['Remove', 'remove'],
    ['replace', 'replace'],
    ['REPLACE', 'replace'],
    [' add ', 'add'],
  ])('normalises op %j to %j', (op, expected) => {
    const [parsed] = parsePatchBody(body({ op, path: 'displayName', value: 'x' }));
    expect(parsed.op).toBe(expected);
  });

  it('returns path and value, trimming the path', () => {
    expect(parsePatchBody(body({ op: 'Replace', path: '  name.familyName ', value: 'Byron' }))).toEqual([
      { op: 'replace', path: 'name.familyName', value: 'Byron' },
    ]);
  });

  it('treats a missing, null or blank path as path-less', () => {
    const ops = parsePatchBody(
      body({ op: 'replace', value: { active: false } }, { op: 'replace', path: null, value: {} }, { op: 'replace', path: '  ', value: {} }),
    );
    expect(ops.map((o) => 'path' in o)).toEqual([false, false, false]);
  });

  it('accepts the Operations key and operation members in any letter case', () => {
    const ops = parsePatchBody({ operations: [{ OP: 'Add', Path: 'title', Value: 'Countess' }] });
    expect(ops).toEqual([{ op: 'add', path: 'title', value: 'Countess' }]);
  });

  it.each([
    ['a non-object body', []],
    ['a string body', 'Operations'],
    ['a missing Operations', { schemas: [PATCH_OP] }],
    ['an empty Operations', { schemas: [PATCH_OP], Operations: [] }],
    ['a non-array Operations', { schemas: [PATCH_OP], Operations: { op: 'add' } }],
    ['an operation that is not an object', { Operations: ['replace'] }],
    ['an unknown op', { Operations: [{ op: 'copy', path: 'title', value: 'x' }] }],
    ['a missing op', { Operations: [{ path: 'title', value: 'x' }] }],
    ['a non-string op', { Operations: [{ op: 1, path: 'title', value: 'x' }] }],
  ])('rejects %s with 400 invalidSyntax', (_label, input) => {
    const err = scimError(() => parsePatchBody(input));
    expect(err.status).toBe(400);
    expect(err.scimType).toBe('invalidSyntax');
  });

  it('rejects a non-string path with invalidPath', () => {
    const err = scimError(() => parsePatchBody(body({ op: 'remove', path: 42 })));
    expect([err.status, err.scimType]).toEqual([400, 'invalidPath']);
  });

  it('rejects more than 1000 operations with tooMany', () => {
    const many = Array.from({ length: 1001 }, () => ({ op: 'replace', path: 'title', value: 'x' }));
    const err = scimError(() => parsePatchBody(body(...many)));
    expect([err.status, err.scimType]).toEqual([400, 'tooMany']);
  });
});

describe('applyPatch: Entra PATCH without aadOptscim062020', () => {
  it('applies the documented one-op-per-attribute request in one go', () => {
    const { doc, ignored } = patch(
      baseUser(),
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
      { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
      { op: 'Replace', path: `${ENT}:employeeNumber`, value: 'Eqpj' },
      { op: 'Replace', path: `${HAY}:managerExternalId`, value: '8f1c-manager' },
      { op: 'Replace', path: 'active', value: 'False' },
      { op: 'Add', path: 'addresses[type eq "work"].locality', value: 'Lisbon' },
    );
    expect(ignored).toEqual([]);
    expect(doc).toEqual({
      userName: 'ada@example.com',
      externalId: 'ext-ada',
      active: false,
      displayName: 'Ada Lovelace',
      name: { givenName: 'Ada', familyName: 'updatedFamilyName' },
      emails: [
        { value: 'updatedEmail@microsoft.com', type: 'work', primary: true },
        { value: 'ada@home.example', type: 'home' },
      ],
      addresses: [{ type: 'work', locality: 'Lisbon' }],
      [ENT]: { employeeNumber: 'Eqpj' },
      [HAY]: { managerExternalId: '8f1c-manager' },
    });
  });

  it.each([
    ['False', false],
    ['True', true],
    ['false', false],
    ['TRUE', true],
    [false, false],
    [true, true],
  ])('turns active %j into the boolean %j', (value, expected) => {
    const { doc } = patch({ ...baseUser(), active: !expected }, { op: 'Replace', path: 'active', value });
    expect(doc.active).toBe(expected);
  });

  it('replaces only the work email value, keeping type, primary and the other emails', () => {
    const { doc } = patch(baseUser(), { op: 'Replace', path: 'emails[type eq "work"].value', value: 'new@work.example' });
    expect(doc.emails).toEqual([
      { value: 'new@work.example', type: 'work', primary: true },
      { value: 'ada@home.example', type: 'home' },
    ]);
  });

  it('creates the work email when the user has none', () => {
    const user = baseUser();
    user.emails = [{ value: 'ada@home.example', type: 'home', primary: true }];
    const { doc } = patch(user, { op: 'Replace', path: 'emails[type eq "work"].value', value: 'new@work.example' });
    expect(doc.emails).toEqual([
      { value: 'ada@home.example', type: 'home', primary: true },
      { type: 'work', value: 'new@work.example' },
    ]);
  });

  it('creates the work email when the user has no emails at all', () => {
    const user = baseUser();
    delete user.emails;
    const { doc } = patch(user, { op: 'Add', path: 'emails[type eq "work"].value', value: 'new@work.example' });
    expect(doc.emails).toEqual([{ type: 'work', value: 'new@work.example' }]);
  });

  it('creates the work address entry for addresses[type eq "work"].locality when there are no addresses', () => {
    const user = baseUser();
    expect(user.addresses).toBeUndefined();
    const { doc } = patch(user, { op: 'Add', path: 'addresses[type eq "work"].locality', value: 'Lisbon' });
    expect(doc.addresses).toEqual([{ type: 'work', locality: 'Lisbon' }]);
  });

  it('sets the locality on the existing work address instead of adding another', () => {
    const user = { ...baseUser(), addresses: [{ type: 'home', locality: 'London' }, { type: 'work', locality: 'Paris', country: 'FR' }] };
    const { doc } = patch(user, { op: 'Add', path: 'addresses[type eq "work"].locality', value: 'Lisbon' });
    expect(doc.addresses).toEqual([
      { type: 'home', locality: 'London' },
      { type: 'work', locality: 'Lisbon', country: 'FR' },
    ]);
  });

  it('fails with noTarget when a value filter matches nothing and cannot describe a new entry', () => {
    const err = scimError(() => patch(baseUser(), { op: 'Replace', path: 'emails[value co "nobody"].type', value: 'other' }));
    expect([err.status, err.scimType]).toEqual([400, 'noTarget']);
  });

  it('replaces name.familyName and keeps the other name parts', () => {
    const { doc } = patch(baseUser(), { op: 'Replace', path: 'name.familyName', value: 'Byron' });
    expect(doc.name).toEqual({ givenName: 'Ada', familyName: 'Byron' });
  });

  it('creates the enterprise extension object for an employeeNumber URN path', () => {
    const user = baseUser();
    expect(user[ENT]).toBeUndefined();
    const { doc } = patch(user, {
      op: 'Replace',
      path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
      value: 'Eqpj',
    });
    expect(doc[ENT]).toEqual({ employeeNumber: 'Eqpj' });
  });

  it('creates the haystack extension object for a managerExternalId URN path', () => {
    const { doc } = patch(baseUser(), {
      op: 'Replace',
      path: 'urn:ietf:params:scim:schemas:extension:haystack:1.0:User:managerExternalId',
      value: '8f1c-manager',
    });
    expect(doc[HAY]).toEqual({ managerExternalId: '8f1c-manager' });
  });

  it('adds to an existing extension object without touching its other attributes', () => {
    const user = { ...baseUser(), [ENT]: { department: 'Engines' } };
    const { doc } = patch(user, { op: 'Add', path: `${ENT}:employeeNumber`, value: 'E1' });
    expect(doc[ENT]).toEqual({ department: 'Engines', employeeNumber: 'E1' });
  });

  it('accepts the URN in any letter case and the misspelt enterprise URN', () => {
    const { doc } = patch(
      baseUser(),
      { op: 'Replace', path: 'URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:EmployeeNumber', value: 'E1' },
      { op: 'Replace', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0User:department', value: 'Engines' },
    );
    expect(doc[ENT]).toEqual({ employeeNumber: 'E1', department: 'Engines' });
  });

  it('removes an extension attribute and drops the extension when it becomes empty', () => {
    const user = { ...baseUser(), [HAY]: { managerExternalId: 'm-1' } };
    const { doc } = patch(user, { op: 'Remove', path: `${HAY}:managerExternalId` });
    expect(doc).not.toHaveProperty([HAY]);
  });

  it('removes a whole extension by its URN', () => {
    const user = { ...baseUser(), [ENT]: { employeeNumber: 'E1', department: 'Engines' } };
    const { doc } = patch(user, { op: 'remove', path: ENT });
    expect(doc).not.toHaveProperty([ENT]);
    expect(doc.userName).toBe('ada@example.com');
  });

  it('adds a whole extension object given by its URN path', () => {
    const { doc } = patch(baseUser(), { op: 'add', path: ENT, value: { employeeNumber: 'E1', Department: 'Engines' } });
    expect(doc[ENT]).toEqual({ employeeNumber: 'E1', department: 'Engines' });
  });
});

describe('applyPatch: path-less operations (aadOptscim062020, Okta)', () => {
  it('applies dotted and URN-qualified keys of a path-less replace', () => {
    const { doc, ignored } = patch(baseUser(), {
      op: 'replace',
      value: {
        displayName: 'Bjfe',
        'name.givenName': 'Kkom',
        'name.familyName': 'Unua',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber': 'Aklq',
      },
    });
    expect(ignored).toEqual([]);
    expect(doc.displayName).toBe('Bjfe');
    expect(doc.name).toEqual({ givenName: 'Kkom', familyName: 'Unua' });
    expect(doc[ENT]).toEqual({ employeeNumber: 'Aklq' });
  });

  it('applies a path-less value that holds a whole extension object, merging into the existing one', () => {
    const user = { ...baseUser(), [ENT]: { costCenter: 'CC-1' } };
    const { doc } = patch(user, {
      op: 'replace',
      value: {
        [ENT]: { employeeNumber: 'E7', department: 'Engines' },
        [HAY]: { locality: 'Berlin', joinDate: '2024-03-01' },
      },
    });
    expect(doc[ENT]).toEqual({ costCenter: 'CC-1', employeeNumber: 'E7', department: 'Engines' });
    expect(doc[HAY]).toEqual({ locality: 'Berlin', joinDate: '2024-03-01' });
  });

  it('rejects a path-less extension value that is not an object', () => {
    const err = scimError(() => patch(baseUser(), { op: 'replace', value: { [ENT]: 'E7' } }));
    expect([err.status, err.scimType]).toEqual([400, 'invalidSyntax']);
  });

  it("applies Okta's path-less deactivation", () => {
    const { doc } = applyPatch(ctx, baseUser(), parsePatchBody({ Operations: [{ op: 'replace', value: { active: false } }] }));
    expect(doc.active).toBe(false);
    expect(doc.userName).toBe('ada@example.com');
  });

  it('skips schemas, meta and the unchanged id in a path-less value (Okta sends the whole user)', () => {
    const { doc, ignored } = patch(baseUser(), {
      op: 'replace',
      value: { schemas: ['x'], id: 'the-id', meta: { resourceType: 'User' }, title: 'Countess' },
    });
    expect(ignored).toEqual([]);
    expect(doc).not.toHaveProperty('id');
    expect(doc).not.toHaveProperty('meta');
    expect(doc).not.toHaveProperty('schemas');
    expect(doc.title).toBe('Countess');
  });

  it('rejects a path-less value whose id differs with mutability', () => {
    const err = scimError(() => patch(baseUser(), { op: 'replace', value: { id: 'another-id' } }));
    expect([err.status, err.scimType]).toEqual([400, 'mutability']);
  });

  it('rejects a path-less add/replace whose value is not an object', () => {
    const err = scimError(() => patch(baseUser(), { op: 'replace', value: 'Countess' }));
    expect([err.status, err.scimType]).toEqual([400, 'invalidSyntax']);
  });

  it('rejects remove without a path with noTarget', () => {
    const err = scimError(() => patch(baseUser(), { op: 'Remove' }));
    expect([err.status, err.scimType]).toEqual([400, 'noTarget']);
    expect(err.message).toMatch(/^Operations\[0\]:/);
  });
});

describe('applyPatch: enterprise manager', () => {
  const MANAGER = '5b2f8a7e-0000-4000-8000-000000000001';
  const managerPath = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager';
  const withManager = (id = MANAGER): Doc => ({ ...baseUser(), [ENT]: { employeeNumber: 'E1', manager: { value: id } } });

  it.each([
    ['a bare string', MANAGER],
    ['an object', { value: MANAGER }],
    ['a one-element array with $ref', [{ $ref: `https://orgraph.example/scim/v2/Users/${MANAGER}`, value: MANAGER }]],
    ['a one-element array with a null $ref', [{ $ref: null, value: MANAGER }]],
  ])('stores manager given as %s as { value: id }', (_label, value) => {
    const { doc } = patch(baseUser(), { op: 'Add', path: managerPath, value });
    expect(doc[ENT]).toEqual({ manager: { value: MANAGER } });
  });

  it('stores manager given in a path-less enterprise extension object as { value: id }', () => {
    const { doc } = patch(baseUser(), { op: 'replace', value: { [ENT]: { manager: MANAGER } } });
    expect(doc[ENT]).toEqual({ manager: { value: MANAGER } });
  });

  it('replaces an existing manager', () => {
    const { doc } = patch(withManager('old-manager'), { op: 'Replace', path: managerPath, value: MANAGER });
    expect(doc[ENT]).toEqual({ employeeNumber: 'E1', manager: { value: MANAGER } });
  });

  it('rejects a manager list with more than one element', () => {
    const err = scimError(() => patch(baseUser(), { op: 'Add', path: managerPath, value: [{ value: 'a' }, { value: 'b' }] }));
    expect([err.status, err.scimType]).toEqual([400, 'invalidValue']);
  });

  it('resolves the unqualified path manager[value eq "<id>"] to the enterprise manager and removes it', () => {
    // Core User has no `manager`; the only attribute of that name is the enterprise one.
    const parsed = parsePatchPath(ctx, `manager[value eq "${MANAGER}"]`);
    expect(parsed?.schema.id).toBe(ENT);
    expect(parsed?.def?.name).toBe('manager');

    const { doc, ignored } = patch(withManager(), { op: 'Remove', path: `manager[value eq "${MANAGER}"]` });
    expect(ignored).toEqual([]);
    expect(doc[ENT]).toEqual({ employeeNumber: 'E1' });
  });

  it('resolves other unqualified names only the extensions define (path and path-less), core names first', () => {
    const { doc, ignored } = patch(
      baseUser(),
      { op: 'Add', path: 'manager', value: MANAGER },
      { op: 'replace', value: { employeeNumber: 'E9', Locality: 'Porto', displayName: 'A.L.' } },
    );
    expect(ignored).toEqual([]);
    expect(doc[ENT]).toEqual({ manager: { value: MANAGER }, employeeNumber: 'E9' });
    expect(doc[HAY]).toEqual({ locality: 'Porto' });
    expect(doc.displayName).toBe('A.L.');
    // A core attribute is never redirected to an extension.
    expect(parsePatchPath(ctx, 'name.givenName')?.schema).toBe(userSchema);
  });

  it('removes the manager via the URN path with a value filter', () => {
    const { doc } = patch(withManager(), { op: 'Remove', path: `${managerPath}[value eq "${MANAGER}"]` });
    expect(doc[ENT]).toEqual({ employeeNumber: 'E1' });
  });

  it('drops the enterprise extension when removing the manager leaves it empty', () => {
    const user = { ...baseUser(), [ENT]: { manager: { value: MANAGER } } };
    const { doc } = patch(user, { op: 'Remove', path: `${managerPath}[value eq "${MANAGER}"]` });
    expect(doc).not.toHaveProperty([ENT]);
  });

  it('keeps the manager when the removal filter names a different id', () => {
    const { doc } = patch(withManager(), { op: 'Remove', path: `${managerPath}[value eq "someone-else"]` });
    expect(doc[ENT]).toEqual({ employeeNumber: 'E1', manager: { value: MANAGER } });
  });

  it('removes the manager with a Replace whose value is empty', () => {
    const { doc } = patch(withManager(), { op: 'Replace', path: managerPath, value: '' });
    expect(doc[ENT]).toEqual({ employeeNumber: 'E1' });
  });

  it('removes the manager with a plain Remove on its URN path', () => {
    const { doc } = patch(withManager(), { op: 'Remove', path: managerPath });
    expect(doc[ENT]).toEqual({ employeeNumber: 'E1' });
  });

  it('does nothing (and does not create the extension) when removing from a user without the extension', () => {
    const { doc } = patch(baseUser(), { op: 'Remove', path: managerPath });
    expect(doc).toEqual(baseUser());
  });
});

describe('applyPatch: attribute names in any letter case', () => {
  it('resolves USERNAME, Name.GivenName and Emails[Type eq "work"].Value', () => {
    const { doc, ignored } = patch(
      baseUser(),
      { op: 'Replace', path: 'USERNAME', value: 'ADA@example.com' },
      { op: 'Replace', path: 'Name.GivenName', value: 'Augusta' },
      { op: 'Replace', path: 'Emails[Type eq "work"].Value', value: 'augusta@work.example' },
    );
    expect(ignored).toEqual([]);
    expect(doc.userName).toBe('ADA@example.com');
    expect(doc.name).toEqual({ givenName: 'Augusta', familyName: 'Lovelace' });
    expect(doc.emails).toEqual([
      { value: 'augusta@work.example', type: 'work', primary: true },
      { value: 'ada@home.example', type: 'home' },
    ]);
    // Stored under the schema spelling, never the one that arrived.
    expect(Object.keys(doc)).not.toContain('USERNAME');
    expect(Object.keys(doc.name as object)).not.toContain('GivenName');
  });

  it('matches a value filter on a case-insensitive sub-attribute regardless of the value case', () => {
    const { doc } = patch(baseUser(), { op: 'Replace', path: 'emails[type eq "WORK"].value', value: 'x@work.example' });
    expect((doc.emails as Doc[])[0].value).toBe('x@work.example');
    expect(doc.emails).toHaveLength(2);
  });

  it('canonicalises sub-attribute names inside an added value', () => {
    const { doc } = patch(baseUser(), { op: 'Add', path: 'phoneNumbers', value: [{ Value: '+1 555', Type: 'mobile', Primary: 'True' }] });
    expect(doc.phoneNumbers).toEqual([{ value: '+1 555', type: 'mobile', primary: true }]);
  });
});

describe('applyPatch: password, unknown attributes', () => {
  it('silently ignores password with a path and path-less', () => {
    const { doc, ignored } = patch(
      baseUser(),
      { op: 'replace', path: 'password', value: 's3cret' },
      { op: 'replace', value: { password: 's3cret', displayName: 'A.L.' } },
    );
    expect(ignored).toEqual([]);
    expect(doc).not.toHaveProperty('password');
    expect(doc.displayName).toBe('A.L.');
  });

  it('returns unknown attributes in ignored and applies the rest', () => {
    const { doc, ignored } = patch(
      baseUser(),
      { op: 'add', path: 'favouriteColour', value: 'green' },
      { op: 'replace', path: 'name.nickname', value: 'Addie' },
      { op: 'replace', path: 'urn:example:params:scim:schemas:extension:acme:2.0:User:badge', value: '7' },
      { op: 'replace', value: { shoeSize: 38, title: 'Countess' } },
    );
    expect(ignored).toEqual([
      'favouriteColour',
      'name.nickname',
      'urn:example:params:scim:schemas:extension:acme:2.0:User:badge',
      'shoeSize',
    ]);
    expect(doc.title).toBe('Countess');
    expect(doc).not.toHaveProperty('favouriteColour');
    expect(doc).not.toHaveProperty('shoeSize');
  });
});

describe('applyPatch: errors', () => {
  it.each([
    ['an unterminated filter bracket', 'emails[type eq "work"'],
    ['a double dot', 'name..givenName'],
    ['a leading digit', '1name'],
    ['a broken filter', 'emails[type eq].value'],
  ])('rejects %s with invalidPath', (_label, path) => {
    const err = scimError(() => patch(baseUser(), { op: 'replace', path, value: 'x' }));
    expect([err.status, err.scimType]).toEqual([400, 'invalidPath']);
  });

  it('rejects a value filter on a simple attribute with invalidPath', () => {
    const err = scimError(() => patch(baseUser(), { op: 'replace', path: 'userName[value eq "x"]', value: 'x' }));
    expect([err.status, err.scimType]).toEqual([400, 'invalidPath']);
  });

  it('rejects an id replace with a different value with mutability, and accepts the same id', () => {
    const err = scimError(() => patch(baseUser(), { op: 'replace', path: 'id', value: 'another-id' }));
    expect([err.status, err.scimType]).toEqual([400, 'mutability']);
    const { doc } = patch(baseUser(), { op: 'replace', path: 'id', value: 'the-id' });
    expect(doc).toEqual(baseUser());
  });

  it('rejects writing meta with mutability', () => {
    const err = scimError(() => patch(baseUser(), { op: 'replace', path: 'meta.created', value: '2020-01-01T00:00:00Z' }));
    expect([err.status, err.scimType]).toEqual([400, 'mutability']);
  });

  it.each(['maybe', 1, 'yes', ''])('rejects active %j with invalidValue', (value) => {
    const err = scimError(() => patch(baseUser(), { op: 'Replace', path: 'active', value }));
    expect([err.status, err.scimType]).toEqual([400, 'invalidValue']);
  });

  it('names the failing operation in the error and applies nothing', () => {
    const user = baseUser();
    const err = scimError(() =>
      patch(user, { op: 'replace', path: 'title', value: 'ok' }, { op: 'replace', path: 'active', value: 'maybe' }),
    );
    expect(err.message).toMatch(/^Operations\[1\]:/);
    expect(user).toEqual(baseUser());
  });
});

describe('applyPatch: multi-valued attributes', () => {
  it('add appends new entries', () => {
    const { doc } = patch(baseUser(), { op: 'add', path: 'emails', value: [{ value: 'ada@other.example', type: 'other' }] });
    expect(doc.emails).toEqual([
      { value: 'ada@work.example', type: 'work', primary: true },
      { value: 'ada@home.example', type: 'home' },
      { value: 'ada@other.example', type: 'other' },
    ]);
  });

  it('add dedupes against existing entries (value case-insensitively, same type) and within the value', () => {
    const { doc } = patch(baseUser(), {
      op: 'add',
      path: 'emails',
      value: [
        { value: 'ADA@HOME.EXAMPLE', type: 'home' },
        { value: 'new@x.example', type: 'other' },
        { value: 'new@x.example', type: 'other' },
      ],
    });
    expect(doc.emails).toEqual([
      { value: 'ada@work.example', type: 'work', primary: true },
      { value: 'ada@home.example', type: 'home' },
      { value: 'new@x.example', type: 'other' },
    ]);
  });

  it('add of a single object (not a list) appends it', () => {
    const { doc } = patch(baseUser(), { op: 'Add', path: 'roles', value: { value: 'Engineer' } });
    expect(doc.roles).toEqual([{ value: 'Engineer' }]);
  });

  it('replace replaces the whole list', () => {
    const { doc } = patch(baseUser(), { op: 'replace', path: 'emails', value: [{ value: 'only@x.example', type: 'work' }] });
    expect(doc.emails).toEqual([{ value: 'only@x.example', type: 'work' }]);
  });

  it('replace with an empty list removes the attribute', () => {
    const { doc } = patch(baseUser(), { op: 'replace', path: 'emails', value: [] });
    expect(doc).not.toHaveProperty('emails');
  });

  it('remove without a value removes every entry', () => {
    const { doc } = patch(baseUser(), { op: 'remove', path: 'emails' });
    expect(doc).not.toHaveProperty('emails');
  });

  it('remove with a value list removes only those entries', () => {
    const user = { ...baseUser(), emails: [...(baseUser().emails as Doc[]), { value: 'ada@other.example', type: 'other' }] };
    const { doc } = patch(user, { op: 'remove', path: 'emails', value: [{ value: 'ada@home.example', type: 'home' }] });
    expect(doc.emails).toEqual([
      { value: 'ada@work.example', type: 'work', primary: true },
      { value: 'ada@other.example', type: 'other' },
    ]);
  });

  it('remove with a value list naming only the value removes that entry whatever its type', () => {
    const { doc } = patch(baseUser(), { op: 'remove', path: 'emails', value: [{ value: 'ada@home.example' }] });
    expect(doc.emails).toEqual([{ value: 'ada@work.example', type: 'work', primary: true }]);
  });

  it('remove with a value list that matches nothing keeps every entry', () => {
    const { doc } = patch(baseUser(), { op: 'remove', path: 'emails', value: [{ value: 'nobody@x.example', type: 'home' }] });
    expect(doc.emails).toEqual(baseUser().emails);
  });

  it('remove with a value filter removes only the matching entries', () => {
    const { doc } = patch(baseUser(), { op: 'remove', path: 'emails[type eq "home"]' });
    expect(doc.emails).toEqual([{ value: 'ada@work.example', type: 'work', primary: true }]);
  });

  it('remove of a sub-attribute through a value filter keeps the entry', () => {
    const { doc } = patch(baseUser(), { op: 'remove', path: 'emails[type eq "work"].primary' });
    expect(doc.emails).toEqual([
      { value: 'ada@work.example', type: 'work' },
      { value: 'ada@home.example', type: 'home' },
    ]);
  });

  it('replace through a value filter with an empty value removes the matched entries', () => {
    const { doc } = patch(baseUser(), { op: 'replace', path: 'emails[type eq "home"]', value: null });
    expect(doc.emails).toEqual([{ value: 'ada@work.example', type: 'work', primary: true }]);
  });
});

describe('applyPatch: primary uniqueness (RFC 7643 §2.4)', () => {
  const primaries = (doc: Doc) => (doc.emails as Doc[]).filter((e) => e.primary === true).map((e) => e.value);

  it('adding a new primary email clears the old primary', () => {
    const { doc } = patch(baseUser(), { op: 'add', path: 'emails', value: [{ value: 'new@x.example', type: 'other', primary: true }] });
    expect(primaries(doc)).toEqual(['new@x.example']);
    expect((doc.emails as Doc[])[0]).toEqual({ value: 'ada@work.example', type: 'work', primary: false });
  });

  it('setting primary through a value filter clears the old primary', () => {
    const { doc } = patch(baseUser(), { op: 'replace', path: 'emails[type eq "home"].primary', value: 'True' });
    expect(primaries(doc)).toEqual(['ada@home.example']);
  });

  it('merging primary into an entry through a value filter clears the old primary', () => {
    const { doc } = patch(baseUser(), { op: 'replace', path: 'emails[type eq "home"]', value: { primary: true } });
    expect(primaries(doc)).toEqual(['ada@home.example']);
    expect(doc.emails).toHaveLength(2);
  });

  it('a replace list with two primaries keeps the last one', () => {
    const { doc } = patch(baseUser(), {
      op: 'replace',
      path: 'emails',
      value: [
        { value: 'a@x.example', type: 'work', primary: true },
        { value: 'b@x.example', type: 'home', primary: true },
      ],
    });
    expect(primaries(doc)).toEqual(['b@x.example']);
  });

  it('re-adding the current primary email keeps it primary', () => {
    const { doc } = patch(baseUser(), { op: 'add', path: 'emails', value: [{ value: 'ada@work.example', type: 'work', primary: true }] });
    expect(primaries(doc)).toEqual(['ada@work.example']);
    expect(doc.emails).toHaveLength(2);
  });

  it('adding an existing email as primary makes it the primary instead of leaving none', () => {
    const { doc } = patch(baseUser(), { op: 'add', path: 'emails', value: [{ value: 'ada@home.example', type: 'home', primary: true }] });
    expect(primaries(doc)).toEqual(['ada@home.example']);
    expect(doc.emails).toHaveLength(2);
  });
});

describe('applyPatch: purity', () => {
  it('never mutates the input document (applyPatch clones)', () => {
    const input = deepFreeze({
      ...baseUser(),
      addresses: [{ type: 'work', locality: 'Paris' }],
      [ENT]: { employeeNumber: 'E1', manager: { value: 'm-1' } },
      [HAY]: { managerExternalId: 'x-1' },
    });
    const snapshot = structuredClone(input);
    const ops: PatchOperation[] = parsePatchBody(
      body(
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'new@x.example' },
        { op: 'Add', path: 'emails', value: [{ value: 'p@x.example', primary: true }] },
        { op: 'Replace', path: 'name.familyName', value: 'Byron' },
        { op: 'Add', path: 'addresses[type eq "work"].locality', value: 'Lisbon' },
        { op: 'Remove', path: `${ENT}:manager` },
        { op: 'Replace', path: `${HAY}:managerExternalId`, value: 'x-2' },
        { op: 'replace', value: { active: false } },
      ),
    );
    const { doc } = applyPatch(ctx, input, ops);
    expect(input).toEqual(snapshot);
    expect(doc).not.toBe(input);
    expect(doc.active).toBe(false);
    expect((doc.addresses as Doc[])[0]).toEqual({ type: 'work', locality: 'Lisbon' });
  });
});
