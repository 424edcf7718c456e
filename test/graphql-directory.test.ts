// The GraphQL directory API on a generated org with inactive people, a move, a cycle and a pending
// manager, built through the real SCIM endpoint; queries use the codegen-typed operations.
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  DatedListsDocument,
  OrgChartDocument,
  PeopleDocument,
  PeoplePageWithCountsDocument,
  PersonByEmailDocument,
  PersonByExternalIdDocument,
  PersonProfileDocument,
  ViewerDocument,
} from './generated/operations';
import { createTestApp, TestApp, TestWorkspace } from './support/test-app';

const HAY = 'urn:ietf:params:scim:schemas:extension:haystack:1.0:User';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

let t: TestApp;
let ws: TestWorkspace;
let apiToken: string;
const ids: Record<string, string> = {};

type Gql = { data?: any; errors?: { message: string; extensions: { code: string } }[] };
async function gql<R, V>(doc: TypedDocumentNode<R, V>, variables: V, token = apiToken): Promise<{ data?: R; errors?: Gql['errors'] }> {
  const res = await t.http.post('/graphql').set('Content-Type', 'application/json').set('Authorization', `Bearer ${token}`).send({ query: print(doc), variables });
  expect(res.status).toBeLessThan(500);
  return res.body;
}

function isoDaysFromToday(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function person(externalId: string, managerExternalId: string | null, extra: Record<string, unknown> = {}): Promise<void> {
  const { hay, ...rest } = extra as { hay?: Record<string, unknown> } & Record<string, unknown>;
  const res = await ws.scim.post('/Users', {
    userName: `${externalId}@corp.example`,
    externalId,
    displayName: (rest.displayName as string) ?? externalId.toUpperCase(),
    emails: [{ type: 'work', value: `${externalId}@corp.example`, primary: true }],
    ...rest,
    [HAY]: { ...(managerExternalId ? { managerExternalId } : {}), ...(hay ?? {}) },
  });
  expect(res.status).toBe(201);
  ids[externalId] = res.body.id;
}

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace();
  apiToken = (await t.app.services.credentials.issue(ws.id, 'api' as never, 'intranet')).secret;
  // Reports first in places, so pending references must resolve on arrival.
  await person('eng1', 'ea', { displayName: 'John Smith', title: 'Software Engineer', [ENT]: { department: 'Engineering', employeeNumber: 'E-1' }, hay: { locality: 'Berlin', birthday: '1990-03-14', joinDate: isoDaysFromToday(-5) } });
  await person('ea', 'vpe', { displayName: 'Alice Anders', title: 'Engineering Manager', [ENT]: { department: 'Engineering' }, hay: { locality: 'Berlin' } });
  await person('eng2', 'ea', { displayName: 'Jane Doe', title: 'Software Engineer', [ENT]: { department: 'Engineering' }, hay: { locality: 'Lisbon' } });
  await person('eng3', 'ea', { displayName: 'Gone Person', title: 'Software Engineer', active: false });
  await person('ceo', null, { displayName: 'Carla Chief', title: 'Chief Executive Officer', hay: { joinDate: '2015-01-01' } });
  await person('vpe', 'ceo', { displayName: 'Victor Engineering', title: 'VP Engineering', hay: { locality: 'Berlin' } });
  await person('vps', 'ceo', { displayName: 'Vera Sales', title: 'VP Sales', active: false });
  await person('s1', 'vps', { displayName: 'Sam Seller', title: 'Account Executive', [ENT]: { department: 'Sales' }, hay: { locality: 'Porto', countryCode: 'PT' } });
  await person('s2', 'vps', { displayName: 'Sue Seller', title: 'Account Executive', [ENT]: { department: 'Sales' } });
  await person('c1', 'c3', { displayName: 'Cy One' });
  await person('c2', 'c1', { displayName: 'Cy Two' });
  await person('c3', 'c2', { displayName: 'Cy Three' });
  await person('p1', 'ghost', { displayName: 'Pending Person' });
  // A move: Jane moves from Alice to Victor.
  const moved = await ws.scim.patch(`/Users/${ids.eng2}`, { Operations: [{ op: 'Replace', path: `${HAY}:managerExternalId`, value: 'vpe' }] });
  expect(moved.status).toBe(200);
});
afterAll(async () => t.close());

const ext = (list: { externalId?: string | null }[]) => list.map((p) => p.externalId);

describe('profiles and reporting lines', () => {
  test('chain, level, headcount, direct reports, all reports and peers', async () => {
    const { data } = await gql(PersonProfileDocument, { id: ids.eng1 });
    const p = data!.person!;
    expect(ext(p.managers)).toEqual(['ea', 'vpe', 'ceo']);
    expect(p.level).toBe(3);
    expect(p.manager!.externalId).toBe('ea');
    expect(p.headcount).toBe(0);
    expect(p.peers.totalCount).toBe(0); // Jane moved away; Gone Person is inactive
    const vpe = (await gql(PersonProfileDocument, { id: ids.vpe })).data!.person!;
    expect(ext(vpe.directReports.nodes)).toEqual(['ea', 'eng2']); // by name: Alice, Jane
    expect(vpe.directReportCount).toBe(2);
    expect(vpe.headcount).toBe(3); // ea, eng1, eng2 (eng3 inactive)
    expect(ext(vpe.reports.nodes).sort()).toEqual(['ea', 'eng1', 'eng2']);
    const ceo = (await gql(PersonProfileDocument, { id: ids.ceo })).data!.person!;
    // Vera is inactive but still manages active people: they count, she does not.
    expect(ceo.headcount).toBe(6); // vpe, ea, eng1, eng2, s1, s2
    expect(ceo.level).toBe(0);
    expect(ceo.managers).toEqual([]);
    expect(ext(ceo.directReports.nodes)).toEqual(['vpe']);
    const sam = (await gql(PersonProfileDocument, { id: ids.s1 })).data!.person!;
    expect(sam.manager!.externalId).toBe('vps');
    expect(ext(sam.peers.nodes)).toEqual(['s2']);
  });

  test('a cycle: chains end before repeating, counts stay finite', async () => {
    const c1 = (await gql(PersonProfileDocument, { id: ids.c1 })).data!.person!;
    expect(ext(c1.managers)).toEqual(['c3', 'c2']);
    expect(c1.level).toBe(2);
    expect(c1.headcount).toBe(2);
    expect(ext(c1.reports.nodes).sort()).toEqual(['c2', 'c3']);
  });

  test('inactive people looked up directly show active: false', async () => {
    const gone = (await gql(PersonByExternalIdDocument, { externalId: 'eng3' })).data!.personByExternalId!;
    expect(gone.active).toBe(false);
    expect((await gql(PersonByEmailDocument, { email: 'ENG1@Corp.Example' })).data!.personByEmail!.externalId).toBe('eng1');
    expect((await gql(PersonByEmailDocument, { email: 'nobody@corp.example' })).data!.personByEmail).toBeNull();
  });
});

describe('people search and listing', () => {
  test('inactive people are hidden unless an admin asks', async () => {
    const all = await gql(PeopleDocument, { first: 100 });
    expect(all.data!.people.totalCount).toBe(11);
    expect(ext(all.data!.people.nodes)).not.toContain('eng3');
    const denied = await gql(PeopleDocument, { includeInactive: true });
    expect(denied.errors![0].extensions.code).toBe('FORBIDDEN');
    const admin = await gql(PeopleDocument, { first: 100, includeInactive: true }, ws.adminToken);
    expect(admin.data!.people.totalCount).toBe(13);
    const onlyInactive = await gql(PeopleDocument, { filter: { active: false } }, ws.adminToken);
    expect(ext(onlyInactive.data!.people.nodes).sort()).toEqual(['eng3', 'vps']);
  });

  test('search: names, prefixes, small typos, title, department, location; ranked', async () => {
    const search = async (s: string) => ext((await gql(PeopleDocument, { search: s, first: 20 })).data!.people.nodes);
    expect((await search('john'))[0]).toBe('eng1');
    expect((await search('jonh'))[0]).toBe('eng1'); // typo
    expect((await search('smi'))[0]).toBe('eng1'); // prefix of the family name
    expect((await search('engineer')).sort()).toEqual(['ea', 'eng1', 'eng2', 'vpe'].sort());
    expect((await search('seller porto'))).toEqual(['s1']);
    expect(await search('lisbon')).toEqual(['eng2']);
    expect(await search('gone person')).not.toContain('eng3'); // inactive
    expect(await search('zzzzqqq')).toEqual([]);
  });

  test('filters by department, locality, country and manager', async () => {
    const f = async (filter: Record<string, string>) => ext((await gql(PeopleDocument, { filter, first: 50 })).data!.people.nodes).sort();
    expect(await f({ department: 'engineering' })).toEqual(['ea', 'eng1', 'eng2']);
    expect(await f({ locality: 'Berlin' })).toEqual(['ea', 'eng1', 'vpe']);
    expect(await f({ countryCode: 'PT' })).toEqual(['s1']);
    expect(await f({ managerId: ids.vps })).toEqual(['s1', 's2']);
  });

  test('pagination edges: cursors, hasNext/hasPrevious, the last page, beyond the end, first: 0, limits', async () => {
    const first = (await gql(PeopleDocument, { first: 4 })).data!.people;
    expect(first.nodes).toHaveLength(4);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.pageInfo.endCursor).toBe(first.edges[3].cursor);
    const seen = [...ext(first.nodes)];
    let after = first.pageInfo.endCursor;
    for (;;) {
      const page = (await gql(PeopleDocument, { first: 4, after })).data!.people;
      seen.push(...ext(page.nodes));
      expect(page.pageInfo.hasPreviousPage).toBe(true);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(11);
    expect(new Set(seen).size).toBe(11);
    const none = (await gql(PeopleDocument, { first: 0 })).data!.people;
    expect(none).toMatchObject({ totalCount: 11, nodes: [], pageInfo: { hasNextPage: true, startCursor: null } });
    expect((await gql(PeopleDocument, { first: 101 })).errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await gql(PeopleDocument, { first: 5, after: 'not-a-cursor' })).errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('org chart', () => {
  test('from the top: roots are people without a resolved manager; inactive people are left out', async () => {
    const chart = (await gql(OrgChartDocument, { depth: 2 })).data!.orgChart;
    const nodes = chart.nodes.map((n) => [n.person.externalId, n.depth, n.managerId ? Object.keys(ids).find((k) => ids[k] === n.managerId) : null]);
    expect(nodes).toEqual([
      ['ceo', 0, null],
      ['p1', 0, null],
      ['vpe', 1, 'ceo'],
      ['ea', 2, 'vpe'],
      ['eng2', 2, 'vpe'],
    ]);
    const ceo = chart.nodes[0];
    expect([ceo.directReportCount, ceo.headcount]).toEqual([1, 6]);
    expect(chart.truncated).toBe(false);
  });

  test('from a root, to a bounded depth; a cycle member as root terminates', async () => {
    const chart = (await gql(OrgChartDocument, { rootId: ids.ea, depth: 5 })).data!.orgChart;
    expect(chart.nodes.map((n) => n.person.externalId)).toEqual(['ea', 'eng1']);
    const cyc = (await gql(OrgChartDocument, { rootId: ids.c1, depth: 6 })).data!.orgChart;
    expect(cyc.nodes.map((n) => n.person.externalId)).toEqual(['c1', 'c2', 'c3']);
    expect((await gql(OrgChartDocument, { depth: 7 })).errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('dates', () => {
  test('new joiners, upcoming birthdays and anniversaries through the API', async () => {
    await person('bday', 'ceo', { displayName: 'Birthday Soon', hay: { birthday: `1988-${isoDaysFromToday(3).slice(5)}`, joinDate: `2020-${isoDaysFromToday(2).slice(5)}` } });
    const { data } = await gql(DatedListsDocument, { days: 10, timeZone: 'Europe/Berlin' });
    expect(ext(data!.newJoiners.map((d) => d.person))).toEqual(['eng1']);
    expect(data!.upcomingBirthdays.map((d) => d.person.externalId)).toEqual(['bday']);
    const anniversary = data!.upcomingWorkAnniversaries.find((d) => d.person.externalId === 'bday')!;
    expect(anniversary.years).toBeGreaterThanOrEqual(5);
    expect((await gql(DatedListsDocument, { days: 10, timeZone: 'Mars/Olympus' })).errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  test('the lists wrap around the year end', async () => {
    const svc = t.app.services.directory;
    await person('newyear', 'ceo', { displayName: 'New Year', hay: { birthday: '1970-01-02', joinDate: '2021-12-30' } });
    const birthdays = await svc.upcoming(ws.id, 'birthday', 7, 'UTC', 50, '2026-12-28');
    expect(birthdays.find((b) => b.person.externalId === 'newyear')?.date).toBe('2027-01-02');
    const anniversaries = await svc.upcoming(ws.id, 'join_date', 7, 'UTC', 50, '2026-12-28');
    expect(anniversaries.find((b) => b.person.externalId === 'newyear')).toMatchObject({ date: '2026-12-30', years: 5 });
    const joiners = await svc.newJoiners(ws.id, 10, 'UTC', 50, '2022-01-05');
    expect(joiners.map((j) => j.person.externalId)).toEqual(['newyear']);
  });
});

describe('privacy and access', () => {
  test('birthday year and employee number are for admins only', async () => {
    const asReader = (await gql(PersonByExternalIdDocument, { externalId: 'eng1' })).data!.personByExternalId!;
    expect(asReader.birthday).toEqual({ month: 3, day: 14, year: null });
    expect(asReader.employeeNumber).toBeNull();
    const asAdmin = (await gql(PersonByExternalIdDocument, { externalId: 'eng1' }, ws.adminToken)).data!.personByExternalId!;
    expect(asAdmin.birthday).toEqual({ month: 3, day: 14, year: 1990 });
    expect(asAdmin.employeeNumber).toBe('E-1');
  });

  test('no token → UNAUTHENTICATED; a SCIM token → FORBIDDEN; another workspace sees nothing', async () => {
    const res = await t.http.post('/graphql').set('Content-Type', 'application/json').send({ query: print(ViewerDocument) });
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await gql(ViewerDocument, {}, ws.scimToken)).errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await gql(ViewerDocument, {})).data!.viewer).toBeNull(); // an API token is nobody
    const other = await t.workspace();
    const otherToken = (await t.app.services.credentials.issue(other.id, 'api' as never, null)).secret;
    expect((await gql(PersonProfileDocument, { id: ids.eng1 }, otherToken)).data!.person).toBeNull();
    expect((await gql(PeopleDocument, { search: 'john' }, otherToken)).data!.people.totalCount).toBe(0);
    expect((await gql(PersonByExternalIdDocument, { externalId: 'eng1' }, otherToken)).data!.personByExternalId).toBeNull();
  });
});

describe('speed by design', () => {
  test('a 100-person page with managers, direct-report counts, headcounts and levels runs a constant number of statements', async () => {
    const queries: string[] = [];
    const counted = await createTestApp({ ormOverrides: { debug: ['query'], logger: (m: string) => queries.push(m) } });
    try {
      const w = await counted.workspace();
      const token = (await counted.app.services.credentials.issue(w.id, 'api' as never, null)).secret;
      // 120 people in a 3-level tree, bulk-provisioned over SCIM.
      for (let i = 0; i < 120; i++) {
        const res = await w.scim.post('/Users', { userName: `bulk${i}@corp.example`, externalId: `b${i}`, displayName: `Bulk ${String(i).padStart(3, '0')}`, [HAY]: i ? { managerExternalId: `b${Math.floor((i - 1) / 5)}` } : {} });
        expect(res.status).toBe(201);
      }
      queries.length = 0;
      const res = await counted.http
        .post('/graphql')
        .set('Content-Type', 'application/json')
        .set('Authorization', `Bearer ${token}`)
        .send({ query: print(PeoplePageWithCountsDocument), variables: { first: 100 } });
      expect(res.body.errors).toBeUndefined();
      const nodes = res.body.data.people.nodes;
      expect(nodes).toHaveLength(100);
      expect(nodes.find((n: { displayName: string }) => n.displayName === 'Bulk 000')).toMatchObject({ manager: null, directReportCount: 5, headcount: 119, level: 0 });
      expect(nodes.find((n: { displayName: string }) => n.displayName === 'Bulk 006')).toMatchObject({ manager: { displayName: 'Bulk 001' }, directReportCount: 5, level: 2 });
      const statements = queries.filter((q) => /select|insert|update|delete|with/i.test(q));
      // auth (1) + count (1) + page (1) + managers (1) + org graph version check (1) and rebuild (1)
      expect(statements.length).toBeLessThanOrEqual(6);
    } finally {
      await counted.close();
    }
  });
});
