// Quick SCIM latency benchmark: `npm run bench -- [--people N] [--concurrency C]`.
// Starts the real app on a scratch database (embedded PostgreSQL unless DATABASE_URL is set), serves
// it over HTTP on loopback, and replays Entra's per-user sequence: filter GET on externalId, POST,
// then a manager PATCH (references arrive in a later update), in shuffled order. Prints p50/p99 per
// operation and writes bench/results/scim-latency.json with machine facts.
import 'reflect-metadata';
import { writeFile, mkdir } from 'node:fs/promises';
import { withScratchDatabase } from '../scripts/scratch-database.js';
import { machineFacts, scimWorkspace, serveApp } from './in-process-app.js';
import { flag, numArg, round, runPool, shuffle, stats } from './suite-lib.js';

const HAY = 'urn:ietf:params:scim:schemas:extension:haystack:1.0:User';

async function main(): Promise<void> {
  const people = numArg('people', 2000);
  const concurrencies = flag('concurrency') ? [numArg('concurrency', 1)] : [1, 8];
  const results: Record<string, unknown>[] = [];
  for (const concurrency of concurrencies) {
    await withScratchDatabase(async (url) => {
      const served = await serveApp(url, { pool: { min: 2, max: 10 } });
      const { orm } = served;
      const { root, headers } = await scimWorkspace(served);
      const timings: Record<string, number[]> = { filterGet: [], create: [], patchManager: [] };
      const ids = new Map<number, string>();

      const timed = async (op: string, fn: () => Promise<Response>, expected: number) => {
        const t0 = performance.now();
        const res = await fn();
        const body = await res.json().catch(() => undefined);
        timings[op].push(performance.now() - t0);
        if (res.status !== expected) throw new Error(`${op}: ${res.status} ${JSON.stringify(body)}`);
        return body as Record<string, unknown>;
      };

      // Phase 1 (as Entra's initial cycle): match query, then create.
      const createMs = await runPool(shuffle([...Array(people).keys()], Math.random), concurrency, async (i) => {
        await timed('filterGet', () => fetch(`${root}/Users?filter=${encodeURIComponent(`externalId eq "p-${i}"`)}`, { headers }), 200);
        const body = await timed(
          'create',
          () => fetch(`${root}/Users`, { method: 'POST', headers, body: JSON.stringify({ userName: `p${i}@bench.example`, externalId: `p-${i}`, displayName: `Person ${i}`, emails: [{ type: 'work', value: `p${i}@bench.example`, primary: true }], title: 'Engineer', [HAY]: { locality: 'Berlin', joinDate: '2024-01-01' } }) }),
          201,
        );
        ids.set(i, body.id as string);
      });
      // Phase 2: manager references in a later update (a 10-ary tree).
      const patchMs = await runPool(shuffle([...Array(people).keys()].slice(1), Math.random), concurrency, async (i) => {
        await timed(
          'patchManager',
          () => fetch(`${root}/Users/${ids.get(i)}`, { method: 'PATCH', headers, body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Replace', path: `${HAY}:managerExternalId`, value: `p-${Math.floor((i - 1) / 10)}` }] }) }),
          200,
        );
      });
      const linked = await orm.em.fork().getConnection().execute(`SELECT count(*)::int AS n FROM person WHERE manager_id IS NOT NULL`);
      for (const [op, list] of Object.entries(timings)) {
        const wall = op === 'patchManager' ? patchMs : createMs;
        results.push({ concurrency, op, ...stats(list), phaseThroughputPerS: round((list.length / wall) * 1000, 0) });
      }
      results.push({ concurrency, op: 'check', linkedManagers: linked[0].n, expected: people - 1 });
      await served.close();
    });
  }
  console.table(results);
  const facts = { ...machineFacts(), people, note: 'client and service share the machine (Node fetch client); phaseThroughput counts one op type over its phase' };
  await mkdir('bench/results', { recursive: true });
  await writeFile('bench/results/scim-latency.json', JSON.stringify({ facts, results }, null, 2) + '\n');
  console.log('wrote bench/results/scim-latency.json');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
