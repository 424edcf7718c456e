// Cost and safety limits are enforced before execution, with clear error codes.
import { parse, OperationDefinitionNode, FragmentDefinitionNode, Kind } from 'graphql';
import { measureOperation } from '../src/graphql/limits';
import { createTestApp, TestApp, TestWorkspace } from './support/test-app';

let t: TestApp;
let ws: TestWorkspace;
let token: string;
let queries: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ ormOverrides: { debug: ['query'], logger: (m: string) => queries.push(m) } });
  ws = await t.workspace();
  token = (await t.app.services.credentials.issue(ws.id, 'api' as never, null)).secret;
});
afterAll(async () => t.close());

async function run(query: string, variables: Record<string, unknown> = {}) {
  queries = [];
  const res = await t.http.post('/graphql').set('Content-Type', 'application/json').set('Authorization', `Bearer ${token}`).send({ query, variables });
  // Nothing but authentication reached the database: refused before execution.
  const ran = queries.filter((q) => /from "?person/i.test(q) || /from person/i.test(q));
  return { res, ranPersonQueries: ran.length };
}

test('page size above 100 is refused before execution, also through variables', async () => {
  for (const [query, variables] of [
    ['{ people(first: 500) { totalCount } }', {}],
    ['query($n: Int) { people(first: $n) { totalCount } }', { n: 101 }],
  ] as const) {
    const { res, ranPersonQueries } = await run(query, variables);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(ranPersonQueries).toBe(0);
  }
});

test('too deep', async () => {
  let q = 'id';
  for (let i = 0; i < 13; i++) q = `manager { ${q} }`;
  const { res, ranPersonQueries } = await run(`{ people(first: 1) { nodes { ${q} } } }`);
  expect(res.body.errors[0].extensions.code).toBe('QUERY_TOO_DEEP');
  expect(ranPersonQueries).toBe(0);
});

test('too many aliases', async () => {
  const fields = Array.from({ length: 25 }, (_, i) => `a${i}: people(first: 1) { totalCount }`).join(' ');
  const { res } = await run(`{ ${fields} }`);
  expect(res.body.errors[0].extensions.code).toBe('TOO_MANY_ALIASES');
});

test('too costly: nested pages multiply', async () => {
  const { res, ranPersonQueries } = await run('{ people(first: 100) { nodes { directReports(first: 100) { nodes { reports(first: 100) { totalCount } } } } } }');
  expect(res.status).toBe(400);
  expect(res.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 25000 });
  expect(ranPersonQueries).toBe(0);
});

test('ordinary intranet queries pass', async () => {
  const { res, ranPersonQueries } = await run('{ people(first: 50, search: "a") { totalCount nodes { id displayName manager { displayName } directReportCount headcount directReports(first: 10) { totalCount } } } }');
  expect(res.body.errors).toBeUndefined();
  expect(ranPersonQueries).toBeGreaterThan(0); // the probe used above does see executed queries
});

test('the cost measure counts fragments and variables', () => {
  const doc = parse('query($n: Int) { people(first: $n) { nodes { ...F } } } fragment F on Person { id manager { id } }');
  const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const frags = Object.fromEntries(doc.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [(d as FragmentDefinitionNode).name.value, d as FragmentDefinitionNode]));
  expect(measureOperation(op, frags, { n: 10 })).toEqual({ depth: 4, aliases: 0, cost: 1 + 10 + 10 + 10 + 10 });
});

test('stack traces never reach clients', async () => {
  const { res } = await run('{ people(first: 5, after: "garbage") { totalCount } }');
  expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  expect(JSON.stringify(res.body)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
});
