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

test("a list of people with each one's groups: right pages and totals, one statement for all of them", async () => {
  const queries: string[] = [];
  const counted = await createTestApp({ ormOverrides: { debug: ['query'], logger: (m: string) => queries.push(m) } });
  try {
    const w = await counted.workspace();
    const token = (await counted.app.services.credentials.issue(w.id, 'api' as never, null)).secret;
    const people: Record<string, string> = {};
    for (const x of ['ann', 'bob', 'cat', 'dan']) {
      people[x] = (await w.scim.post('/Users', { userName: `${x}@corp.example`, externalId: x, displayName: x })).body.id;
    }
    for (const [name, members] of [['Zeta', ['ann', 'bob']], ['Alpha', ['ann']], ['Mid', ['ann', 'cat']]] as const) {
      const res = await w.scim.post('/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: name, members: members.map((m) => ({ value: people[m] })) });
      expect(res.status).toBe(201);
    }
    const ask = async (first: number) => {
      queries.length = 0;
      const res = await counted.http
        .post('/graphql')
        .set('Content-Type', 'application/json')
        .set('Authorization', `Bearer ${token}`)
        .send({ query: `{ people(first: 10) { nodes { externalId groups(first: ${first}) { totalCount nodes { displayName } } } } }` });
      expect(res.body.errors).toBeUndefined();
      const byPerson = Object.fromEntries(
        res.body.data.people.nodes.map((n: { externalId: string; groups: { totalCount: number; nodes: { displayName: string }[] } }) => [
          n.externalId,
          [n.groups.totalCount, n.groups.nodes.map((g) => g.displayName)],
        ]),
      );
      return { byPerson, groupStatements: queries.filter((q) => /group_member/i.test(q)).length };
    };
    expect(await ask(2)).toEqual({
      byPerson: { ann: [3, ['Alpha', 'Mid']], bob: [1, ['Zeta']], cat: [1, ['Mid']], dan: [0, []] },
      groupStatements: 1,
    });
    expect(await ask(0)).toEqual({ byPerson: { ann: [3, []], bob: [1, []], cat: [1, []], dan: [0, []] }, groupStatements: 1 });
  } finally {
    await counted.close();
  }
});
