// Pure tests of Group PATCH → domain changes, driven by what Entra ID and Okta really send
// (docs/ENTRA_SCIM.md, the recorded fixtures) and RFC 7644 §3.5.2.
import { groupPatchChanges } from './scim-group-patch.js';
import { parsePatchBody } from './scim-patch.js';
import { PATCH_OP } from './scim-schemas.js';
import { scimError } from '../../test/support/scim-error.js';

const ID = '0b9d6c1e-3f4a-4c5b-9d8e-7f6a5b4c3d2e';
const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const C = '33333333-3333-4333-8333-333333333333';

const changes = (...operations: unknown[]) => groupPatchChanges(parsePatchBody({ schemas: [PATCH_OP], Operations: operations }), { id: ID });

describe('Entra (without aadOptscim062020)', () => {
  test('Add with a list of {value, $ref: null}', () => {
    expect(changes({ op: 'Add', path: 'members', value: [{ $ref: null, value: A }, { $ref: null, value: B }] }).changes).toEqual([
      { kind: 'addMembers', ids: [A, B] },
    ]);
  });

  test('Remove with a value list removes only those members', () => {
    expect(changes({ op: 'Remove', path: 'members', value: [{ value: A }] }).changes).toEqual([{ kind: 'removeMembers', ids: [A] }]);
  });

  test('the recorded update: Replace displayName, Add then Remove the same member, in order', () => {
    const r = changes(
      { op: 'Replace', path: 'displayName', value: 'New name' },
      { op: 'Add', path: 'members', value: [{ $ref: null, value: A }] },
      { op: 'Remove', path: 'members', value: [{ $ref: null, value: A }] },
    );
    expect(r.changes).toEqual([
      { kind: 'setDisplayName', value: 'New name' },
      { kind: 'addMembers', ids: [A] },
      { kind: 'removeMembers', ids: [A] },
    ]);
  });

  test('Replace externalId; Remove externalId clears it', () => {
    expect(changes({ op: 'Replace', path: 'externalId', value: 'x-1' }).changes).toEqual([{ kind: 'setExternalId', value: 'x-1' }]);
    expect(changes({ op: 'Remove', path: 'externalId' }).changes).toEqual([{ kind: 'setExternalId', value: null }]);
  });
});

describe('Entra (with aadOptscim062020)', () => {
  test('remove with members[value eq "…"]', () => {
    expect(changes({ op: 'remove', path: `members[value eq "${A}"]` }).changes).toEqual([{ kind: 'removeMembers', ids: [A] }]);
  });

  test('a filter naming several ids with or; members.value also works', () => {
    expect(changes({ op: 'remove', path: `members[value eq "${A}" or members.value eq "${B}"]` }).changes).toEqual([
      { kind: 'removeMembers', ids: [A, B] },
    ]);
  });

  test('consecutive one-member operations become one change per kind, order kept', () => {
    const r = changes(
      { op: 'add', path: 'members', value: [{ value: A }] },
      { op: 'add', path: 'members', value: [{ value: B }] },
      { op: 'remove', path: `members[value eq "${C}"]` },
      { op: 'remove', path: `members[value eq "${A}"]` },
      { op: 'add', path: 'members', value: [{ value: C }] },
    );
    expect(r.changes).toEqual([
      { kind: 'addMembers', ids: [A, B] },
      { kind: 'removeMembers', ids: [C, A] },
      { kind: 'addMembers', ids: [C] },
    ]);
  });
});

describe('Okta', () => {
  test('replace of members is the full set', () => {
    expect(changes({ op: 'replace', path: 'members', value: [{ value: A, display: 'a@okta.local' }, { value: B }] }).changes).toEqual([
      { kind: 'replaceMembers', ids: [A, B] },
    ]);
  });

  test('path-less replace carrying the same id and a displayName', () => {
    expect(changes({ op: 'replace', value: { id: ID, displayName: 'Test SCIMv2' } }).changes).toEqual([{ kind: 'setDisplayName', value: 'Test SCIMv2' }]);
    expect(changes({ op: 'replace', value: { id: ID.toUpperCase(), displayName: 'x' } }).changes).toHaveLength(1);
  });

  test('path-less replace with another id is refused (id is read-only)', () => {
    expect(scimError(() => changes({ op: 'replace', value: { id: A, displayName: 'x' } }))).toMatchObject({ status: 400, scimType: 'mutability' });
  });

  test('path-less add and replace may carry members too; schemas and meta are skipped', () => {
    expect(changes({ op: 'add', value: { members: [{ value: A }], schemas: ['x'], meta: {} } }).changes).toEqual([{ kind: 'addMembers', ids: [A] }]);
    expect(changes({ op: 'replace', value: { members: [] } }).changes).toEqual([{ kind: 'replaceMembers', ids: [] }]);
  });
});

describe('letter case, URNs, edge cases', () => {
  test('ops and attribute names in any letter case', () => {
    expect(changes({ OP: 'ADD', Path: 'MEMBERS', Value: [{ VALUE: A, Type: 'User' }] }).changes).toEqual([{ kind: 'addMembers', ids: [A] }]);
    expect(changes({ op: 'REPLACE', path: 'DisplayName', value: 'x' }).changes).toEqual([{ kind: 'setDisplayName', value: 'x' }]);
    expect(changes({ op: 'Remove', path: `Members[Value EQ "${A}"]` }).changes).toEqual([{ kind: 'removeMembers', ids: [A] }]);
  });

  test('core-URN-qualified paths', () => {
    expect(changes({ op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:Group:displayName', value: 'x' }).changes).toEqual([
      { kind: 'setDisplayName', value: 'x' },
    ]);
    expect(changes({ op: 'replace', value: { 'urn:ietf:params:scim:schemas:core:2.0:Group:displayName': 'y' } }).changes).toEqual([
      { kind: 'setDisplayName', value: 'y' },
    ]);
  });

  test('remove of members without a value removes every member; an empty list removes none', () => {
    expect(changes({ op: 'remove', path: 'members' }).changes).toEqual([{ kind: 'replaceMembers', ids: [] }]);
    expect(changes({ op: 'remove', path: 'members', value: [] }).changes).toEqual([{ kind: 'removeMembers', ids: [] }]);
  });

  test('a single member object or a bare id string is accepted; duplicates are passed on (the domain drops them)', () => {
    expect(changes({ op: 'add', path: 'members', value: { value: A } }).changes).toEqual([{ kind: 'addMembers', ids: [A] }]);
    expect(changes({ op: 'add', path: 'members', value: [A, A] }).changes).toEqual([{ kind: 'addMembers', ids: [A, A] }]);
  });

  test('unknown attributes are ignored and reported', () => {
    const r = changes({ op: 'replace', path: 'description', value: 'x' }, { op: 'add', value: { owners: [] } }, { op: 'add', path: 'urn:example:ext:1.0:Group:x', value: 1 });
    expect(r.changes).toEqual([]);
    expect(r.ignored).toEqual(['description', 'owners', 'urn:example:ext:1.0:Group:x']);
  });

  test('refused: nested groups, members without a value, unsupported filters and paths, remove without a path', () => {
    expect(scimError(() => changes({ op: 'add', path: 'members', value: [{ value: A, type: 'Group' }] }))).toMatchObject({ scimType: 'invalidValue' });
    expect(scimError(() => changes({ op: 'add', path: 'members', value: [{ display: 'x' }] })).message).toContain('Operations[0]: "members[0].value"');
    expect(scimError(() => changes({ op: 'add', path: 'members', value: [42] }))).toMatchObject({ scimType: 'invalidValue' });
    expect(scimError(() => changes({ op: 'remove', path: 'members[display eq "x"]' }))).toMatchObject({ scimType: 'invalidPath' });
    expect(scimError(() => changes({ op: 'remove', path: `members[value ne "${A}"]` }))).toMatchObject({ scimType: 'invalidPath' });
    expect(scimError(() => changes({ op: 'remove', path: 'members[value eq]' }))).toMatchObject({ scimType: 'invalidPath' });
    expect(scimError(() => changes({ op: 'replace', path: `members[value eq "${A}"]`, value: { value: B } }))).toMatchObject({ scimType: 'invalidPath' });
    expect(scimError(() => changes({ op: 'remove', path: 'members.value' }))).toMatchObject({ scimType: 'invalidPath' });
    expect(scimError(() => changes({ op: 'replace', path: 'displayName.x', value: 'x' }))).toMatchObject({ scimType: 'invalidPath' });
    expect(scimError(() => changes({ op: 'remove', value: { displayName: 'x' } }))).toMatchObject({ scimType: 'noTarget' });
    expect(scimError(() => changes({ op: 'replace', value: 'x' }))).toMatchObject({ scimType: 'invalidSyntax' });
    expect(scimError(() => changes({ op: 'replace', path: 'meta', value: {} }))).toMatchObject({ scimType: 'mutability' });
    expect(scimError(() => changes({ op: 'replace', path: 'not a path!', value: 1 }))).toMatchObject({ scimType: 'invalidPath' });
  });

  test('removing displayName is passed on for the domain to refuse (it is required)', () => {
    expect(changes({ op: 'remove', path: 'displayName' }).changes).toEqual([{ kind: 'setDisplayName', value: undefined }]);
  });
});
