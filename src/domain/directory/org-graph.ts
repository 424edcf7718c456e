// The reporting graph of one workspace held in memory, for the counts that would otherwise walk
// whole subtrees per request (headcount, level) and for cycle analysis. Built from one compact row
// per person; each person has at most one manager, so every computation here is linear.
// Cycles are handled the same way the SQL reads handle them: a chain ends before anyone repeats.

export interface OrgGraph {
  /** Index by id. */
  index: Map<string, number>;
  ids: string[];
  /** Manager index or -1 (none, unresolved, or self). */
  manager: Int32Array;
  active: Uint8Array;
  /** Active people whose chain includes each person. */
  headcount: Int32Array;
  /** Active direct reports. */
  directReports: Int32Array;
  /** Managers above each person (chain length). */
  level: Int32Array;
  /** Each reporting cycle of two or more people, in reporting order, starting at the smallest id. */
  cycles: number[][];
  /** People whose chain leads into a cycle without being on it. */
  belowCycles: number[];
}

/**
 * Parses `id,managerId,active;…` (what `string_agg` in OrgGraphService returns) and computes the
 * counts. `managerId` is empty for none.
 */
export function buildOrgGraph(packed: string): OrgGraph {
  const rows = packed ? packed.split(';') : [];
  const n = rows.length;
  const ids = new Array<string>(n);
  const managerIds = new Array<string>(n);
  const active = new Uint8Array(n);
  const index = new Map<string, number>();
  rows.forEach((row, i) => {
    const [id, mid, a] = row.split(',');
    ids[i] = id;
    managerIds[i] = mid;
    active[i] = a === '1' ? 1 : 0;
    index.set(id, i);
  });
  const manager = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const m = managerIds[i] ? index.get(managerIds[i]) : undefined;
    if (m !== undefined && m !== i) manager[i] = m;
  }

  // Cycles: colour walk (each node has one out-edge).
  const state = new Uint8Array(n); // 0 new, 1 on the current walk, 2 done
  const onCycle = new Uint8Array(n);
  const cycles: number[][] = [];
  const walk: number[] = [];
  for (let s = 0; s < n; s++) {
    if (state[s]) continue;
    walk.length = 0;
    let v = s;
    while (v !== -1 && state[v] === 0) {
      state[v] = 1;
      walk.push(v);
      v = manager[v];
    }
    if (v !== -1 && state[v] === 1) {
      const cycle = walk.slice(walk.indexOf(v));
      let at = 0;
      for (let k = 1; k < cycle.length; k++) if (ids[cycle[k]] < ids[cycle[at]]) at = k;
      cycles.push([...cycle.slice(at), ...cycle.slice(0, at)]);
      for (const c of cycle) onCycle[c] = 1;
    }
    for (const w of walk) state[w] = 2;
  }
  cycles.sort((a, b) => (ids[a[0]] < ids[b[0]] ? -1 : 1));

  // Levels: memoised chain lengths; a person on a cycle has the cycle's other members above them.
  const level = new Int32Array(n).fill(-1);
  for (const cycle of cycles) for (const c of cycle) level[c] = cycle.length - 1;
  const belowCycles: number[] = [];
  const levelOf = (start: number): number => {
    const stack: number[] = [];
    let v = start;
    while (v !== -1 && level[v] === -1) {
      stack.push(v);
      v = manager[v];
    }
    // level(x) = 1 + level(manager): x is never in its manager's chain unless x is on a cycle, and
    // cycle members were set above (the other members of their cycle are their managers).
    let base = v === -1 ? -1 : level[v];
    for (let k = stack.length - 1; k >= 0; k--) {
      base += 1;
      level[stack[k]] = base;
    }
    return level[start];
  };
  for (let i = 0; i < n; i++) if (level[i] === -1) levelOf(i);
  // Below a cycle: not on one, and the chain ends in one (memoised like the levels).
  const endsInCycle = new Int8Array(n).fill(-1);
  for (let i = 0; i < n; i++) if (onCycle[i]) endsInCycle[i] = 1;
  for (let i = 0; i < n; i++) {
    const stack: number[] = [];
    let v = i;
    while (v !== -1 && endsInCycle[v] === -1) {
      stack.push(v);
      v = manager[v];
    }
    const result = v === -1 ? 0 : endsInCycle[v];
    for (const s of stack) endsInCycle[s] = result;
    if (!onCycle[i] && endsInCycle[i] === 1) belowCycles.push(i);
  }

  // Headcount: each active person counts once for every distinct person in their chain.
  const headcount = new Int32Array(n);
  const directReports = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (!active[i]) continue;
    if (manager[i] !== -1) directReports[manager[i]] += 1;
  }
  // Acyclic part: accumulate subtree sizes bottom-up in reverse topological order (by level).
  const order = Array.from({ length: n }, (_, i) => i).filter((i) => !onCycle[i]).sort((a, b) => level[b] - level[a]);
  const subtree = new Int32Array(n); // active people strictly below, outside cycles
  for (const i of order) {
    const m = manager[i];
    if (m !== -1 && !onCycle[m]) subtree[m] += subtree[i] + active[i];
  }
  for (let i = 0; i < n; i++) if (!onCycle[i]) headcount[i] = subtree[i];
  // Cycles: everyone hanging off any member is below every member; members count each other.
  const cycleOf = new Int32Array(n).fill(-1);
  cycles.forEach((cycle, k) => cycle.forEach((c) => (cycleOf[c] = k)));
  const hanging = new Int32Array(cycles.length);
  for (let i = 0; i < n; i++) {
    const m = manager[i];
    if (m !== -1 && !onCycle[i] && onCycle[m]) hanging[cycleOf[m]] += subtree[i] + active[i];
  }
  cycles.forEach((cycle, k) => {
    let activeMembers = 0;
    for (const c of cycle) activeMembers += active[c];
    for (const c of cycle) headcount[c] = hanging[k] + activeMembers - active[c];
  });
  return { index, ids, manager, active, headcount, directReports, level, cycles, belowCycles };
}
