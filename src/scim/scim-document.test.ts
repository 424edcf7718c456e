// Pure tests of canonicalResource: resource bodies as Entra ID and Okta really send them on POST/PUT
// (recorded fixtures in /work/shared/fixtures/idp-requests and the quirks of docs/ENTRA_SCIM.md).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalResource, canonicalValue, coerceBoolean } from './scim-document.js';
import { COMMON_ATTRIBUTES, ENTERPRISE_USER, HAYSTACK_USER, enterpriseSchema, userSchema } from './scim-schemas.js';
import { scimError } from '../../test/support/scim-error.js';

const ENT = ENTERPRISE_USER;
const HAY = HAYSTACK_USER;
const FIXTURES = process.env.IDP_FIXTURES ?? '/work/shared/fixtures/idp-requests';

const fixtureRequest = (idp: string, name: string): unknown =>
  (JSON.parse(readFileSync(path.join(FIXTURES, idp, `${name}.json`), 'utf8')) as { request: unknown }).request;

const canon = (body: unknown) => canonicalResource(userSchema, body, COMMON_ATTRIBUTES);

describe('canonicalResource: recorded identity-provider requests', () => {
  it("canonicalises Entra's create request (schemas and meta dropped, empty roles dropped)", () => {
    const { doc, ignored } = canon(fixtureRequest('entra', 'create_user'));
    expect(ignored).toEqual([]);
    expect(doc).toEqual({
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      userName: 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1',
      active: true,
      emails: [{ primary: true, type: 'work', value: 'Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com' }],
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
    });
  });

  it("canonicalises Okta's create request: password dropped silently, groups ignored", () => {
    const request = fixtureRequest('okta', 'create_user') as Record<string, unknown>;
    expect(request.password).toBeDefined();
    const { doc, ignored } = canon(request);
    expect(ignored).toEqual(['groups']);
    expect(doc).not.toHaveProperty('password');
    expect(doc).not.toHaveProperty('groups');
    expect(doc).toEqual({
      userName: 'test.user@okta.local',
      name: { givenName: 'Test', familyName: 'User' },
      emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
      displayName: 'Test User',
      locale: 'en-US',
      externalId: '00ujl29u0le5T6Aj10h7',
      active: true,
    });
  });

  it("canonicalises the documented Entra create with the custom extension missing from schemas", () => {
    const { doc, ignored } = canon({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENT],
      externalId: '0a21f0f2',
      userName: 'Test_User_ab64',
      active: true,
      emails: [{ primary: true, type: 'work', value: 'Test_User_fd0e@testuser.com' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      roles: [],
      [HAY]: { managerExternalId: 'mgr-ext', locality: 'Berlin', joinDate: '2024-03-01' },
    });
    expect(ignored).toEqual([]);
    expect(doc[HAY]).toEqual({ managerExternalId: 'mgr-ext', locality: 'Berlin', joinDate: '2024-03-01' });
    expect(doc).not.toHaveProperty('schemas');
    expect(doc).not.toHaveProperty('meta');
  });
});

describe('canonicalResource: letter case', () => {
  it('stores attribute and sub-attribute names in their schema spelling', () => {
    const { doc, ignored } = canon({
      UserName: 'ada@example.com',
      ExternalID: 'ext-1',
      Active: 'False',
      DisplayName: 'Ada',
      Name: { GivenName: 'Ada', FAMILYNAME: 'Lovelace' },
      Emails: [{ Value: 'ada@x.example', Type: 'work', Primary: 'True' }],
    });
    expect(ignored).toEqual([]);
    expect(doc).toEqual({
      userName: 'ada@example.com',
      externalId: 'ext-1',
      active: false,
      displayName: 'Ada',
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      emails: [{ value: 'ada@x.example', type: 'work', primary: true }],
    });
  });

  it('accepts Manager.Value (dotted, any case) inside the enterprise extension', () => {
    const { doc, ignored } = canon({ userName: 'a', [ENT]: { 'Manager.Value': 'mgr-id', EmployeeNumber: '42' } });
    expect(ignored).toEqual([]);
    expect(doc[ENT]).toEqual({ manager: { value: 'mgr-id' }, employeeNumber: '42' });
  });

  it('accepts Manager: { Value } inside the enterprise extension, under a URN in any case', () => {
    const { doc } = canon({ userName: 'a', [ENT.toUpperCase()]: { Manager: { Value: 'mgr-id' } } });
    expect(doc).toEqual({ userName: 'a', [ENT]: { manager: { value: 'mgr-id' } } });
  });
});

describe('canonicalResource: extensions', () => {
  it('keeps extension data whose URN is missing from schemas', () => {
    const { doc } = canon({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'a',
      [ENT]: { department: 'Engines' },
      [HAY]: { locality: 'Berlin' },
    });
    expect(doc).toEqual({ userName: 'a', [ENT]: { department: 'Engines' }, [HAY]: { locality: 'Berlin' } });
  });

  it('stores the misspelt enterprise URN …:enterprise:2.0User under the canonical URN', () => {
    const { doc, ignored } = canon({
      userName: 'a',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0User': { employeeNumber: '701984', manager: { value: 'mgr-id' } },
    });
    expect(ignored).toEqual([]);
    expect(doc).toEqual({ userName: 'a', [ENT]: { employeeNumber: '701984', manager: { value: 'mgr-id' } } });
    expect(Object.keys(doc)).not.toContain('urn:ietf:params:scim:schemas:extension:enterprise:2.0User');
  });

  it('folds top-level URN-qualified keys into their extension', () => {
    const { doc, ignored } = canon({
      userName: 'a',
      'urn:ietf:params:scim:schemas:extension:haystack:1.0:User:locality': 'Berlin',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber': 'E1',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value': 'mgr-id',
    });
    expect(ignored).toEqual([]);
    expect(doc).toEqual({
      userName: 'a',
      [HAY]: { locality: 'Berlin' },
      [ENT]: { employeeNumber: 'E1', manager: { value: 'mgr-id' } },
    });
  });

  it('merges top-level URN-qualified keys with the extension object, whichever comes first', () => {
    const first = canon({ userName: 'a', [`${HAY}:locality`]: 'Berlin', [HAY]: { joinDate: '2024-03-01' } }).doc;
    const second = canon({ userName: 'a', [HAY]: { joinDate: '2024-03-01' }, [`${HAY}:locality`]: 'Berlin' }).doc;
    expect(first[HAY]).toEqual({ locality: 'Berlin', joinDate: '2024-03-01' });
    expect(second[HAY]).toEqual({ locality: 'Berlin', joinDate: '2024-03-01' });
  });

  it('accepts core-URN-qualified keys as core attributes', () => {
    const { doc } = canon({ 'urn:ietf:params:scim:schemas:core:2.0:User:userName': 'a', 'urn:ietf:params:scim:schemas:core:2.0:User:name.givenName': 'Ada' });
    expect(doc).toEqual({ userName: 'a', name: { givenName: 'Ada' } });
  });

  it('drops "manager": null and does not create an empty extension for it', () => {
    expect(canon({ userName: 'a', [ENT]: { manager: null } }).doc).toEqual({ userName: 'a' });
    expect(canon({ userName: 'a', [ENT]: { manager: null, department: 'Engines' } }).doc).toEqual({
      userName: 'a',
      [ENT]: { department: 'Engines' },
    });
  });

  it('accepts a manager given as a bare string or one-element array, keeping only its value', () => {
    expect(canon({ userName: 'a', [ENT]: { manager: 'mgr-id' } }).doc[ENT]).toEqual({ manager: { value: 'mgr-id' } });
    expect(
      canon({ userName: 'a', [ENT]: { manager: [{ $ref: 'https://x/Users/mgr-id', value: 'mgr-id', displayName: 'Boss' }] } }).doc[ENT],
    ).toEqual({ manager: { value: 'mgr-id' } });
  });

  it('drops a null extension and reports unknown extension URNs and extension attributes', () => {
    const { doc, ignored } = canon({
      userName: 'a',
      [ENT]: null,
      'urn:example:acme:2.0:User': { badge: 7 },
      'urn:example:acme:2.0:User:badge': 7,
      [HAY]: { shoeSize: 38, locality: 'Berlin' },
    });
    expect(doc).toEqual({ userName: 'a', [HAY]: { locality: 'Berlin' } });
    expect(ignored).toEqual(['urn:example:acme:2.0:User', 'urn:example:acme:2.0:User:badge', `${HAY}:shoeSize`]);
  });

  it('rejects an extension value that is not an object with invalidSyntax', () => {
    const err = scimError(() => canon({ userName: 'a', [ENT]: 'E1' }));
    expect([err.status, err.scimType]).toEqual([400, 'invalidSyntax']);
  });
});

describe('canonicalResource: values', () => {
  it('wraps single objects and bare values of multi-valued attributes in arrays', () => {
    const { doc } = canon({
      userName: 'a',
      emails: { value: 'a@x.example', type: 'work' },
      phoneNumbers: '+1 555 0100',
      roles: { value: 'Engineer' },
    });
    expect(doc.emails).toEqual([{ value: 'a@x.example', type: 'work' }]);
    expect(doc.phoneNumbers).toEqual([{ value: '+1 555 0100' }]);
    expect(doc.roles).toEqual([{ value: 'Engineer' }]);
  });

  it('drops nulls, null list entries and unknown sub-attributes', () => {
    const { doc } = canon({
      userName: 'a',
      title: null,
      nickName: undefined,
      name: { givenName: 'Ada', middleName: null, shoeSize: 38 },
      emails: [null, { value: 'a@x.example', type: null }],
    });
    expect(doc).toEqual({ userName: 'a', name: { givenName: 'Ada' }, emails: [{ value: 'a@x.example' }] });
  });

  it('drops empty lists, as an empty list and no value are the same state (RFC 7643 §2.5)', () => {
    expect(canon({ userName: 'a', roles: [], emails: [null], phoneNumbers: [] }).doc).toEqual({ userName: 'a' });
  });

  it('drops server-controlled keys (schemas, id, meta) in any case', () => {
    const { doc, ignored } = canon({ Schemas: [], ID: 'client-id', Meta: { version: 'W/"1"' }, userName: 'a' });
    expect(doc).toEqual({ userName: 'a' });
    expect(ignored).toEqual([]);
  });

  it('reports unknown attributes, including a dotted name on a multi-valued attribute', () => {
    const { doc, ignored } = canon({ userName: 'a', favouriteColour: 'green', 'emails.value': 'a@x.example', manager: 'mgr-id' });
    expect(doc).toEqual({ userName: 'a' });
    expect(ignored).toEqual(['favouriteColour', 'emails.value', 'manager']);
  });

  it('turns numbers and booleans into strings for string attributes', () => {
    const { doc } = canon({ userName: 'a', [ENT]: { employeeNumber: 701984 }, title: true });
    expect(doc[ENT]).toEqual({ employeeNumber: '701984' });
    expect(doc.title).toBe('true');
  });

  it.each([
    ['active "maybe"', { userName: 'a', active: 'maybe' }],
    ['a string given an object', { userName: { value: 'a' } }],
    ['name given a string', { userName: 'a', name: 'Ada Lovelace' }],
    ['addresses given a bare string (no value sub-attribute)', { userName: 'a', addresses: 'Berlin' }],
  ])('rejects %s with invalidValue', (_label, input) => {
    const err = scimError(() => canon(input));
    expect([err.status, err.scimType]).toEqual([400, 'invalidValue']);
  });

  it.each([
    ['null', null],
    ['an array', [{ userName: 'a' }]],
    ['a string', 'userName=a'],
    ['a number', 42],
    ['undefined', undefined],
  ])('rejects a body that is %s with invalidSyntax', (_label, input) => {
    const err = scimError(() => canon(input));
    expect([err.status, err.scimType]).toEqual([400, 'invalidSyntax']);
  });

  it('does not mutate the body', () => {
    const input = { UserName: 'a', emails: { value: 'a@x.example' }, [ENT]: { 'Manager.Value': 'm' } };
    const copy = structuredClone(input);
    canon(input);
    expect(input).toEqual(copy);
  });
});

describe('coerceBoolean and canonicalValue', () => {
  it.each([
    [true, true],
    ['True', true],
    [' false ', false],
    ['FALSE', false],
  ])('coerces %j to %j', (v, expected) => {
    expect(coerceBoolean(v, 'active')).toBe(expected);
  });

  it.each(['yes', 0, null, ''])('refuses %j naming the attribute', (v) => {
    const err = scimError(() => coerceBoolean(v, 'emails[0].primary'));
    expect(err.scimType).toBe('invalidValue');
    expect(err.message).toContain('emails[0].primary');
  });

  it('takes the single element of a one-element array for a single-valued attribute and refuses longer lists', () => {
    const manager = enterpriseSchema.attributes.find((a) => a.name === 'manager')!;
    expect(canonicalValue(manager, [{ value: 'm' }], 'manager')).toEqual({ value: 'm' });
    expect(canonicalValue(manager, [], 'manager')).toBeUndefined();
    expect(canonicalValue(manager, '', 'manager')).toBeUndefined();
    expect(scimError(() => canonicalValue(manager, ['a', 'b'], 'manager')).scimType).toBe('invalidValue');
  });
});
