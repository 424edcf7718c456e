import { buildOrgGraph } from './org-graph';

const pack = (rows: [string, string | null, boolean][]) => rows.map(([id, m, a]) => `${id},${m ?? ''},${a ? 1 : 0}`).join(';');

function view(rows: [string, string | null, boolean][]) {
  const g = buildOrgGraph(pack(rows));
  const at = (id: string) => g.index.get(id)!;
  return {
    g,
    hc: (id: string) => g.headcount[at(id)],
    lvl: (id: string) => g.level[at(id)],
    dr: (id: string) => g.directReports[at(id)],
    cycles: g.cycles.map((c) => c.map((i) => g.ids[i])),
    below: g.belowCycles.map((i) => g.ids[i]).sort(),
  };
}

test('a tree: headcount counts active people below, level is the chain length', () => {
  const v = view([
    ['ceo', null, true],
    ['vp', 'ceo', true],
    ['gone', 'ceo', false],
    ['a', 'vp', true],
    ['b', 'vp', true],
    ['c', 'gone', true],
    ['d', 'a', false],
  ]);
  expect(['ceo', 'vp', 'gone', 'a', 'b', 'c', 'd'].map(v.hc)).toEqual([4, 2, 1, 0, 0, 0, 0]);
  expect(['ceo', 'vp', 'gone', 'a', 'c', 'd'].map(v.lvl)).toEqual([0, 1, 1, 2, 2, 3]);
  expect(['ceo', 'vp', 'gone', 'a'].map(v.dr)).toEqual([1, 2, 1, 0]); // active direct reports
  expect(v.cycles).toEqual([]);
});

test('unknown or self managers end the chain', () => {
  const v = view([
    ['x', 'nobody', true],
    ['self', 'self', true],
    ['r', 'self', true],
  ]);
  expect([v.lvl('x'), v.lvl('self'), v.lvl('r')]).toEqual([0, 0, 1]);
  expect(v.hc('self')).toBe(1);
});

test('cycles: members count each other and everyone below; chains end before repeating', () => {
  const v = view([
    ['c1', 'c3', true],
    ['c2', 'c1', true],
    ['c3', 'c2', false],
    ['u', 'c1', true],
    ['w', 'u', true],
    ['solo', null, true],
  ]);
  expect(v.cycles).toEqual([['c1', 'c3', 'c2']]);
  expect(v.below).toEqual(['u', 'w']);
  // c1: c2 (active) + c3 (inactive, not counted) + u + w
  expect([v.hc('c1'), v.hc('c2'), v.hc('c3'), v.hc('u')]).toEqual([3, 3, 4, 1]);
  expect([v.lvl('c1'), v.lvl('u'), v.lvl('w')]).toEqual([2, 3, 4]);
});

test('empty', () => {
  const g = buildOrgGraph('');
  expect(g.ids).toEqual([]);
});
