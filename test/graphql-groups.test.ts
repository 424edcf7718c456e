// Teams in the directory API: groups provisioned over SCIM, read over GraphQL.
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { GroupMembersDocument, GroupsDocument, PersonGroupsDocument } from './generated/operations';
import { createTestApp, TestApp, TestWorkspace } from './support/test-app';

let t: TestApp;
let ws: TestWorkspace;
let api: string;
const ids: Record<string, string> = {};

async function gql<R, V>(doc: TypedDocumentNode<R, V>, variables: V, token = api) {
  const res = await t.http.post('/graphql').set('Content-Type', 'application/json').set('Authorization', `Bearer ${token}`).send({ query: print(doc), variables });
  expect(res.status).toBeLessThan(500);
  return res.body as { data?: R; errors?: { extensions: { code: string } }[] };
}

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace();
  api = (await t.app.services.credentials.issue(ws.id, 'api' as never, null)).secret;
  for (const [x, active] of [['ann', true], ['bob', true], ['cat', false]] as const) {
    ids[x] = (await ws.scim.post('/Users', { userName: `${x}@corp.example`, externalId: x, displayName: x, active })).body.id;
  }
  for (const [name, members] of [['Platform Team', ['ann', 'bob', 'cat']], ['Design Guild', ['ann']], ['Empty Club', []]] as const) {
    const res = await ws.scim.post('/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: name, externalId: `g-${name}`, members: members.map((m) => ({ value: ids[m] })) });
    expect(res.status).toBe(201);
    ids[name] = res.body.id;
  }
});
afterAll(async () => t.close());

test('groups list with search, counts of active members, pagination', async () => {
  const all = (await gql(GroupsDocument, { first: 2 })).data!.groups;
  expect(all.totalCount).toBe(3);
  expect(all.nodes.map((g) => [g.displayName, g.memberCount])).toEqual([['Design Guild', 1], ['Empty Club', 0]]);
  const next = (await gql(GroupsDocument, { first: 2, after: all.pageInfo.endCursor })).data!.groups;
  expect(next.nodes.map((g) => [g.displayName, g.memberCount])).toEqual([['Platform Team', 2]]);
  expect(next.pageInfo.hasNextPage).toBe(false);
  expect((await gql(GroupsDocument, { search: 'team' })).data!.groups.nodes.map((g) => g.displayName)).toEqual(['Platform Team']);
});

test("a group's members hide inactive people unless an admin asks", async () => {
  const g = (await gql(GroupMembersDocument, { id: ids['Platform Team'] })).data!.group!;
  expect(g.memberCount).toBe(2);
  expect(g.members.nodes.map((m) => m.externalId)).toEqual(['ann', 'bob']);
  expect((await gql(GroupMembersDocument, { id: ids['Platform Team'], includeInactive: true })).errors![0].extensions.code).toBe('FORBIDDEN');
  const admin = (await gql(GroupMembersDocument, { id: ids['Platform Team'], includeInactive: true }, ws.adminToken)).data!.group!;
  expect(admin.members.nodes.map((m) => [m.externalId, m.active])).toEqual([['ann', true], ['bob', true], ['cat', false]]);
});

test("a person's groups; membership changes over SCIM show up", async () => {
  expect((await gql(PersonGroupsDocument, { id: ids.ann })).data!.person!.groups.nodes.map((g) => g.displayName)).toEqual(['Design Guild', 'Platform Team']);
  await ws.scim.patch(`/Groups/${ids['Design Guild']}`, { Operations: [{ op: 'Remove', path: 'members', value: [{ value: ids.ann }] }] });
  expect((await gql(PersonGroupsDocument, { id: ids.ann })).data!.person!.groups.totalCount).toBe(1);
});

test('another workspace sees no groups', async () => {
  const other = await t.workspace();
  const token = (await t.app.services.credentials.issue(other.id, 'api' as never, null)).secret;
  expect((await gql(GroupsDocument, {}, token)).data!.groups.totalCount).toBe(0);
  expect((await gql(GroupMembersDocument, { id: ids['Platform Team'] }, token)).data!.group).toBeNull();
});
