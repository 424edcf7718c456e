// Pure tests of the rules every person write goes through: date and photo validation, the single
// manager reference, derived columns and change detection.
import {
  ENTERPRISE_URN,
  HAYSTACK_URN,
  PersonDocument,
  changedAttributes,
  deriveColumns,
  isHttpsUrl,
  managerReference,
  parseProfileDate,
  reconcileManager,
  sanitizeDocument,
} from './person-document.js';

const ENT = ENTERPRISE_URN;
const HAY = HAYSTACK_URN;

describe('parseProfileDate', () => {
  it.each([
    ['2024-03-01', '2024-03-01'],
    [' 2024-03-01 ', '2024-03-01'],
    ['2024-02-29', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
    ['2024-03-01T00:00:00Z', '2024-03-01'],
    ['2024-03-01T10:15:30.123Z', '2024-03-01'],
    ['2024-03-01t10:15z', '2024-03-01'],
    // The date as written is kept: an offset does not shift it to another UTC day.
    ['2024-03-01T23:30:00-05:00', '2024-03-01'],
    ['2024-03-01T00:30:00+02:00', '2024-03-01'],
    ['2024-03-01T00:30:00+0200', '2024-03-01'],
    ['2024-03-01 08:00', '2024-03-01'],
    ['1800-01-01', '1800-01-01'],
  ])('accepts %j as %j', (input, expected) => {
    expect(parseProfileDate(input)).toBe(expected);
  });

  it.each([
    ['2023-02-29'],
    ['1900-02-29'],
    ['2024-04-31'],
    ['2024-13-01'],
    ['2024-00-10'],
    ['2024-01-00'],
    ['03/01/2024'],
    ['01.03.2024'],
    ['2024-3-1'],
    ['20240301'],
    ['2024-03-01T25'],
    ['2024-03-01Tnoon'],
    ['1799-12-31'],
    [''],
    [20240301],
    [null],
    [undefined],
    [new Date('2024-03-01')],
  ])('rejects %j', (input) => {
    expect(parseProfileDate(input)).toBeNull();
  });
});

describe('isHttpsUrl', () => {
  it.each(['https://cdn.example.com/ada.jpg', 'HTTPS://CDN.EXAMPLE.COM/a.png', 'https://cdn.example.com:8443/a?size=96'])(
    'accepts %j',
    (url) => expect(isHttpsUrl(url)).toBe(true),
  );

  it.each([
    'http://cdn.example.com/ada.jpg',
    '/photos/ada.jpg',
    'photos/ada.jpg',
    '//cdn.example.com/ada.jpg',
    'https://',
    'ftp://cdn.example.com/ada.jpg',
    'data:image/png;base64,AAAA',
    'javascript:alert(1)',
    '',
    42,
    null,
    { value: 'https://cdn.example.com/a.jpg' },
  ])('rejects %j', (url) => expect(isHttpsUrl(url)).toBe(false));
});

describe('sanitizeDocument', () => {
  const input = (): PersonDocument => ({
    userName: 'ada@example.com',
    password: 's3cret',
    displayName: 'Ada',
    emails: [{ value: 'ada@x.example', type: 'work', primary: true }],
    photos: [
      { value: 'http://cdn.example.com/ada.jpg', type: 'photo' },
      { value: 'https://cdn.example.com/ada.jpg', type: 'photo' },
      { value: '/relative/ada.jpg', type: 'thumbnail' },
    ],
    [HAY]: { joinDate: '03/01/2024', birthday: '1815-12-10T00:00:00Z', locality: 'London' },
    [ENT]: { employeeNumber: 'E1' },
  });

  it('drops bad dates and non-https photos with issues, normalises good dates, keeps the rest', () => {
    const { doc, issues } = sanitizeDocument(input());
    expect(doc).toEqual({
      userName: 'ada@example.com',
      displayName: 'Ada',
      emails: [{ value: 'ada@x.example', type: 'work', primary: true }],
      photos: [{ value: 'https://cdn.example.com/ada.jpg', type: 'photo' }],
      [HAY]: { birthday: '1815-12-10', locality: 'London' },
      [ENT]: { employeeNumber: 'E1' },
    });
    expect(issues).toEqual([
      { attribute: 'urn:ietf:params:scim:schemas:extension:haystack:1.0:User:joinDate', reason: expect.any(String) },
      { attribute: 'photos', reason: expect.stringMatching(/https/) },
    ]);
  });

  it('names the full URN attribute for a bad birthday too', () => {
    const { doc, issues } = sanitizeDocument({ userName: 'a', [HAY]: { birthday: '2023-02-29', locality: 'Rome' } });
    expect(doc[HAY]).toEqual({ locality: 'Rome' });
    expect(issues.map((i) => i.attribute)).toEqual([`${HAY}:birthday`]);
  });

  it('removes the haystack extension when dropping a date empties it', () => {
    const { doc } = sanitizeDocument({ userName: 'a', [HAY]: { joinDate: 'soon' } });
    expect(doc).toEqual({ userName: 'a' });
  });

  it('removes photos entirely when none is https, reporting one issue', () => {
    const { doc, issues } = sanitizeDocument({ userName: 'a', photos: [{ value: 'http://x/a.jpg' }, { value: 'b.jpg' }, 'https://x/c.jpg'] });
    expect(doc).toEqual({ userName: 'a' });
    expect(issues).toEqual([{ attribute: 'photos', reason: expect.any(String) }]);
  });

  it('reports nothing for a clean document and always removes password', () => {
    const clean = { userName: 'a', password: 'x', photos: [{ value: 'https://x/a.jpg' }], [HAY]: { joinDate: '2024-03-01' } };
    const { doc, issues } = sanitizeDocument(clean);
    expect(issues).toEqual([]);
    expect(doc).toEqual({ userName: 'a', photos: [{ value: 'https://x/a.jpg' }], [HAY]: { joinDate: '2024-03-01' } });
  });

  it('keeps only the first primary of each multi-valued attribute', () => {
    const { doc } = sanitizeDocument({
      userName: 'a',
      emails: [
        { value: 'a@x', primary: false },
        { value: 'b@x', primary: true },
        { value: 'c@x', primary: true },
      ],
      phoneNumbers: [{ value: '1', primary: true }, { value: '2', primary: true }],
    });
    expect(doc.emails).toEqual([
      { value: 'a@x', primary: false },
      { value: 'b@x', primary: true },
      { value: 'c@x', primary: false },
    ]);
    expect(doc.phoneNumbers).toEqual([{ value: '1', primary: true }, { value: '2', primary: false }]);
  });

  it('does not mutate its input', () => {
    const original = input();
    const copy = structuredClone(original);
    sanitizeDocument(original);
    expect(original).toEqual(copy);
  });
});

describe('deriveColumns', () => {
  it('derives every column from a full document', () => {
    const cols = deriveColumns({
      userName: 'ada@example.com',
      externalId: 'ext-1',
      active: false,
      displayName: 'Ada L.',
      name: { givenName: 'Ada', familyName: 'Lovelace', formatted: 'Ada Lovelace' },
      title: 'Countess',
      timezone: 'Europe/London',
      emails: [
        { value: 'Ada@Home.example', type: 'home' },
        { value: 'ada@work.example', type: 'work' },
        { value: 'ADA@HOME.EXAMPLE', type: 'other' },
      ],
      addresses: [{ type: 'work', locality: 'Lisbon', region: 'Lisboa', country: 'PT' }],
      photos: [
        { value: 'https://x/thumb.jpg', type: 'thumbnail' },
        { value: 'https://x/photo.jpg', type: 'photo' },
      ],
      [ENT]: { department: 'Engines', employeeNumber: 'E1' },
      [HAY]: { locality: 'London', joinDate: '2024-03-01', birthday: '1815-12-10' },
    });
    expect(cols).toEqual({
      userName: 'ada@example.com',
      externalId: 'ext-1',
      active: false,
      displayName: 'Ada L.',
      givenName: 'Ada',
      familyName: 'Lovelace',
      email: 'ada@work.example',
      emailValues: ['ada@home.example', 'ada@work.example'],
      title: 'Countess',
      department: 'Engines',
      employeeNumber: 'E1',
      // The extension names a location, so it is the location; the work address is not mixed in.
      locality: 'London',
      region: null,
      countryCode: null,
      timezone: 'Europe/London',
      joinDate: '2024-03-01',
      birthday: '1815-12-10',
      photoUrl: 'https://x/photo.jpg',
      searchText: 'ada l. ada lovelace ada@work.example countess engines london',
    });
  });

  it('takes the location from the work address when the haystack extension has none', () => {
    const cols = deriveColumns({
      userName: 'a',
      addresses: [
        { type: 'home', locality: 'Sintra', country: 'PT', primary: true },
        { type: 'Work', locality: 'Lisbon', region: 'Lisboa', country: 'PT' },
      ],
      [HAY]: { joinDate: '2024-03-01' },
    });
    expect([cols.locality, cols.region, cols.countryCode]).toEqual(['Lisbon', 'Lisboa', 'PT']);
  });

  it('falls back to the primary, then the first address without a work address', () => {
    const primary = deriveColumns({ userName: 'a', addresses: [{ locality: 'A' }, { locality: 'B', primary: true }] });
    expect(primary.locality).toBe('B');
    const first = deriveColumns({ userName: 'a', addresses: [{ type: 'home', locality: 'C' }, { type: 'other', locality: 'D' }] });
    expect(first.locality).toBe('C');
  });

  it('chooses the primary email over the work email, else the work email, else the first', () => {
    const emails = [
      { value: 'home@x', type: 'home' },
      { value: 'work@x', type: 'WORK' },
      { value: 'primary@x', type: 'other', primary: true },
    ];
    expect(deriveColumns({ userName: 'a', emails }).email).toBe('primary@x');
    expect(deriveColumns({ userName: 'a', emails: emails.slice(0, 2) }).email).toBe('work@x');
    expect(deriveColumns({ userName: 'a', emails: emails.slice(0, 1) }).email).toBe('home@x');
    expect(deriveColumns({ userName: 'a' }).email).toBeNull();
  });

  it('falls back for displayName to name.formatted, then given + family name, then null', () => {
    expect(deriveColumns({ userName: 'a', name: { formatted: 'Ada Lovelace', givenName: 'X' } }).displayName).toBe('Ada Lovelace');
    expect(deriveColumns({ userName: 'a', displayName: '  ', name: { givenName: 'Ada', familyName: 'Lovelace' } }).displayName).toBe(
      'Ada Lovelace',
    );
    expect(deriveColumns({ userName: 'a', name: { familyName: 'Lovelace' } }).displayName).toBe('Lovelace');
    expect(deriveColumns({ userName: 'a' }).displayName).toBeNull();
  });

  it('defaults active to true and only treats the boolean true as active otherwise', () => {
    expect(deriveColumns({ userName: 'a' }).active).toBe(true);
    expect(deriveColumns({ userName: 'a', active: true }).active).toBe(true);
    expect(deriveColumns({ userName: 'a', active: false }).active).toBe(false);
    expect(deriveColumns({ userName: 'a', active: 'True' }).active).toBe(false);
  });

  it('gives nulls and an empty emailValues for a minimal document', () => {
    const cols = deriveColumns({ userName: 'a', [ENT]: 'not an object' });
    expect(cols.externalId).toBeNull();
    expect(cols.department).toBeNull();
    expect(cols.emailValues).toEqual([]);
    expect(cols.photoUrl).toBeNull();
  });
});

describe('managerReference', () => {
  it('prefers managerExternalId, trimmed', () => {
    expect(managerReference({ [HAY]: { managerExternalId: ' ext-9 ' }, [ENT]: { manager: { value: 'id-9' } } })).toEqual({
      kind: 'externalId',
      ref: 'ext-9',
    });
  });

  it('uses the enterprise manager value as an id', () => {
    expect(managerReference({ [ENT]: { manager: { value: 'id-9' } } })).toEqual({ kind: 'id', ref: 'id-9' });
    expect(managerReference({ [HAY]: { managerExternalId: '  ' }, [ENT]: { manager: { value: 'id-9' } } })).toEqual({
      kind: 'id',
      ref: 'id-9',
    });
  });

  it('returns null without a usable reference', () => {
    expect(managerReference({ userName: 'a' })).toBeNull();
    expect(managerReference({ [ENT]: { manager: 'id-9' } })).toBeNull();
    expect(managerReference({ [ENT]: { manager: { value: '' } } })).toBeNull();
    expect(managerReference({ [HAY]: { managerExternalId: 42 } })).toBeNull();
  });
});

describe('reconcileManager', () => {
  const both = (ext: string, id: string): PersonDocument => ({
    userName: 'a',
    [HAY]: { managerExternalId: ext, locality: 'Berlin' },
    [ENT]: { manager: { value: id } },
  });

  it('returns the document unchanged when only one form is present', () => {
    const onlyHay = { userName: 'a', [HAY]: { managerExternalId: 'e' } };
    const onlyEnt = { userName: 'a', [ENT]: { manager: { value: 'i' } } };
    expect(reconcileManager(undefined, onlyHay)).toBe(onlyHay);
    expect(reconcileManager(onlyHay, onlyEnt)).toBe(onlyEnt);
  });

  it('lets managerExternalId win on a fresh document', () => {
    expect(reconcileManager(undefined, both('e1', 'i1'))).toEqual({ userName: 'a', [HAY]: { managerExternalId: 'e1', locality: 'Berlin' } });
  });

  it('lets the enterprise manager win when only it changed', () => {
    const result = reconcileManager(both('e1', 'i1'), both('e1', 'i2'));
    expect(result).toEqual({ userName: 'a', [HAY]: { locality: 'Berlin' }, [ENT]: { manager: { value: 'i2' } } });
  });

  it('lets the enterprise manager win when it was newly added beside an existing managerExternalId', () => {
    const previous = { userName: 'a', [HAY]: { managerExternalId: 'e1' } };
    const next = { userName: 'a', [HAY]: { managerExternalId: 'e1' }, [ENT]: { manager: { value: 'i2' } } };
    // The haystack extension is left empty and dropped.
    expect(reconcileManager(previous, next)).toEqual({ userName: 'a', [ENT]: { manager: { value: 'i2' } } });
  });

  it('lets managerExternalId win when only it changed', () => {
    const result = reconcileManager(both('e1', 'i1'), both('e2', 'i1'));
    expect(result).toEqual({ userName: 'a', [HAY]: { managerExternalId: 'e2', locality: 'Berlin' } });
  });

  it('lets managerExternalId win when both changed', () => {
    const result = reconcileManager(both('e1', 'i1'), both('e2', 'i2'));
    expect(result).toEqual({ userName: 'a', [HAY]: { managerExternalId: 'e2', locality: 'Berlin' } });
  });

  it('does not mutate its input', () => {
    const next = both('e1', 'i2');
    const copy = structuredClone(next);
    reconcileManager(both('e1', 'i1'), next);
    expect(next).toEqual(copy);
  });
});

describe('changedAttributes', () => {
  it('lists every attribute of a new document, extension attributes URN-qualified, sorted', () => {
    expect(changedAttributes(undefined, { userName: 'a', active: true, [HAY]: { locality: 'Berlin', joinDate: '2024-03-01' } })).toEqual([
      'active',
      `${HAY}:joinDate`,
      `${HAY}:locality`,
      'userName',
    ]);
  });

  it('lists nothing for equal documents', () => {
    const doc = { userName: 'a', emails: [{ value: 'a@x' }], [ENT]: { manager: { value: 'm' } } };
    expect(changedAttributes(doc, structuredClone(doc))).toEqual([]);
  });

  it('lists added, removed and changed attributes', () => {
    const before = { userName: 'a', title: 'Dr', emails: [{ value: 'a@x' }], [ENT]: { manager: { value: 'm1' }, department: 'D' } };
    const after = { userName: 'a', displayName: 'A', emails: [{ value: 'b@x' }], [ENT]: { department: 'D' }, [HAY]: { locality: 'Rome' } };
    expect(changedAttributes(before, after)).toEqual([
      'displayName',
      'emails',
      'title',
      `${ENT}:manager`,
      `${HAY}:locality`,
    ]);
  });
});
