// Compiled SCIM filters, sorting and paging run against the real PostgreSQL through GET /Users.
import { createTestApp, TestApp, TestWorkspace } from './support/test-app';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const HAY = 'urn:ietf:params:scim:schemas:extension:haystack:1.0:User';

let t: TestApp;
let ws: TestWorkspace;
/** userName → id, as created. */
const ids = new Map<string, string>();

interface Seed {
  userName: string;
  externalId: string;
  active?: boolean;
  title?: string;
  emails?: { type: string; value: string; primary?: boolean }[];
  department?: string;
  employeeNumber?: string;
  locality?: string;
}

const SEED: Seed[] = [
  {
    userName: 'Alice@Corp.com',
    externalId: 'ext-1',
    title: 'Engineer',
    emails: [
      { type: 'work', value: 'alice@corp.com', primary: true },
      { type: 'home', value: 'alice@home.net' },
    ],
    department: 'Engineering',
    locality: 'Berlin',
  },
  {
    userName: 'bob@corp.com',
    externalId: 'ext-2',
    title: 'Sales Lead',
    emails: [{ type: 'work', value: 'bob@corp.com' }],
    department: 'Sales',
    locality: 'Munich',
  },
  {
    userName: 'CAROL@corp.com',
    externalId: 'ext-3',
    active: false,
    emails: [
      { type: 'work', value: 'carol@corp.com' },
      // Same address as erin's WORK email, but here it is a HOME email.
      { type: 'home', value: 'shared@mail.com' },
    ],
    department: 'Sales',
  },
  {
    userName: 'dave@example.org',
    externalId: 'ext-4',
    title: 'Engineer',
    emails: [{ type: 'work', value: 'dave@example.org' }],
    employeeNumber: '00123',
  },
  {
    userName: 'erin@corp.com',
    externalId: 'ext-5',
    title: 'X',
    emails: [{ type: 'work', value: 'Shared@Mail.com' }],
    department: 'sales',
  },
  {
    userName: 'frank@partner.io',
    externalId: 'ext-6',
    active: false,
    title: 'Engineer',
    emails: [
      { type: 'work', value: 'frank@partner.io' },
      // "@corp" only in a HOME email.
      { type: 'home', value: 'frank@corp.com' },
    ],
  },
  {
    userName: 'grace@corp.com',
    externalId: 'ext-7',
    title: 'Director',
    department: 'Engineering',
    locality: 'berlin',
  },
  {
    userName: 'heidi@corp.com',
    externalId: 'ext-8',
    emails: [
      { type: 'work', value: 'Zoë.Émile@corp.com' },
      // JavaScript lower-cases İ to "i̇" (two code points), PostgreSQL to "i".
      { type: 'other', value: 'İpek@corp.com' },
    ],
    locality: 'Hamburg',
  },
];

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace();
  // Sequential, so meta.created (and the default order) follows SEED.
  for (const s of SEED) {
    const body: Record<string, unknown> = { schemas: [CORE, ENT, HAY], userName: s.userName, externalId: s.externalId };
    if (s.active !== undefined) body.active = s.active;
    if (s.title) body.title = s.title;
    if (s.emails) body.emails = s.emails;
    const ent: Record<string, unknown> = {};
    if (s.department) ent.department = s.department;
    if (s.employeeNumber) ent.employeeNumber = s.employeeNumber;
    if (Object.keys(ent).length) body[ENT] = ent;
    if (s.locality) body[HAY] = { locality: s.locality };
    const res = await ws.scim.post('/Users', body);
    expect(res.status).toBe(201);
    ids.set(s.userName, res.body.id);
  }
  // Another workspace's users must never leak into results.
  const other = await t.workspace();
  const res = await other.scim.post('/Users', { schemas: [CORE], userName: 'alice@corp.com', externalId: 'ext-1', title: 'Engineer' });
  expect(res.status).toBe(201);
});
afterAll(async () => t.close());

const list = (query: string) => ws.scim.get(`/Users?${query}`);
const byFilter = (filter: string) => list(`filter=${encodeURIComponent(filter)}&count=100`);

async function userNames(filter: string): Promise<string[]> {
  const res = await byFilter(filter);
  expect({ filter, status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({ filter, status: 200, body: undefined });
  expect(res.body.totalResults).toBe(res.body.Resources.length);
  return res.body.Resources.map((r: { userName: string }) => r.userName).sort();
}

describe('filters against PostgreSQL', () => {
  test.each<[string, string[]]>([
    // userName is case-insensitive on both sides.
    ['userName eq "alice@corp.com"', ['Alice@Corp.com']],
    ['USERNAME Eq "carol@CORP.com"', ['CAROL@corp.com']],
    ['userName sw "ALICE"', ['Alice@Corp.com']],
    ['userName ew "@CORP.COM"', ['Alice@Corp.com', 'CAROL@corp.com', 'bob@corp.com', 'erin@corp.com', 'grace@corp.com', 'heidi@corp.com']],
    // externalId is case-exact.
    ['externalId eq "ext-3"', ['CAROL@corp.com']],
    ['externalId eq "EXT-3"', []],
    // Unquoted value, as Entra sends it.
    ['externalId eq ext-3', ['CAROL@corp.com']],
    // Value filter: one element must satisfy both conditions.
    ['emails[type eq "work" and value co "@corp"]', ['Alice@Corp.com', 'CAROL@corp.com', 'bob@corp.com', 'heidi@corp.com']],
    // erin's WORK email is that address; carol only has it as a HOME email.
    ['emails[type eq "work"].value eq "SHARED@mail.com"', ['erin@corp.com']],
    ['emails.value eq "shared@mail.com"', ['CAROL@corp.com', 'erin@corp.com']],
    ['emails[type eq "home"]', ['Alice@Corp.com', 'CAROL@corp.com', 'frank@partner.io']],
    ['emails.value co "@CORP"', ['Alice@Corp.com', 'CAROL@corp.com', 'bob@corp.com', 'frank@partner.io', 'heidi@corp.com']],
    ['not (emails pr)', ['grace@corp.com']],
    // Non-ASCII address: the indexed pre-filter must not lose it.
    ['emails[type eq "work"].value eq "Zoë.Émile@corp.com"', ['heidi@corp.com']],
    ['emails eq "Zoë.Émile@corp.com"', ['heidi@corp.com']],
    ['emails[type eq "other"].value eq "İpek@corp.com"', ['heidi@corp.com']],
    ['emails.value eq "İpek@corp.com"', ['heidi@corp.com']],
    // Presence and absence of a column attribute.
    ['not (title pr)', ['CAROL@corp.com', 'heidi@corp.com']],
    ['title pr', ['Alice@Corp.com', 'bob@corp.com', 'dave@example.org', 'erin@corp.com', 'frank@partner.io', 'grace@corp.com']],
    // `ne` matches people without a title; "x" is compared ignoring case, so erin ("X") is out.
    ['title ne "x"', ['Alice@Corp.com', 'CAROL@corp.com', 'bob@corp.com', 'dave@example.org', 'frank@partner.io', 'grace@corp.com', 'heidi@corp.com']],
    ['not (title eq "engineer")', ['CAROL@corp.com', 'bob@corp.com', 'erin@corp.com', 'grace@corp.com', 'heidi@corp.com']],
    ['title gt "E" and title lt "S"', ['Alice@Corp.com', 'dave@example.org', 'frank@partner.io']],
    ['active eq false', ['CAROL@corp.com', 'frank@partner.io']],
    ['active eq "True" and title eq "Engineer"', ['Alice@Corp.com', 'dave@example.org']],
    [`${ENT}:department eq "Sales"`, ['CAROL@corp.com', 'bob@corp.com', 'erin@corp.com']],
    ['department eq "engineering"', ['Alice@Corp.com', 'grace@corp.com']],
    [`${ENT}:employeeNumber eq "00123"`, ['dave@example.org']],
    // Unquoted value with leading zeros stays the text it is.
    [`${ENT}:employeeNumber eq 00123`, ['dave@example.org']],
    // A haystack attribute lives only in the JSONB document.
    [`${HAY}:locality eq "BERLIN"`, ['Alice@Corp.com', 'grace@corp.com']],
    [`${HAY}:locality pr and not (${HAY}:locality sw "b")`, ['bob@corp.com', 'heidi@corp.com']],
    ['meta.created gt "2000-01-01T00:00:00Z"', SEED.map((s) => s.userName).sort()],
    ['meta.created lt "2000-01-01T00:00:00Z"', []],
    // Date-time spellings PostgreSQL accepts as well.
    ['meta.created gt "2000-02-29"', SEED.map((s) => s.userName).sort()],
    ['meta.created gt "2000-01-01 00:00"', SEED.map((s) => s.userName).sort()],
    ['meta.created gt "2000-01-01t00:00:00.123456789z"', SEED.map((s) => s.userName).sort()],
    ['meta.lastModified gt "2000-01-01T00:00:00+05:30"', SEED.map((s) => s.userName).sort()],
    ['meta.lastModified ge "2000-01-01T00:00:00-0800"', SEED.map((s) => s.userName).sort()],
    ['meta.lastModified le "9999-12-31T23:59:59+14"', SEED.map((s) => s.userName).sort()],
    ['meta.created eq "2000-01-01T00:00:00Z"', []],
    // Grouping changes the meaning: and binds tighter than or.
    ['title eq "Director" or department eq "Sales" and active eq false', ['CAROL@corp.com', 'grace@corp.com']],
    ['(title eq "Director" or department eq "Sales") and active eq true', ['bob@corp.com', 'erin@corp.com', 'grace@corp.com']],
    ['userName eq "bob@corp.com" or externalId eq ext-4 or emails[value ew "partner.io"]', ['bob@corp.com', 'dave@example.org', 'frank@partner.io']],
    ['not (active eq true or title pr)', ['CAROL@corp.com']],
    ['userName eq "nobody@corp.com"', []],
  ])('%s', async (filter, expected) => {
    expect(await userNames(filter)).toEqual([...expected].sort());
  });

  test('id eq: a real id, the same id in upper case, and a non-uuid', async () => {
    const id = ids.get('dave@example.org')!;
    expect(await userNames(`id eq "${id}"`)).toEqual(['dave@example.org']);
    expect(await userNames(`id eq "${id.toUpperCase()}"`)).toEqual(['dave@example.org']);
    expect(await userNames('id eq "not-a-uuid"')).toEqual([]);
  });

  test('enterprise manager.value (uuid column) by URN', async () => {
    const bossId = ids.get('grace@corp.com')!;
    const res = await ws.scim.post('/Users', { schemas: [CORE, ENT], userName: 'ivan@corp.com', externalId: 'ext-9', [ENT]: { manager: { value: bossId } } });
    expect(res.status).toBe(201);
    try {
      expect(await userNames(`${ENT}:manager.value eq "${bossId}"`)).toEqual(['ivan@corp.com']);
      expect(await userNames(`${ENT}:manager pr`)).toEqual(['ivan@corp.com']);
    } finally {
      expect((await ws.scim.delete(`/Users/${res.body.id}`)).status).toBe(204);
    }
  });
});

describe('sorting and paging', () => {
  test('sortBy userName descending ignores case', async () => {
    const res = await list('sortBy=userName&sortOrder=descending');
    expect(res.status).toBe(200);
    expect(res.body.Resources.map((r: { userName: string }) => r.userName)).toEqual([
      'heidi@corp.com',
      'grace@corp.com',
      'frank@partner.io',
      'erin@corp.com',
      'dave@example.org',
      'CAROL@corp.com',
      'bob@corp.com',
      'Alice@Corp.com',
    ]);
  });

  test('sortBy emails sorts by the primary email; people without one come last', async () => {
    const res = await list(`filter=${encodeURIComponent('title pr')}&sortBy=emails&sortOrder=ascending`);
    expect(res.status).toBe(200);
    expect(res.body.Resources.map((r: { userName: string }) => r.userName)).toEqual([
      'Alice@Corp.com', // alice@corp.com
      'bob@corp.com', // bob@corp.com
      'dave@example.org', // dave@example.org
      'frank@partner.io', // frank@partner.io
      'erin@corp.com', // Shared@Mail.com
      'grace@corp.com', // none: NULLS LAST
    ]);
  });

  test('startIndex and count page through a filtered, sorted list', async () => {
    const filter = encodeURIComponent('userName ew "@corp.com"');
    const page = async (startIndex: number, count: number) => {
      const res = await list(`filter=${filter}&sortBy=userName&startIndex=${startIndex}&count=${count}`);
      expect(res.status).toBe(200);
      return res.body;
    };
    const p1 = await page(1, 4);
    expect(p1.totalResults).toBe(6);
    expect(p1.startIndex).toBe(1);
    expect(p1.itemsPerPage).toBe(4);
    expect(p1.Resources.map((r: { userName: string }) => r.userName)).toEqual(['Alice@Corp.com', 'bob@corp.com', 'CAROL@corp.com', 'erin@corp.com']);

    const p2 = await page(5, 4);
    expect(p2).toMatchObject({ totalResults: 6, startIndex: 5, itemsPerPage: 2 });
    expect(p2.Resources.map((r: { userName: string }) => r.userName)).toEqual(['grace@corp.com', 'heidi@corp.com']);

    const past = await page(7, 4);
    expect(past).toMatchObject({ totalResults: 6, startIndex: 7, itemsPerPage: 0, Resources: [] });

    const countOnly = await page(1, 0);
    expect(countOnly).toMatchObject({ totalResults: 6, itemsPerPage: 0, Resources: [] });
  });

  test('sortBy a haystack attribute by URN, default (ascending) order', async () => {
    const res = await list(`filter=${encodeURIComponent(`${HAY}:locality pr`)}&sortBy=${encodeURIComponent(`${HAY}:locality`)}`);
    expect(res.status).toBe(200);
    const rows = res.body.Resources.map((r: Record<string, any>) => `${r[HAY].locality}/${r.userName}`);
    // Berlin and berlin tie (sorted ignoring case); ties are broken by creation order.
    expect(rows).toEqual(['Berlin/Alice@Corp.com', 'berlin/grace@corp.com', 'Hamburg/heidi@corp.com', 'Munich/bob@corp.com']);
  });
});

describe('errors', () => {
  test.each<[string, string]>([
    ['unknown attribute', 'favouriteColour eq "blue"'],
    ['unknown sub-attribute', 'name.nickname eq "x"'],
    ['unknown schema URN', 'urn:example:params:scim:schemas:extension:acme:1.0:User:badge eq "1"'],
    ['password is never returned, so never filterable', 'password eq "secret"'],
    ['syntax error', 'userName eq'],
    ['unbalanced parenthesis', '(userName eq "a"'],
    ['boolean compared with a non-boolean', 'active eq "maybe"'],
    ['bad date', 'meta.created gt "soon"'],
    ['date the JavaScript parser accepts but PostgreSQL does not', 'meta.created gt "1"'],
    ['impossible calendar date', 'meta.lastModified ge "2024-02-30T00:00:00Z"'],
    ['not a leap year', 'meta.created ge "2023-02-29"'],
    ['year zero', 'meta.created ge "0000-01-01"'],
    ['hour 25', 'meta.created ge "2024-01-01T25:00:00Z"'],
    ['offset out of range', 'meta.created ge "2024-01-01T00:00:00+16:00"'],
    ['date as a number', 'meta.created gt 2024'],
    ['unsupported operator on a date', 'meta.created co "2024"'],
  ])('%s → 400 invalidFilter', async (_what, filter) => {
    const res = await byFilter(filter);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: '400', scimType: 'invalidFilter' });
    expect(typeof res.body.detail).toBe('string');
  });

  test('unknown sortBy → 400 invalidValue', async () => {
    const res = await list('sortBy=favouriteColour');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
  });
});
