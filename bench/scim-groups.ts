// SCIM Groups benchmark: `npm run build && node dist/bench/scim-groups.js [--members 50000] [--add 1000]
// [--runs 5] [--groups 10000] [--queries 1000]`.
// Starts the real app on a scratch database (embedded PostgreSQL unless DATABASE_URL is set), serves it
// over HTTP on loopback, seeds people, memberships and groups with bulk SQL (generate_series), then
// measures what issue 5 asks about:
//   - Entra's membership PATCH adding `--add` people ({"op":"Add","path":"members","value":[{"$ref":null,
//     "value":…}]}) to a group of `--members`, `--runs` times with fresh people each time;
//   - Entra's group lookup `GET /Groups?excludedAttributes=members&filter=displayName eq "…"` among
//     `--groups` groups (each with ~10 members), p50/p99, for an existing name (other letter case)
//     and for a name that does not exist (Test Connection / keep-alive);
//   - for scale: one full `GET /Groups/{id}` of the big group, members included.
// Writes bench/results/scim-groups.json with machine facts.
import 'reflect-metadata';
import { writeFile, mkdir } from 'node:fs/promises';
import { withScratchDatabase } from '../scripts/scratch-database.js';
import { machineFacts, scimWorkspace, serveApp } from './in-process-app.js';
import { numArg, percentile, round, stats } from './suite-lib.js';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

async function main(): Promise<void> {
  const memberCount = numArg('members', 50_000);
  const addCount = numArg('add', 1000);
  const runs = numArg('runs', 5);
  const groupCount = numArg('groups', 10_000);
  const queries = numArg('queries', 1000);

  const output = await withScratchDatabase(async (url) => {
    const served = await serveApp(url, { pool: { min: 2, max: 10 } });
    const { orm } = served;
    const { workspace, root, headers } = await scimWorkspace(served);
    const db = orm.em.fork().getConnection();

    // ── seed (bulk SQL) ──
    const seedStarted = performance.now();
    const people = async (prefix: string, count: number) =>
      db.execute(
        `INSERT INTO person (id, workspace_id, user_name, display_name, scim)
         SELECT gen_random_uuid(), ?, ? || i || '@bench.example', 'Person ' || ? || i, jsonb_build_object('userName', ? || i || '@bench.example')
           FROM generate_series(1, ?) AS i`,
        [workspace.id, prefix, prefix, prefix, count],
      );
    await people('m', memberCount);
    await people('a', addCount * runs);
    const created = await fetch(`${root}/Groups`, { method: 'POST', headers, body: JSON.stringify({ displayName: 'All staff', externalId: 'all-staff' }) });
    if (created.status !== 201) throw new Error(`create group: ${created.status} ${await created.text()}`);
    const bigId = ((await created.json()) as { id: string }).id;
    await db.execute(
      `INSERT INTO group_member (group_id, person_id, workspace_id) SELECT ?, id, workspace_id FROM person WHERE workspace_id = ? AND user_name LIKE 'm%'`,
      [bigId, workspace.id],
    );
    await db.execute(
      `INSERT INTO scim_group (id, workspace_id, display_name, external_id, scim)
       SELECT gen_random_uuid(), ?, 'Group ' || i, 'g-' || i, '{}' FROM generate_series(1, ?) AS i`,
      [workspace.id, groupCount],
    );
    // About ten members per small group.
    await db.execute(
      `INSERT INTO group_member (group_id, person_id, workspace_id)
       SELECT g.id, p.id, ? FROM
         (SELECT id, row_number() OVER (ORDER BY id) AS n FROM scim_group WHERE workspace_id = ? AND id <> ?) g
         JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM person WHERE workspace_id = ? AND user_name LIKE 'm%') p
           ON p.n % ? = g.n % ?`,
      [workspace.id, workspace.id, bigId, workspace.id, Math.max(1, Math.floor(memberCount / 10)), Math.max(1, Math.floor(memberCount / 10))],
    );
    await db.execute('ANALYZE');
    const seedMs = performance.now() - seedStarted;
    const [{ memberships }] = await db.execute<{ memberships: number }[]>('SELECT count(*)::int AS memberships FROM group_member');

    // ── 1. PATCH adding `addCount` members to the big group ──
    const toAdd = (await db.execute<{ id: string }[]>(`SELECT id FROM person WHERE workspace_id = ? AND user_name LIKE 'a%' ORDER BY id`, [workspace.id])).map((r) => r.id);
    const patchTimes: number[] = [];
    for (let r = 0; r < runs; r++) {
      const ids = toAdd.slice(r * addCount, (r + 1) * addCount);
      const body = JSON.stringify({ schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: ids.map((value) => ({ $ref: null, value })) }] });
      const t0 = performance.now();
      const res = await fetch(`${root}/Groups/${bigId}`, { method: 'PATCH', headers, body });
      await res.arrayBuffer();
      patchTimes.push(performance.now() - t0);
      if (res.status !== 204) throw new Error(`patch: ${res.status}`);
    }
    const [{ n: finalMembers }] = await db.execute<{ n: number }[]>('SELECT count(*)::int AS n FROM group_member WHERE group_id = ?', [bigId]);
    if (finalMembers !== memberCount + addCount * runs) throw new Error(`expected ${memberCount + addCount * runs} members, found ${finalMembers}`);

    // ── 2. Entra's lookup by displayName, members excluded ──
    const lookup = async (name: string, expected: number) => {
      const t0 = performance.now();
      const res = await fetch(`${root}/Groups?excludedAttributes=members&filter=${encodeURIComponent(`displayName eq "${name}"`)}`, { headers });
      const body = (await res.json()) as { totalResults: number };
      const elapsed = performance.now() - t0;
      if (res.status !== 200 || body.totalResults !== expected) throw new Error(`lookup ${name}: ${res.status} ${JSON.stringify(body)}`);
      return elapsed;
    };
    for (let i = 0; i < 50; i++) await lookup(`Group ${1 + i}`, 1); // warm-up, not counted
    const existing: number[] = [];
    const missing: number[] = [];
    for (let i = 0; i < queries; i++) {
      existing.push(await lookup(`GROUP ${1 + Math.floor(Math.random() * groupCount)}`, 1));
      missing.push(await lookup(crypto.randomUUID(), 0));
    }
    const plan = (
      await db.execute<{ 'QUERY PLAN': string }[]>(
        `EXPLAIN SELECT g.* FROM scim_group g WHERE g.workspace_id = ? AND (lower(g.display_name) = lower(?)) ORDER BY g.created_at ASC, g.id ASC LIMIT 100`,
        [workspace.id, 'Group 42'],
      )
    ).map((r) => r['QUERY PLAN'].trim());

    // ── 3. One full GET of the big group, members included ──
    const t0 = performance.now();
    const full = await fetch(`${root}/Groups/${bigId}`, { headers });
    const fullBytes = (await full.arrayBuffer()).byteLength;
    const fullGetMs = performance.now() - t0;

    await served.close();
    const sortedPatch = Float64Array.from(patchTimes).sort();
    return {
      seed: { people: memberCount + addCount * runs, groups: groupCount + 1, memberships, seconds: +(seedMs / 1000).toFixed(1) },
      patchAdd: {
        groupMembersBefore: memberCount,
        addedPerPatch: addCount,
        runs: patchTimes.map((v) => round(v)),
        medianMs: round(percentile(sortedPatch, 50)),
        maxMs: round(sortedPatch[sortedPatch.length - 1]),
        membersAfter: finalMembers,
      },
      lookupExcludingMembers: { groups: groupCount + 1, existing: stats(existing), missing: stats(missing), plan },
      fullGetLargeGroup: { members: finalMembers, ms: round(fullGetMs), bytes: fullBytes },
    };
  });

  const facts = {
    ...machineFacts(),
    note: 'client and service share the machine (Node fetch client, sequential requests); times are full HTTP round trips',
  };
  console.log(JSON.stringify(output, null, 2));
  await mkdir('bench/results', { recursive: true });
  await writeFile('bench/results/scim-groups.json', JSON.stringify({ facts, results: output }, null, 2) + '\n');
  console.log('wrote bench/results/scim-groups.json');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
