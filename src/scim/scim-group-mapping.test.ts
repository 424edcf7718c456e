// Pure tests of Group bodies, rendering, projection, and the Group filter translation.
import type { Group } from '../domain/group/group.entity.js';
import { parseFilter } from './filter/scim-filter-parser.js';
import { compileFilter, sortExpression } from './filter/scim-filter-sql.js';
import { ScimError } from './scim-errors.js';
import { GROUP_FILTER_TARGET } from './scim-group-filter.js';
import { groupBody, projectGroup, renderGroup, wantsMembers } from './scim-group-mapping.js';
import { CORE_GROUP, LEGACY_ENTRA_GROUP } from './scim-schemas.js';

const A = '11111111-1111-4111-8111-111111111111';
const BASE = 'https://orgraph.test/scim/v2';

const group = (over: Partial<Group> = {}): Group =>
  ({
    id: 'a0a0a0a0-0000-4000-8000-000000000001',
    externalId: 'ext-1',
    displayName: 'Engineering',
    scim: {},
    version: 3,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    updatedAt: new Date('2026-01-02T00:00:00Z'),
    ...over,
  }) as Group;

describe('groupBody', () => {
  test("Entra's create: legacy schema URN accepted, meta ignored", () => {
    const r = groupBody({ schemas: [CORE_GROUP, LEGACY_ENTRA_GROUP], externalId: 'e1', displayName: 'G', meta: { resourceType: 'Group' } });
    expect(r).toEqual({ input: { attributes: {}, externalId: 'e1', displayName: 'G' }, ignored: [] });
  });

  test("Okta's create with an empty member list; members in any shape and letter case", () => {
    expect(groupBody({ schemas: [CORE_GROUP], displayName: 'Test SCIMv2', members: [] }).input.members).toEqual([]);
    expect(groupBody({ DisplayName: 'x', Members: [{ Value: A, display: 'n', $ref: null }, A] }).input).toMatchObject({ displayName: 'x', members: [A, A] });
    expect(groupBody({ displayName: 'x', members: null }).input.members).toEqual([]);
  });

  test('unknown attributes are reported; id is ignored; no members means undefined (not "none")', () => {
    const r = groupBody({ id: 'mine', displayName: 'x', description: 'd', 'urn:example:1.0:Group': {} });
    expect(r.ignored).toEqual(['description', 'urn:example:1.0:Group']);
    expect(r.input.members).toBeUndefined();
  });

  test('refused: not an object, non-string displayName, nested groups', () => {
    expect(() => groupBody([])).toThrow(ScimError);
    expect(() => groupBody({ displayName: 7 })).toThrow('"displayName" must be a string');
    expect(() => groupBody({ displayName: 'x', members: [{ value: A, type: 'Group' }] })).toThrow('nested groups');
  });
});

describe('renderGroup and projection', () => {
  const members = [{ id: A, display: 'Ada Lovelace' }];

  test('members as {value, $ref, display}; meta with version', () => {
    expect(renderGroup(group(), members, BASE)).toEqual({
      schemas: [CORE_GROUP],
      id: group().id,
      externalId: 'ext-1',
      displayName: 'Engineering',
      members: [{ value: A, $ref: `${BASE}/Users/${A}`, display: 'Ada Lovelace' }],
      meta: {
        resourceType: 'Group',
        created: '2026-01-01T00:00:00.000Z',
        lastModified: '2026-01-02T00:00:00.000Z',
        location: `${BASE}/Groups/${group().id}`,
        version: 'W/"3"',
      },
    });
  });

  test('members not loaded: no members attribute; no externalId: none rendered', () => {
    const r = renderGroup(group({ externalId: null }), undefined, BASE);
    expect(r).not.toHaveProperty('members');
    expect(r).not.toHaveProperty('externalId');
  });

  test('wantsMembers: excludedAttributes=members (any case) and attributes without members skip loading', () => {
    expect(wantsMembers({})).toBe(true);
    expect(wantsMembers({ excludedAttributes: ['members'] })).toBe(false);
    expect(wantsMembers({ excludedAttributes: ['Members'] })).toBe(false);
    expect(wantsMembers({ excludedAttributes: [`${CORE_GROUP}:members`] })).toBe(false);
    expect(wantsMembers({ excludedAttributes: ['members.display'] })).toBe(true);
    expect(wantsMembers({ attributes: ['displayName'] })).toBe(false);
    expect(wantsMembers({ attributes: ['members.value'] })).toBe(true);
  });

  test('attributes keep schemas and id; sub-attributes of members merge per element', () => {
    const full = renderGroup(group(), members, BASE);
    expect(projectGroup(full, { attributes: ['displayName'] })).toEqual({ schemas: [CORE_GROUP], id: group().id, displayName: 'Engineering' });
    expect(projectGroup(full, { attributes: ['members.value', 'members.display', 'nope'] })).toEqual({
      schemas: [CORE_GROUP],
      id: group().id,
      members: [{ value: A, display: 'Ada Lovelace' }],
    });
  });

  test('excludedAttributes removes attributes and sub-attributes, never id', () => {
    const full = renderGroup(group(), members, BASE);
    const r = projectGroup(full, { excludedAttributes: ['members.$ref', 'meta', 'id', 'externalId'] });
    expect(r).toEqual({ schemas: [CORE_GROUP], id: group().id, displayName: 'Engineering', members: [{ value: A, display: 'Ada Lovelace' }] });
  });
});

describe('Group filters in SQL', () => {
  const sql = (filter: string) => compileFilter(GROUP_FILTER_TARGET, parseFilter(filter));

  test('displayName eq is case-insensitive on the indexed expression', () => {
    expect(sql('displayName eq "Sales"')).toEqual({ sql: '(lower(g.display_name) = lower(?))', params: ['Sales'] });
  });

  test('members.value eq, members[value eq] and members pr are EXISTS on group_member', () => {
    const exists = `EXISTS (SELECT 1 FROM group_member gm WHERE gm.group_id = g.id AND (gm.person_id = ?::uuid))`;
    expect(sql(`members.value eq "${A}"`)).toEqual({ sql: exists, params: [A] });
    expect(sql(`members[value eq "${A.toUpperCase()}"]`)).toEqual({ sql: exists, params: [A] });
    expect(sql(`members eq "${A}"`)).toEqual({ sql: exists, params: [A] });
    expect(sql('members pr').sql).toBe('EXISTS (SELECT 1 FROM group_member gm WHERE gm.group_id = g.id)');
    // Not a uuid: matches nothing (no SQL error).
    expect(sql('members.value eq "f648f8d5ea4e4cd38e9c"').sql).toBe('EXISTS (SELECT 1 FROM group_member gm WHERE gm.group_id = g.id AND false)');
  });

  test('externalId, id, meta', () => {
    expect(sql('externalId eq "E"')).toEqual({ sql: '(g.external_id = ?)', params: ['E'] });
    expect(sql(`id eq "${A}"`).sql).toBe('(g.id = ?::uuid)');
    expect(sql('meta.resourceType eq "Group"').sql).toBe("('Group'::text = ?)");
    expect(sql('meta.lastModified gt "2026-01-01T00:00:00Z"').sql).toBe('(g.updated_at > ?::timestamptz)');
  });

  test('members.display cannot be filtered; user attributes are unknown here', () => {
    expect(() => sql('members.display eq "x"')).toThrow('Filtering on "members.display" is not supported');
    expect(() => sql('userName eq "x"')).toThrow('Unknown attribute "userName"');
  });

  test('sortBy displayName; members cannot be sorted', () => {
    expect(sortExpression(GROUP_FILTER_TARGET, 'displayName')).toBe('lower(g.display_name)');
    expect(() => sortExpression(GROUP_FILTER_TARGET, 'members')).toThrow(ScimError);
  });
});
