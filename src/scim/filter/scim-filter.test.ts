import { scimError } from '../../../test/support/scim-error.js';
import type { ScimError } from '../scim-errors.js';
import { USER_FILTER_TARGET } from '../scim-user-filter.js';
import { AttrPath, Filter, MAX_FILTER_LENGTH, parseAttrPath, parseFilter } from './scim-filter-parser.js';
import { compileFilter, escapeLike, sortExpression } from './scim-filter-sql.js';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const HAY = 'urn:ietf:params:scim:schemas:extension:haystack:1.0:User';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';

// AST builders, to keep expectations readable.
const p = (attr: string, sub?: string, uri?: string): AttrPath => ({ ...(uri ? { uri } : {}), attr, ...(sub ? { sub } : {}) });
const eq = (path: AttrPath, value: string | number | boolean | null): Filter => ({ kind: 'compare', path, op: 'eq', value });
const and = (left: Filter, right: Filter): Filter => ({ kind: 'and', left, right });
const or = (left: Filter, right: Filter): Filter => ({ kind: 'or', left, right });
const not = (filter: Filter): Filter => ({ kind: 'not', filter });
const A = eq(p('a'), 1);
const B = eq(p('b'), 2);
const C = eq(p('c'), 3);
const D = eq(p('d'), 4);

function expectInvalidFilter(fn: () => unknown): ScimError {
  const err = scimError(fn);
  expect({ status: err.status, scimType: err.scimType }).toEqual({ status: 400, scimType: 'invalidFilter' });
  expect(err.message).not.toBe('');
  return err;
}

const compile = (filter: string) => compileFilter(USER_FILTER_TARGET, parseFilter(filter));

describe('parseFilter: comparison operators', () => {
  const ops = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const;
  test.each(ops.flatMap((op) => [op, op[0].toUpperCase() + op[1], op.toUpperCase()].map((written) => [written, op] as const)))(
    'userName %s "x" → op %s',
    (written, op) => {
      expect(parseFilter(`userName ${written} "x"`)).toEqual({ kind: 'compare', path: p('userName'), op, value: 'x' });
    },
  );

  test.each(['pr', 'Pr', 'PR', 'pR'])('title %s → present', (written) => {
    expect(parseFilter(`title ${written}`)).toEqual({ kind: 'present', path: p('title') });
  });

  test('attribute names keep their letter case (resolved later), surrounding whitespace is ignored', () => {
    expect(parseFilter(' \t USERNAME   eq\n"Bob"\r\n')).toEqual(eq(p('USERNAME'), 'Bob'));
  });
});

describe('parseFilter: logical operators and precedence', () => {
  test.each<[string, Filter]>([
    ['a eq 1 and b eq 2', and(A, B)],
    ['a eq 1 AND b eq 2', and(A, B)],
    ['a eq 1 or b eq 2', or(A, B)],
    ['a eq 1 Or b eq 2', or(A, B)],
    // Left-associative.
    ['a eq 1 and b eq 2 and c eq 3', and(and(A, B), C)],
    ['a eq 1 or b eq 2 or c eq 3', or(or(A, B), C)],
    // and binds tighter than or, on either side.
    ['a eq 1 or b eq 2 and c eq 3', or(A, and(B, C))],
    ['a eq 1 and b eq 2 or c eq 3', or(and(A, B), C)],
    ['a eq 1 and b eq 2 or c eq 3 and d eq 4', or(and(A, B), and(C, D))],
    // Parentheses override.
    ['(a eq 1 or b eq 2) and c eq 3', and(or(A, B), C)],
    ['a eq 1 and (b eq 2 or c eq 3)', and(A, or(B, C))],
    ['((a eq 1))', A],
    ['(a eq 1)and(b eq 2)', and(A, B)],
    // not binds tighter than and.
    ['not (a eq 1) and b eq 2', and(not(A), B)],
    ['a eq 1 or not (b eq 2) and c eq 3', or(A, and(not(B), C))],
    ['not (a eq 1 or b eq 2)', not(or(A, B))],
    ['NOT (a eq 1)', not(A)],
    ['Not(a eq 1)', not(A)],
    ['not (not (a eq 1))', not(not(A))],
    ['not ((a eq 1) and b eq 2)', not(and(A, B))],
  ])('%s', (filter, ast) => {
    expect(parseFilter(filter)).toEqual(ast);
  });
});

describe('parseFilter: values', () => {
  test.each<[string, string | number | boolean | null]>([
    ['"plain"', 'plain'],
    ['""', ''],
    ['"a\\"b"', 'a"b'],
    ['"back\\\\slash"', 'back\\slash'],
    ['"tab\\tnew\\nline"', 'tab\tnew\nline'],
    ['"\\u00e9t\\u00E9"', 'été'],
    ['"with (parens) and [brackets] and or not"', 'with (parens) and [brackets] and or not'],
    ['"  spaced  "', '  spaced  '],
    ['42', 42],
    ['0', 0],
    ['-7', -7],
    ['3.25', 3.25],
    ['-0.5', -0.5],
    ['1e3', 1000],
    ['2.5E-1', 0.25],
    ['true', true],
    ['false', false],
    ['True', true],
    ['False', false],
    ['TRUE', true],
    ['null', null],
    ['NULL', null],
    // Unquoted words (Entra): kept as strings, exactly as written.
    ['jyoung', 'jyoung'],
    ['JYoung', 'JYoung'],
    ['3b8a0f7e-1c2d-4e5f-9a0b-1c2d3e4f5a6b', '3b8a0f7e-1c2d-4e5f-9a0b-1c2d3e4f5a6b'],
    ['a@b.example', 'a@b.example'],
    // Not JSON numbers, so not numbers: Number() would lose the leading zeros or the text.
    ['00123', '00123'],
    ['007', '007'],
    ['1.', '1.'],
    ['.5', '.5'],
    ['+1', '+1'],
    ['12abc', '12abc'],
    ['truex', 'truex'],
  ])('externalId eq %s', (written, value) => {
    expect(parseFilter(`externalId eq ${written}`)).toEqual(eq(p('externalId'), value));
  });

  test('a quoted "true" stays a string, a quoted number stays a string', () => {
    expect(parseFilter('active eq "true"')).toEqual(eq(p('active'), 'true'));
    expect(parseFilter('externalId eq "00123"')).toEqual(eq(p('externalId'), '00123'));
  });

  test('unquoted values in a longer filter', () => {
    expect(parseFilter('externalId eq jyoung and active eq True')).toEqual(and(eq(p('externalId'), 'jyoung'), eq(p('active'), true)));
  });
});

describe('parseFilter: attribute paths', () => {
  test.each<[string, AttrPath]>([
    ['name.familyName', p('name', 'familyName')],
    ['meta.lastModified', p('meta', 'lastModified')],
    ['manager.$ref', p('manager', '$ref')],
    [`${ENT}:employeeNumber`, p('employeeNumber', undefined, ENT)],
    [`${ENT}:manager.value`, p('manager', 'value', ENT)],
    [`${CORE}:name.givenName`, p('name', 'givenName', CORE)],
    [`${HAY}:locality`, p('locality', undefined, HAY)],
    // The URN is kept as written; it is resolved (ignoring case) by the SQL compiler.
    ['URN:IETF:params:scim:schemas:extension:Enterprise:2.0:User:Department', p('Department', undefined, 'URN:IETF:params:scim:schemas:extension:Enterprise:2.0:User')],
  ])('%s', (path, expected) => {
    expect(parseFilter(`${path} eq "1"`)).toEqual(eq(expected, '1'));
    expect(parseAttrPath(path)).toEqual(expected);
  });

  test.each(['a.b.c', 'foo:bar', '1abc', 'name.', '.name', 'na me', `${ENT}:`, 'user-name!'])('parseAttrPath rejects %p', (path) => {
    expectInvalidFilter(() => parseAttrPath(path));
  });
});

describe('parseFilter: value paths', () => {
  test('emails[type eq "work" and value co "@x"]', () => {
    expect(parseFilter('emails[type eq "work" and value co "@x"]')).toEqual({
      kind: 'valuePath',
      path: p('emails'),
      filter: and(eq(p('type'), 'work'), { kind: 'compare', path: p('value'), op: 'co', value: '@x' }),
    });
  });

  test('emails[type eq "work"].value eq "a@b" is ONE value path whose filter ANDs both conditions', () => {
    expect(parseFilter('emails[type eq "work"].value eq "a@b"')).toEqual({
      kind: 'valuePath',
      path: p('emails'),
      filter: and(eq(p('type'), 'work'), eq(p('value'), 'a@b')),
    });
  });

  test('the trailing sub-attribute condition can use any operator, including pr', () => {
    expect(parseFilter('emails[type eq "work"].value pr')).toEqual({
      kind: 'valuePath',
      path: p('emails'),
      filter: and(eq(p('type'), 'work'), { kind: 'present', path: p('value') }),
    });
    expect(parseFilter('Emails[Type EQ "work" OR type eq "home"].Value SW "a"')).toEqual({
      kind: 'valuePath',
      path: p('Emails'),
      filter: and(or(eq(p('Type'), 'work'), eq(p('type'), 'home')), { kind: 'compare', path: p('Value'), op: 'sw', value: 'a' }),
    });
  });

  test('a value path combines with and/or/not outside the brackets', () => {
    const vp: Filter = { kind: 'valuePath', path: p('emails'), filter: eq(p('type'), 'work') };
    const vpValue: Filter = { kind: 'valuePath', path: p('emails'), filter: and(eq(p('type'), 'work'), eq(p('value'), 'x')) };
    expect(parseFilter('emails[type eq "work"] and userName eq "u"')).toEqual(and(vp, eq(p('userName'), 'u')));
    expect(parseFilter('userName eq "u" or emails[type eq "work"].value eq "x" and active eq true')).toEqual(
      or(eq(p('userName'), 'u'), and(vpValue, eq(p('active'), true))),
    );
    expect(parseFilter('not (emails[type eq "work"])')).toEqual(not(vp));
  });

  test('inside the brackets: grouping, not, and a URN-qualified multi-valued attribute', () => {
    expect(parseFilter(`${CORE}:emails[not (type eq "home") and (primary eq true or value ew "@x")]`)).toEqual({
      kind: 'valuePath',
      path: p('emails', undefined, CORE),
      filter: and(not(eq(p('type'), 'home')), or(eq(p('primary'), true), { kind: 'compare', path: p('value'), op: 'ew', value: '@x' })),
    });
  });
});

describe('parseFilter: errors are 400 invalidFilter', () => {
  test.each<[string, string]>([
    ['empty', ''],
    ['blank', '   \t '],
    ['unterminated string', 'userName eq "abc'],
    ['unterminated string ending in a backslash', 'userName eq "abc\\"'],
    ['invalid escape', 'userName eq "a\\qb"'],
    ['missing value', 'userName eq'],
    ['missing value before and', 'userName eq and title pr'],
    ['missing value before )', '(userName eq)'],
    ['missing operator', 'userName'],
    ['missing operator, value given', 'userName "bob"'],
    ['unknown operator', 'userName like "bob"'],
    ['unknown operator "equals"', 'userName equals "bob"'],
    ['dangling and', 'userName eq "a" and'],
    ['dangling or', 'userName eq "a" or'],
    ['leading and', 'and userName eq "a"'],
    ['two conditions without a connective', 'userName eq "a" title eq "b"'],
    ['not without parentheses', 'not userName eq "a"'],
    ['unbalanced (', '(userName eq "a"'],
    ['unbalanced )', 'userName eq "a")'],
    ['empty parentheses', '()'],
    ['unbalanced [', 'emails[type eq "work"'],
    ['unbalanced ]', 'emails type eq "work"]'],
    ['] without [', 'userName eq "a"]'],
    ['empty value filter', 'emails[]'],
    ['value filter missing a value', 'emails[type eq]'],
    ['value filter with an unknown operator', 'emails[type is "work"]'],
    ['value filter with a dangling and', 'emails[type eq "work" and]'],
    ['value filter closed by )', 'emails[type eq "work")'],
    ['value filter after a sub-attribute', 'name.givenName[value eq "x"]'],
    ['value path followed by a bad sub-attribute', 'emails[type eq "work"].va!ue eq "x"'],
    ['value path followed by a sub-attribute without operator', 'emails[type eq "work"].value'],
    ['invalid attribute path', 'a.b.c eq "x"'],
    ['non-URN prefix', 'foo:bar eq "x"'],
    ['a string where the attribute goes', '"userName" eq "x"'],
  ])('%s: %p', (_what, filter) => {
    expectInvalidFilter(() => parseFilter(filter));
  });

  test(`longer than MAX_FILTER_LENGTH (${MAX_FILTER_LENGTH}) characters`, () => {
    const base = 'userName eq "';
    const atLimit = base + 'x'.repeat(MAX_FILTER_LENGTH - base.length - 1) + '"';
    expect(atLimit).toHaveLength(MAX_FILTER_LENGTH);
    expect(parseFilter(atLimit)).toEqual(eq(p('userName'), 'x'.repeat(MAX_FILTER_LENGTH - base.length - 1)));
    const err = expectInvalidFilter(() => parseFilter(atLimit + ' '));
    expect(err.message).toMatch(/longer/);
  });

  test('nesting: 50 levels of parentheses parse, 51 do not', () => {
    const nested = (n: number) => '('.repeat(n) + 'userName eq "a"' + ')'.repeat(n);
    expect(parseFilter(nested(50))).toEqual(eq(p('userName'), 'a'));
    const err = expectInvalidFilter(() => parseFilter(nested(51)));
    expect(err.message).toMatch(/nested too deeply/);
  });

  test('nesting: not (...) chains and value filters are bounded too', () => {
    const deep = 'not ('.repeat(30) + 'userName eq "a"' + ')'.repeat(30);
    expect(expectInvalidFilter(() => parseFilter(deep)).message).toMatch(/nested too deeply/);
    const brackets = 'emails['.repeat(60) + 'type eq "a"' + ']'.repeat(60);
    expect(expectInvalidFilter(() => parseFilter(brackets)).message).toMatch(/nested too deeply/);
    const ok = 'not ('.repeat(20) + 'userName eq "a"' + ')'.repeat(20);
    let expected = eq(p('userName'), 'a');
    for (let i = 0; i < 20; i++) expected = not(expected);
    expect(parseFilter(ok)).toEqual(expected);
  });

  test('the error names the position', () => {
    expect(expectInvalidFilter(() => parseFilter('userName zz "a"')).message).toBe(
      'Expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) but found "zz" at position 10',
    );
    expect(expectInvalidFilter(() => parseFilter('userName eq "a" and')).message).toBe('Expected an attribute name but found end of filter at position 20');
  });
});

describe('compileFilter: columns', () => {
  test.each<[string, string, unknown[]]>([
    // userName is case-insensitive: lower() on both sides (the unique index is on lower(user_name)).
    ['userName eq "Alice@Example.com"', '(lower(p.user_name) = lower(?))', ['Alice@Example.com']],
    ['USERNAME EQ "a"', '(lower(p.user_name) = lower(?))', ['a']],
    [`${CORE}:userName eq "a"`, '(lower(p.user_name) = lower(?))', ['a']],
    ['userName ne "a"', '(lower(p.user_name) IS DISTINCT FROM lower(?))', ['a']],
    // externalId is caseExact: no lower().
    ['externalId eq "Ext-1"', '(p.external_id = ?)', ['Ext-1']],
    ['externalId eq jyoung', '(p.external_id = ?)', ['jyoung']],
    ['externalId eq 42', '(p.external_id = ?)', ['42']],
    ['externalId eq 00123', '(p.external_id = ?)', ['00123']],
    ['displayName eq "Ann"', '(lower(p.display_name) = lower(?))', ['Ann']],
    // Ordering comparisons use byte order, independent of the database collation.
    ['userName gt "m"', '(lower(p.user_name) > lower(?) COLLATE "C")', ['m']],
    ['userName ge "m"', '(lower(p.user_name) >= lower(?) COLLATE "C")', ['m']],
    ['externalId lt "m"', '(p.external_id < ? COLLATE "C")', ['m']],
    ['externalId le "m"', '(p.external_id <= ? COLLATE "C")', ['m']],
    // null
    ['title eq null', '(p.title IS NULL)', []],
    ['title ne null', '(p.title IS NOT NULL)', []],
    // pr on a text column also excludes the empty string; on other types, just NOT NULL.
    ['title pr', "(p.title IS NOT NULL AND p.title <> '')", []],
    ['active pr', '(p.active IS NOT NULL)', []],
    ['meta.created pr', '(p.created_at IS NOT NULL)', []],
    ['id pr', '(p.id IS NOT NULL)', []],
  ])('%s', (filter, sql, params) => {
    expect(compile(filter)).toEqual({ sql, params });
  });

  test('id eq: a uuid becomes a (lower-cased) uuid parameter; a non-uuid matches nothing without touching the column', () => {
    expect(compile('id eq "3B8A0F7E-1C2D-4E5F-9A0B-1C2D3E4F5A6B"')).toEqual({
      sql: '(p.id = ?::uuid)',
      params: ['3b8a0f7e-1c2d-4e5f-9a0b-1c2d3e4f5a6b'],
    });
    expect(compile('id eq 3b8a0f7e-1c2d-4e5f-9a0b-1c2d3e4f5a6b')).toEqual({ sql: '(p.id = ?::uuid)', params: ['3b8a0f7e-1c2d-4e5f-9a0b-1c2d3e4f5a6b'] });
    expect(compile('id eq "not-a-uuid"')).toEqual({ sql: 'false', params: [] });
    expect(compile('id eq 7')).toEqual({ sql: 'false', params: [] });
    expect(compile('id ne "not-a-uuid"')).toEqual({ sql: '(p.id IS NOT NULL)', params: [] });
    expect(compile('id ne "3b8a0f7e-1c2d-4e5f-9a0b-1c2d3e4f5a6b"')).toEqual({
      sql: '(p.id IS DISTINCT FROM ?::uuid)',
      params: ['3b8a0f7e-1c2d-4e5f-9a0b-1c2d3e4f5a6b'],
    });
    expect(compile('id sw "3B8A"')).toEqual({ sql: '(lower((p.id::text)) LIKE ?)', params: ['3b8a%'] });
    expect(compile('id eq null')).toEqual({ sql: '(p.id IS NULL)', params: [] });
  });

  test('active: boolean parameters from true/false in any case, quoted or not', () => {
    expect(compile('active eq "True"')).toEqual({ sql: '(p.active = ?)', params: [true] });
    expect(compile('active eq True')).toEqual({ sql: '(p.active = ?)', params: [true] });
    expect(compile('active eq "FALSE"')).toEqual({ sql: '(p.active = ?)', params: [false] });
    expect(compile('active ne false')).toEqual({ sql: '(p.active IS DISTINCT FROM ?)', params: [false] });
    expectInvalidFilter(() => compile('active eq "yes"'));
    expectInvalidFilter(() => compile('active eq 1'));
    expectInvalidFilter(() => compile('active gt true'));
    expectInvalidFilter(() => compile('active co "t"'));
  });

  test('meta.created / meta.lastModified: timestamptz casts; invalid dates are invalidFilter', () => {
    expect(compile('meta.lastModified gt "2024-01-31T12:00:00Z"')).toEqual({ sql: '(p.updated_at > ?::timestamptz)', params: ['2024-01-31T12:00:00Z'] });
    expect(compile('meta.lastModified ge "2024-01-31T12:00:00.5+01:00"')).toEqual({
      sql: '(p.updated_at >= ?::timestamptz)',
      params: ['2024-01-31T12:00:00.5+01:00'],
    });
    expect(compile('meta.created lt "2024-02-29"')).toEqual({ sql: '(p.created_at < ?::timestamptz)', params: ['2024-02-29'] });
    expect(compile('META.CREATED le "2024-01-31 12:00"')).toEqual({ sql: '(p.created_at <= ?::timestamptz)', params: ['2024-01-31 12:00'] });
    expect(compile('meta.created eq "2024-01-31T12:00:00Z"')).toEqual({ sql: '(p.created_at = ?::timestamptz)', params: ['2024-01-31T12:00:00Z'] });
    expect(compile('meta.created ne "2024-01-31T12:00:00Z"')).toEqual({
      sql: '(p.created_at IS DISTINCT FROM ?::timestamptz)',
      params: ['2024-01-31T12:00:00Z'],
    });
    expect(compile('meta.created eq null')).toEqual({ sql: '(p.created_at IS NULL)', params: [] });
  });

  test.each([
    'meta.lastModified gt "yesterday"',
    'meta.lastModified gt ""',
    // Date.parse accepts these; PostgreSQL does not (it used to end in a 500).
    'meta.lastModified gt "1"',
    'meta.lastModified gt "2024"',
    'meta.lastModified gt "March 7, 2024"',
    'meta.lastModified gt "2024-02-30T00:00:00Z"',
    'meta.lastModified gt "2023-02-29"',
    'meta.lastModified gt "0000-01-01"',
    'meta.lastModified gt "2024-13-01"',
    'meta.lastModified gt "2024-01-01T24:00:00Z"',
    'meta.lastModified gt "2024-01-01T12:60:00Z"',
    'meta.lastModified gt "2024-01-01T12:00:60Z"',
    'meta.lastModified gt "2024-01-01T12:00:00+16:00"',
    'meta.lastModified gt 2024',
    'meta.lastModified gt true',
    'meta.lastModified co "2024"',
    'meta.lastModified sw "2024"',
  ])('invalid date filter: %s', (filter) => {
    expectInvalidFilter(() => compile(filter));
  });

  test('a value outside a column type never reaches SQL as a different type', () => {
    expectInvalidFilter(() => compile('title gt null'));
    expectInvalidFilter(() => compile('title co null'));
  });
});

describe('compileFilter: co / sw / ew and LIKE escaping', () => {
  test.each<[string, string, unknown[]]>([
    ['title co "Lead"', '(lower(p.title) LIKE ?)', ['%lead%']],
    ['title sw "Lead"', '(lower(p.title) LIKE ?)', ['lead%']],
    ['title ew "Lead"', '(lower(p.title) LIKE ?)', ['%lead']],
    // %, _ and \ are literal characters in SCIM.
    ['title co "50%_Off\\\\X"', '(lower(p.title) LIKE ?)', ['%50\\%\\_off\\\\x%']],
    ['title sw "%"', '(lower(p.title) LIKE ?)', ['\\%%']],
    ['title ew "_"', '(lower(p.title) LIKE ?)', ['%\\_']],
    // caseExact: the pattern keeps its case and there is no lower().
    ['externalId co "A_b"', '(p.external_id LIKE ?)', ['%A\\_b%']],
    ['externalId sw "A%"', '(p.external_id LIKE ?)', ['A\\%%']],
    ['externalId ew "\\\\Z"', '(p.external_id LIKE ?)', ['%\\\\Z']],
  ])('%s', (filter, sql, params) => {
    expect(compile(filter)).toEqual({ sql, params });
  });

  test('escapeLike', () => {
    expect(escapeLike('a%b_c\\d')).toBe('a\\%b\\_c\\\\d');
    expect(escapeLike('plain')).toBe('plain');
    expect(escapeLike('%%')).toBe('\\%\\%');
  });
});

describe('compileFilter: JSONB attributes', () => {
  test.each<[string, string, unknown[]]>([
    ['nickName eq "Bo"', "(lower((p.scim->>'nickName')) = lower(?))", ['Bo']],
    // Canonical attribute names in the SQL, whatever the request's letter case.
    ['NICKNAME eq "Bo"', "(lower((p.scim->>'nickName')) = lower(?))", ['Bo']],
    ['nickName pr', "((p.scim->>'nickName') IS NOT NULL AND (p.scim->>'nickName') <> '')", []],
    ['nickName eq null', "((p.scim->>'nickName') IS NULL)", []],
    ['name.familyName eq "Young"', "(lower((p.scim->'name'->>'familyName')) = lower(?))", ['Young']],
    ['Name.FamilyName sw "Y"', "(lower((p.scim->'name'->>'familyName')) LIKE ?)", ['y%']],
    ['name.familyName pr', "((p.scim->'name'->>'familyName') IS NOT NULL AND (p.scim->'name'->>'familyName') <> '')", []],
    ['name pr', "(p.scim->'name' IS NOT NULL AND p.scim->'name' <> 'null'::jsonb)", []],
    // Enterprise extension: department and employeeNumber have columns, written with or without the URN.
    [`${ENT}:department eq "Sales"`, '(lower(p.department) = lower(?))', ['Sales']],
    ['urn:ietf:params:scim:schemas:extension:ENTERPRISE:2.0:user:Department eq "Sales"', '(lower(p.department) = lower(?))', ['Sales']],
    ['department eq "Sales"', '(lower(p.department) = lower(?))', ['Sales']],
    [`${ENT}:employeeNumber eq "1"`, '(lower(p.employee_number) = lower(?))', ['1']],
    [`${ENT}:manager.value eq "3b8a0f7e-1c2d-4e5f-9a0b-1c2d3e4f5a6b"`, '(p.manager_id = ?::uuid)', ['3b8a0f7e-1c2d-4e5f-9a0b-1c2d3e4f5a6b']],
    ['manager.value eq "x"', 'false', []],
    // Enterprise attribute without a column: JSONB under the extension key.
    [`${ENT}:costCenter eq "CC1"`, `(lower((p.scim->'${ENT}'->>'costCenter')) = lower(?))`, ['CC1']],
    [`${ENT}:manager pr`, `(p.scim->'${ENT}'->'manager' IS NOT NULL AND p.scim->'${ENT}'->'manager' <> 'null'::jsonb)`, []],
    [`${ENT}:manager.displayName co "Ann"`, `(lower((p.scim->'${ENT}'->'manager'->>'displayName')) LIKE ?)`, ['%ann%']],
    // Haystack extension: JSONB path; managerExternalId is caseExact.
    [`${HAY}:locality eq "Berlin"`, `(lower((p.scim->'${HAY}'->>'locality')) = lower(?))`, ['Berlin']],
    ['locality eq "Berlin"', `(lower((p.scim->'${HAY}'->>'locality')) = lower(?))`, ['Berlin']],
    [`${HAY}:locality pr`, `((p.scim->'${HAY}'->>'locality') IS NOT NULL AND (p.scim->'${HAY}'->>'locality') <> '')`, []],
    [`${HAY}:managerExternalId eq "AbC"`, `((p.scim->'${HAY}'->>'managerExternalId') = ?)`, ['AbC']],
    [`${HAY}:joinDate ge "2024-01-01"`, `(lower((p.scim->'${HAY}'->>'joinDate')) >= lower(?) COLLATE "C")`, ['2024-01-01']],
  ])('%s', (filter, sql, params) => {
    expect(compile(filter)).toEqual({ sql, params });
  });

  test('a complex attribute cannot be compared directly', () => {
    expectInvalidFilter(() => compile('name eq "x"'));
    expectInvalidFilter(() => compile(`${ENT}:manager eq "x"`));
  });
});

describe('compileFilter: multi-valued attributes and value paths', () => {
  const ELEMENTS = (attr: string, alias = 'e1') =>
    `jsonb_array_elements(CASE WHEN jsonb_typeof(p.scim->'${attr}') = 'array' THEN p.scim->'${attr}' ELSE '[]'::jsonb END) AS ${alias}(v)`;

  test('emails[type eq "work"].value eq "A@B.com": GIN pre-filter on email_values, then one element matching both', () => {
    expect(compile('emails[type eq "work"].value eq "A@B.com"')).toEqual({
      sql:
        `(p.email_values @> ARRAY[?]::text[] AND EXISTS (SELECT 1 FROM ${ELEMENTS('emails')} WHERE ` +
        "((lower((e1.v->>'type')) = lower(?)) AND (lower((e1.v->>'value')) = lower(?)))))",
      // The pre-filter value is lower-cased the way email_values was (JavaScript), not by PostgreSQL.
      params: ['a@b.com', 'work', 'A@B.com'],
    });
  });

  test('the pre-filter lower-cases like the column does, also for characters PostgreSQL lowers differently', () => {
    expect(compile('emails.value eq "İpek@X.com"').params[0]).toBe('İpek@X.com'.toLowerCase());
    expect('İpek@X.com'.toLowerCase()).toBe('i\u0307pek@x.com');
  });

  test('emails eq / emails.value eq / emails[value eq]: the same indexed shape', () => {
    const expected = {
      sql: `(p.email_values @> ARRAY[?]::text[] AND EXISTS (SELECT 1 FROM ${ELEMENTS('emails')} WHERE (lower((e1.v->>'value')) = lower(?))))`,
      params: ['x@y.z', 'X@y.z'],
    };
    expect(compile('emails eq "X@y.z"')).toEqual(expected);
    expect(compile('emails.value eq "X@y.z"')).toEqual(expected);
    expect(compile('EMAILS.VALUE eq "X@y.z"')).toEqual(expected);
    expect(compile('emails[value eq "X@y.z"]')).toEqual(expected);
    expect(compile('emails[emails.value eq "X@y.z"]')).toEqual(expected);
  });

  test('no pre-filter when the value is not required to equal something', () => {
    expect(compile('emails.value co "x"')).toEqual({
      sql: `(EXISTS (SELECT 1 FROM ${ELEMENTS('emails')} WHERE (lower((e1.v->>'value')) LIKE ?)))`,
      params: ['%x%'],
    });
    expect(compile('emails[type eq "work" and value co "@X"]')).toEqual({
      sql: `(EXISTS (SELECT 1 FROM ${ELEMENTS('emails')} WHERE ((lower((e1.v->>'type')) = lower(?)) AND (lower((e1.v->>'value')) LIKE ?))))`,
      params: ['work', '%@x%'],
    });
    // An eq under or / not is not a requirement.
    expect(compile('emails[type eq "work" or value eq "a@b"]').sql).not.toContain('email_values');
    expect(compile('emails[not (value eq "a@b")]').sql).not.toContain('email_values');
    expect(compile('emails.value ne "a@b"').sql).not.toContain('email_values');
    // Only emails have a pre-filter column.
    expect(compile('phoneNumbers.value eq "1"')).toEqual({
      sql: `(EXISTS (SELECT 1 FROM ${ELEMENTS('phoneNumbers')} WHERE (lower((e1.v->>'value')) = lower(?))))`,
      params: ['1'],
    });
  });

  test('pre-filter inside a nested and: found among the conjuncts', () => {
    expect(compile('emails[(type eq "work" and primary eq true) and value eq "a@b"]')).toEqual({
      sql:
        `(p.email_values @> ARRAY[?]::text[] AND EXISTS (SELECT 1 FROM ${ELEMENTS('emails')} WHERE ` +
        "(((lower((e1.v->>'type')) = lower(?)) AND ((e1.v->>'primary') = ?)) AND (lower((e1.v->>'value')) = lower(?)))))",
      params: ['a@b', 'work', 'true', 'a@b'],
    });
  });

  test('present and boolean sub-attributes', () => {
    expect(compile('emails pr')).toEqual({
      sql: "COALESCE(CASE WHEN jsonb_typeof(p.scim->'emails') = 'array' THEN jsonb_array_length(p.scim->'emails') > 0 END, false)",
      params: [],
    });
    expect(compile('emails.type pr')).toEqual({
      sql: `(EXISTS (SELECT 1 FROM ${ELEMENTS('emails')} WHERE ((e1.v->>'type') IS NOT NULL AND (e1.v->>'type') <> '')))`,
      params: [],
    });
    expect(compile('emails[primary eq True]')).toEqual({
      sql: `(EXISTS (SELECT 1 FROM ${ELEMENTS('emails')} WHERE ((e1.v->>'primary') = ?)))`,
      params: ['true'],
    });
    expect(compile('emails[primary ne "false"]')).toEqual({
      sql: `(EXISTS (SELECT 1 FROM ${ELEMENTS('emails')} WHERE ((e1.v->>'primary') IS DISTINCT FROM ?)))`,
      params: ['false'],
    });
    expectInvalidFilter(() => compile('emails[primary eq "yes"]'));
    expectInvalidFilter(() => compile('emails[primary gt true]'));
  });

  test('not inside a value filter coalesces NULL to false', () => {
    expect(compile('emails[not (type eq "work")]')).toEqual({
      sql: `(EXISTS (SELECT 1 FROM ${ELEMENTS('emails')} WHERE (NOT COALESCE((lower((e1.v->>'type')) = lower(?)), false))))`,
      params: ['work'],
    });
  });

  test('each value path gets its own alias', () => {
    expect(compile('emails[type eq "work"] and addresses[locality eq "Berlin"]')).toEqual({
      sql:
        `((EXISTS (SELECT 1 FROM ${ELEMENTS('emails', 'e1')} WHERE (lower((e1.v->>'type')) = lower(?)))) AND ` +
        `(EXISTS (SELECT 1 FROM ${ELEMENTS('addresses', 'e2')} WHERE (lower((e2.v->>'locality')) = lower(?)))))`,
      params: ['work', 'Berlin'],
    });
  });

  test('a value filter on a single-valued complex attribute tests that object', () => {
    expect(compile(`${ENT}:manager[value eq "Abc"]`)).toEqual({
      sql: `COALESCE(((p.scim->'${ENT}'->'manager'->>'value') = ?), false)`,
      params: ['Abc'],
    });
    expect(compile('name[givenName eq "Ann" and familyName pr]')).toEqual({
      sql:
        "COALESCE(((lower((p.scim->'name'->>'givenName')) = lower(?)) AND " +
        "((p.scim->'name'->>'familyName') IS NOT NULL AND (p.scim->'name'->>'familyName') <> '')), false)",
      params: ['Ann'],
    });
  });

  test('value path errors', () => {
    expectInvalidFilter(() => compile('emails[foo eq "x"]'));
    expectInvalidFilter(() => compile('emails[name.givenName eq "x"]'));
    expectInvalidFilter(() => compile(`emails[${ENT}:department eq "x"]`));
    expectInvalidFilter(() => compile('emails[phoneNumbers[type eq "work"]]'));
    expectInvalidFilter(() => compile('userName[value eq "x"]'));
    expectInvalidFilter(() => compile('favourites[value eq "x"]'));
    expectInvalidFilter(() => compile('emails.foo eq "x"'));
    expectInvalidFilter(() => compile('emails[type eq "work"].foo eq "x"'));
  });
});

describe('compileFilter: logic', () => {
  test('not coalesces NULL so people without the attribute match', () => {
    expect(compile('not (title eq "x")')).toEqual({ sql: '(NOT COALESCE((lower(p.title) = lower(?)), false))', params: ['x'] });
    expect(compile('not (title pr)')).toEqual({ sql: "(NOT COALESCE((p.title IS NOT NULL AND p.title <> ''), false))", params: [] });
  });

  test('and/or nesting follows the AST, with params in order', () => {
    expect(compile('userName eq "a" or (title eq "b" and active eq true)')).toEqual({
      sql: '((lower(p.user_name) = lower(?)) OR ((lower(p.title) = lower(?)) AND (p.active = ?)))',
      params: ['a', 'b', true],
    });
    expect(compile('userName eq "a" or title eq "b" and active eq true')).toEqual(compile('userName eq "a" or (title eq "b" and active eq true)'));
    expect(compile('(userName eq "a" or title eq "b") and not (active eq false)')).toEqual({
      sql: '(((lower(p.user_name) = lower(?)) OR (lower(p.title) = lower(?))) AND (NOT COALESCE((p.active = ?), false)))',
      params: ['a', 'b', false],
    });
  });

  test('a large combined filter: params follow the ? placeholders in order', () => {
    const filter = [
      'userName eq "u1"',
      'and (externalId eq ext-1 or externalId sw "x_")',
      'and emails[type eq "work"].value eq "W@X.com"',
      'and not (title co "intern" or active eq False)',
      `and ${ENT}:department eq "Sales"`,
      `and ${HAY}:locality ew "in"`,
      'and meta.lastModified ge "2024-01-01T00:00:00Z"',
      'and id ne "3b8a0f7e-1c2d-4e5f-9a0b-1c2d3e4f5a6b"',
      'and emails.value co "%"',
      'and name.givenName pr',
      'and phoneNumbers[type eq "mobile" and value sw "+49"]',
    ].join(' ');
    const { sql, params } = compile(filter);
    expect(params).toEqual([
      'u1',
      'ext-1',
      'x\\_%',
      'w@x.com',
      'work',
      'W@X.com',
      '%intern%',
      false,
      'Sales',
      '%in',
      '2024-01-01T00:00:00Z',
      '3b8a0f7e-1c2d-4e5f-9a0b-1c2d3e4f5a6b',
      '%\\%%',
      'mobile',
      '+49%',
    ]);
    expect(sql.split('?').length - 1).toBe(params.length);
    // Each parameter's placeholder sits in the clause it belongs to: walk them in order.
    const around = sql.split('?').slice(0, -1).map((chunk) => chunk.slice(-40));
    expect(around[0]).toMatch(/lower\(p\.user_name\) = lower\($/);
    expect(around[1]).toMatch(/p\.external_id = $/);
    expect(around[2]).toMatch(/p\.external_id LIKE $/);
    expect(around[3]).toMatch(/p\.email_values @> ARRAY\[$/);
    expect(around[4]).toMatch(/'type'\)\) = lower\($/);
    expect(around[5]).toMatch(/'value'\)\) = lower\($/);
    expect(around[6]).toMatch(/lower\(p\.title\) LIKE $/);
    expect(around[7]).toMatch(/p\.active = $/);
    expect(around[8]).toMatch(/lower\(p\.department\) = lower\($/);
    expect(around[9]).toMatch(/'locality'\)\) LIKE $/);
    expect(around[10]).toMatch(/p\.updated_at >= $/);
    expect(around[11]).toMatch(/p\.id IS DISTINCT FROM $/);
    expect(around[12]).toMatch(/e2\.v->>'value'\)\) LIKE $/);
    expect(around[13]).toMatch(/e3\.v->>'type'\)\) = lower\($/);
    expect(around[14]).toMatch(/e3\.v->>'value'\)\) LIKE $/);
    // No identifier or literal from the request made it into the SQL text.
    for (const v of ['u1', 'ext-1', 'W@X', 'intern', 'Sales', 'mobile', '+49', '2024']) expect(sql).not.toContain(v);
  });
});

describe('compileFilter: unknown or hidden attributes are invalidFilter', () => {
  test.each([
    'favouriteColour eq "blue"',
    'name.nickname eq "x"',
    'meta.foo eq "x"',
    'password eq "x"',
    'PASSWORD pr',
    `${CORE}:password eq "x"`,
    'urn:example:params:scim:schemas:extension:acme:1.0:User:badge eq "1"',
    `${ENT}:userName eq "x"`,
    `${HAY}:department eq "x"`,
    `${ENT}:id eq "x"`,
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0User:department eq "x"',
  ])('%s', (filter) => {
    expectInvalidFilter(() => compile(filter));
  });

  test('the detail names the attribute as written', () => {
    expect(expectInvalidFilter(() => compile('favouriteColour eq "blue"')).message).toBe('Unknown attribute "favouriteColour"');
    expect(expectInvalidFilter(() => compile('urn:x:y:badge eq "1"')).message).toBe('Unknown schema "urn:x:y" in "urn:x:y:badge"');
  });
});

describe('sortExpression', () => {
  test.each<[string, string]>([
    ['userName', 'lower(p.user_name)'],
    ['USERNAME', 'lower(p.user_name)'],
    [`${CORE}:userName`, 'lower(p.user_name)'],
    ['displayName', 'lower(p.display_name)'],
    ['externalId', 'lower(p.external_id)'],
    ['id', 'p.id'],
    ['active', 'p.active'],
    ['meta.created', 'p.created_at'],
    ['meta.lastModified', 'p.updated_at'],
    // A multi-valued attribute sorts by its primary value (RFC 7644 §3.4.2.3).
    ['emails', 'lower(p.email)'],
    ['emails.value', 'lower(p.email)'],
    [`${ENT}:department`, 'lower(p.department)'],
    ['department', 'lower(p.department)'],
    [`${ENT}:manager.value`, 'p.manager_id'],
    ['name.familyName', "lower(p.scim->'name'->>'familyName')"],
    ['nickName', "lower(p.scim->>'nickName')"],
    [`${HAY}:locality`, `lower(p.scim->'${HAY}'->>'locality')`],
    [`${ENT}:manager.displayName`, `lower(p.scim->'${ENT}'->'manager'->>'displayName')`],
  ])('%s → %s', (sortBy, sql) => {
    expect(sortExpression(USER_FILTER_TARGET, sortBy)).toBe(sql);
  });

  test.each(['favouriteColour', 'name', 'phoneNumbers', 'addresses', 'password', 'name.nickname', 'a.b.c', 'foo:bar', '', 'userName eq "x"', `${ENT}:manager`])(
    'unknown or unsortable %p → invalidValue',
    (sortBy) => {
      const err = scimError(() => sortExpression(USER_FILTER_TARGET, sortBy));
      expect({ status: err.status, scimType: err.scimType }).toEqual({ status: 400, scimType: 'invalidValue' });
    },
  );
});
