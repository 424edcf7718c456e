// Directory read benchmark: `npm run bench:reads -- [--people 10000] [--iterations 200]`.
// Seeds an org in bulk on a scratch database, serves the real app on loopback and times GraphQL
// reads over HTTP, next to the framework floor (`{ __typename }`) measured in the same run.
import 'reflect-metadata';
import { mkdir, writeFile } from 'node:fs/promises';
import { withScratchDatabase } from '../scripts/scratch-database.js';
import { machineFacts, serveApp } from './in-process-app.js';
import { seedOrg, seededId, SPAN } from './seed-org.js';
import { numArg, percentile, round } from './suite-lib.js';

async function main(): Promise<void> {
  const people = numArg('people', 10_000);
  const iterations = numArg('iterations', 200);
  const results: Record<string, unknown>[] = [];
  await withScratchDatabase(async (url) => {
    const served = await serveApp(url);
    const { orm, app } = served;
    const { workspace, adminToken } = await app.services.workspaces.create('bench');
    const { secret } = await app.services.credentials.issue(workspace.id, 'api' as never, 'bench');
    const t0 = performance.now();
    await seedOrg(orm.em.fork(), workspace.id, people);
    const seedMs = performance.now() - t0;
    // The deepest person is the last one; a mid-level manager has a full page of reports.
    const deepest = await seededId(orm.em.fork(), workspace.id, people - 1);
    const manager = await seededId(orm.em.fork(), workspace.id, 3);
    const endpoint = `${served.origin}/graphql`;
    const headers = { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' };
    const adminHeaders = { ...headers, Authorization: `Bearer ${adminToken}` };
    const post = async (query: string, variables: Record<string, unknown> = {}) => {
      const admin = query.includes('orgChartHealth');
      const res = await fetch(endpoint, { method: 'POST', headers: admin ? adminHeaders : headers, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
    };
    const cases: [string, string, (i: number) => Record<string, unknown>][] = [
      ['framework floor { __typename }', '{ __typename }', () => ({})],
      ['profile (person + manager + direct reports + counts)', 'query($id: ID!) { person(id: $id) { id displayName jobTitle department locality email manager { id displayName } directReportCount headcount directReports(first: 20) { totalCount nodes { id displayName jobTitle } } } }', () => ({ id: manager })],
      ['manager chain from the deepest person', 'query($id: ID!) { person(id: $id) { managers { id displayName jobTitle } level } }', () => ({ id: deepest })],
      ['direct reports page (20)', 'query($id: ID!) { person(id: $id) { directReports(first: 20) { totalCount nodes { id displayName jobTitle photoUrl } } } }', () => ({ id: manager })],
      ['org chart from the top, depth 3', '{ orgChart(depth: 3) { truncated nodes { person { id displayName jobTitle } managerId depth directReportCount headcount } } }', () => ({})],
      ['search (first 20)', 'query($q: String!) { people(search: $q, first: 20) { totalCount nodes { id displayName jobTitle department } } }', (i) => ({ q: ['maria', 'jonh', 'engineer berlin', 'garc', 'sato 12'][i % 5] })],
      ['orgChartHealth (summary + first page of each list)', '{ orgChartHealth { summary { people roots unresolvedManagers cycles inactiveManagersWithActiveReports selfManaged missingJobTitle duplicateWorkEmails peopleWithDroppedValues } unresolvedManagers(first: 20) { totalCount nodes { managerExternalId } } cycles { size } inactiveManagersWithActiveReports(first: 20) { totalCount nodes { activeReportCount } } duplicateWorkEmails(first: 20) { email } } }', () => ({})],
      ['people page of 100 with manager + counts', '{ people(first: 100) { nodes { id displayName manager { displayName } directReportCount headcount level } } }', () => ({})],
    ];
    for (const [name, query, vars] of cases) {
      for (let i = 0; i < 10; i++) await post(query, vars(i)); // warm-up
      const times: number[] = [];
      const n = query.includes('orgChartHealth') ? Math.min(iterations, 30) : iterations;
      for (let i = 0; i < n; i++) {
        const s = performance.now();
        await post(query, vars(i));
        times.push(performance.now() - s);
      }
      times.sort((a, b) => a - b);
      results.push({ people, read: name, p50ms: round(percentile(times, 50)), p99ms: round(percentile(times, 99)) });
    }
    const floor = results[0].p50ms as number;
    for (const r of results) r.xFramework = +((r.p50ms as number) / floor).toFixed(1);
    results.push({ people, read: 'seed (bulk SQL)', p50ms: +seedMs.toFixed(0) });
    await served.close();
  });
  console.table(results);
  const facts = { ...machineFacts(), span: SPAN, iterations };
  await mkdir('bench/results', { recursive: true });
  await writeFile(`bench/results/directory-reads-${people}.json`, JSON.stringify({ facts, results }, null, 2) + '\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
