// Pure tests of rendering a Person as a SCIM User and of attributes/excludedAttributes projection.
import type { PersonRecord } from '../domain/person/person.service.js';
import { ManagerSummary, parseAttributeList, projectResource, renderUser } from './scim-user-mapping.js';
import { CORE_USER, ENTERPRISE_USER, HAYSTACK_USER } from './scim-schemas.js';

const ENT = ENTERPRISE_USER;
const HAY = HAYSTACK_USER;
const BASE = 'https://orgraph.example/scim/v2';
const PERSON_ID = '11111111-1111-4111-8111-111111111111';
const MANAGER_ID = '22222222-2222-4222-8222-222222222222';

const person = (over: Partial<PersonRecord> = {}): PersonRecord => ({
    id: PERSON_ID,
    externalId: 'ext-ada',
    userName: 'ada@example.com',
    active: true,
    scim: {
      userName: 'stale@example.com',
      externalId: 'stale-ext',
      active: false,
      password: 'never-shown',
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      emails: [{ value: 'ada@x.example', type: 'work', primary: true }],
      [ENT]: { employeeNumber: 'E1', manager: { value: MANAGER_ID } },
    },
    managerRefKind: 'id',
    managerRef: MANAGER_ID,
    managerId: MANAGER_ID,
    createdAt: new Date('2024-01-02T03:04:05.000Z'),
    updatedAt: new Date('2024-06-07T08:09:10.000Z'),
    version: 7,
    ...over,
});

const managers = (displayName: string | null = 'Charles Babbage') =>
  new Map<string, ManagerSummary>([[MANAGER_ID, { id: MANAGER_ID, displayName }]]);

describe('renderUser', () => {
  it('renders the resource from the columns and the stored document', () => {
    const resource = renderUser(person(), { baseUrl: BASE, managers: managers() });
    expect(resource).toEqual({
      schemas: [CORE_USER, ENT],
      id: PERSON_ID,
      externalId: 'ext-ada',
      userName: 'ada@example.com',
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      emails: [{ value: 'ada@x.example', type: 'work', primary: true }],
      active: true,
      [ENT]: {
        employeeNumber: 'E1',
        manager: { value: MANAGER_ID, $ref: `${BASE}/Users/${MANAGER_ID}`, displayName: 'Charles Babbage' },
      },
      meta: {
        resourceType: 'User',
        created: '2024-01-02T03:04:05.000Z',
        lastModified: '2024-06-07T08:09:10.000Z',
        location: `${BASE}/Users/${PERSON_ID}`,
        version: 'W/"7"',
      },
    });
    expect(resource).not.toHaveProperty('password');
  });

  it('renders the manager as an object even when the document holds a bare string', () => {
    const p = person({ scim: { [ENT]: { manager: MANAGER_ID } } });
    const resource = renderUser(p, { baseUrl: BASE, managers: managers() });
    const manager = (resource[ENT] as Record<string, unknown>).manager;
    expect(typeof manager).toBe('object');
    expect(manager).toEqual({ value: MANAGER_ID, $ref: `${BASE}/Users/${MANAGER_ID}`, displayName: 'Charles Babbage' });
  });

  it('creates the enterprise extension for the manager when the document has none', () => {
    const resource = renderUser(person({ scim: { name: { givenName: 'Ada' } } }), { baseUrl: BASE, managers: managers() });
    expect(resource[ENT]).toEqual({
      manager: { value: MANAGER_ID, $ref: `${BASE}/Users/${MANAGER_ID}`, displayName: 'Charles Babbage' },
    });
    expect(resource.schemas).toEqual([CORE_USER, ENT]);
  });

  it('omits displayName when the manager has none, and $ref while the reference is pending', () => {
    const noName = renderUser(person(), { baseUrl: BASE, managers: managers(null) });
    expect((noName[ENT] as Record<string, unknown>).manager).toEqual({ value: MANAGER_ID, $ref: `${BASE}/Users/${MANAGER_ID}` });

    const pending = renderUser(person({ managerId: null, managerRef: 'not-yet-here' }), { baseUrl: BASE, managers: new Map() });
    expect((pending[ENT] as Record<string, unknown>).manager).toEqual({ value: 'not-yet-here' });
  });

  it('does not render an enterprise manager for a managerExternalId reference', () => {
    const p = person({
      scim: { [HAY]: { managerExternalId: 'ext-boss' } },
      managerRefKind: 'externalId',
      managerRef: 'ext-boss',
      managerId: MANAGER_ID,
    });
    const resource = renderUser(p, { baseUrl: BASE, managers: managers() });
    expect(resource).not.toHaveProperty([ENT]);
    expect(resource[HAY]).toEqual({ managerExternalId: 'ext-boss' });
    expect(resource.schemas).toEqual([CORE_USER, HAY]);
  });

  it('lists only the extensions present in schemas', () => {
    const bare = renderUser(person({ scim: {}, managerRefKind: null, managerRef: null, managerId: null }), { baseUrl: BASE, managers: new Map() });
    expect(bare.schemas).toEqual([CORE_USER]);
    expect(bare).not.toHaveProperty([ENT]);
    expect(bare).not.toHaveProperty([HAY]);

    const emptyExt = renderUser(person({ scim: { [ENT]: {}, [HAY]: { locality: 'Berlin' } }, managerRefKind: null, managerRef: null, managerId: null }), {
      baseUrl: BASE,
      managers: new Map(),
    });
    expect(emptyExt.schemas).toEqual([CORE_USER, HAY]);
    expect(emptyExt).not.toHaveProperty([ENT]);
  });

  it('omits a null externalId and takes userName and active from the columns', () => {
    const resource = renderUser(person({ externalId: null, active: false }), { baseUrl: BASE, managers: managers() });
    expect(resource).not.toHaveProperty('externalId');
    expect(resource.userName).toBe('ada@example.com');
    expect(resource.active).toBe(false);
  });

  it('sets meta.version to the weak ETag of the version', () => {
    const resource = renderUser(person({ version: 42 }), { baseUrl: BASE, managers: managers() });
    expect((resource.meta as Record<string, unknown>).version).toBe('W/"42"');
  });

  it('does not mutate the person document', () => {
    const p = person();
    const before = structuredClone(p.scim);
    renderUser(p, { baseUrl: BASE, managers: managers() });
    expect(p.scim).toEqual(before);
  });
});

describe('projectResource', () => {
  const resource = () => renderUser(person({ scim: { ...person().scim, [HAY]: { locality: 'Berlin' } } }), { baseUrl: BASE, managers: managers() });

  it('returns the resource itself without a projection', () => {
    const r = resource();
    expect(projectResource(r, {})).toBe(r);
  });

  it('attributes=userName,emails keeps id and schemas', () => {
    expect(projectResource(resource(), { attributes: ['userName', 'emails'] })).toEqual({
      schemas: [CORE_USER], // only the extensions the projection kept
      id: PERSON_ID,
      userName: 'ada@example.com',
      emails: [{ value: 'ada@x.example', type: 'work', primary: true }],
    });
  });

  it('matches attribute names in any case', () => {
    expect(projectResource(resource(), { attributes: ['USERNAME', 'ExternalId'] })).toEqual({
      schemas: [CORE_USER], // only the extensions the projection kept
      id: PERSON_ID,
      userName: 'ada@example.com',
      externalId: 'ext-ada',
    });
  });

  it('projects a sub-attribute: name.givenName', () => {
    expect(projectResource(resource(), { attributes: ['name.givenName'] })).toEqual({
      schemas: [CORE_USER], // only the extensions the projection kept
      id: PERSON_ID,
      name: { givenName: 'Ada' },
    });
  });

  it('projects a sub-attribute of a multi-valued attribute: emails.value', () => {
    expect(projectResource(resource(), { attributes: ['emails.value'] }).emails).toEqual([{ value: 'ada@x.example' }]);
  });

  it('projects extension attributes and whole extensions', () => {
    const manager = projectResource(resource(), { attributes: [`${ENT}:manager`] });
    expect(manager[ENT]).toEqual({
      manager: { value: MANAGER_ID, $ref: `${BASE}/Users/${MANAGER_ID}`, displayName: 'Charles Babbage' },
    });
    expect(manager).not.toHaveProperty([HAY]);
    expect(manager.schemas).toEqual([CORE_USER, ENT]);
    expect(projectResource(resource(), { attributes: [HAY] })[HAY]).toEqual({ locality: 'Berlin' });
  });

  it('ignores unknown attribute names', () => {
    expect(projectResource(resource(), { attributes: ['shoeSize', 'name.shoeSize'] })).toEqual({
      schemas: [CORE_USER], // only the extensions the projection kept
      id: PERSON_ID,
    });
  });

  it('excludedAttributes=emails,<enterprise URN> removes both and keeps the rest', () => {
    const out = projectResource(resource(), { excludedAttributes: ['emails', ENT] });
    expect(out).not.toHaveProperty('emails');
    expect(out).not.toHaveProperty([ENT]);
    expect(out.userName).toBe('ada@example.com');
    expect(out[HAY]).toEqual({ locality: 'Berlin' });
    expect(out.meta).toEqual(resource().meta);
  });

  it('never excludes id (or schemas)', () => {
    const out = projectResource(resource(), { excludedAttributes: ['id', 'ID', 'schemas', 'userName'] });
    expect(out.id).toBe(PERSON_ID);
    expect(out.schemas).toEqual([CORE_USER, ENT, HAY]);
    expect(out).not.toHaveProperty('userName');
  });

  it('excludes sub-attributes, in single and multi-valued attributes', () => {
    const out = projectResource(resource(), { excludedAttributes: ['name.familyName', 'emails.primary', `${ENT}:manager`] });
    expect(out.name).toEqual({ givenName: 'Ada' });
    expect(out.emails).toEqual([{ value: 'ada@x.example', type: 'work' }]);
    expect(out[ENT]).toEqual({ employeeNumber: 'E1' });
  });

  it('does not mutate the resource when excluding', () => {
    const r = resource();
    const before = structuredClone(r);
    projectResource(r, { excludedAttributes: ['emails.primary', 'name.givenName', ENT] });
    expect(r).toEqual(before);
  });
});

describe('parseAttributeList', () => {
  it('splits and trims comma-separated names, dropping blanks', () => {
    expect(parseAttributeList(' userName , emails,,name.givenName ')).toEqual(['userName', 'emails', 'name.givenName']);
    expect(parseAttributeList(['userName', ' emails '])).toEqual(['userName', 'emails']);
  });

  it('returns undefined for nothing', () => {
    expect(parseAttributeList(undefined)).toBeUndefined();
    expect(parseAttributeList(null)).toBeUndefined();
    expect(parseAttributeList(' , ')).toBeUndefined();
  });
});
