// The read side of the directory: profiles, people search, reporting lines, the org chart and the
// date-based lists. Every query is scoped to one workspace and is a single SQL statement; every
// walk of the reporting graph is bounded so a cycle in the data cannot make it run away:
//   - upward (manager chain) carries the visited path and stops before a repeat;
//   - downward (reports) uses UNION, which drops rows already seen, so it ends.
// Counts over whole subtrees (headcount, level, direct-report counts) come from the cached org graph
// (org-graph.service.ts), not from per-request walks. People come back as plain records of the
// API's columns (directory-person.ts), not entities: hydration would cost more than the SQL.
import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../../db/sql.js';
import { DirectoryPerson, directoryPersonColumns, toDirectoryPerson } from './directory-person.js';

export interface PageArgs {
  offset: number;
  limit: number;
}

export interface Page<T> {
  total: number;
  items: T[];
}

export type PeopleOrder = 'RELEVANCE' | 'NAME' | 'JOIN_DATE_DESC' | 'JOIN_DATE';

export interface PeopleFilter {
  department?: string | null;
  locality?: string | null;
  region?: string | null;
  countryCode?: string | null;
  managerId?: string | null;
  /** Only honoured for callers allowed to see inactive people (the resolver decides). */
  active?: boolean | null;
}

export interface PeopleQuery extends PageArgs {
  search?: string | null;
  filter?: PeopleFilter;
  orderBy?: PeopleOrder;
  includeInactive: boolean;
}

export interface ChartNode {
  person: DirectoryPerson;
  /** The node's parent in this chart (null for the chart's roots). */
  parentId: string | null;
  depth: number;
}

export interface DatedPerson {
  person: DirectoryPerson;
  /** The next occurrence (birthday / anniversary) or the join date (new joiners), YYYY-MM-DD. */
  date: string;
  /** Completed years at `date` (anniversaries). */
  years?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

/** Longest manager chain we walk; far beyond any real org, it only bounds pathological data. */
const MAX_CHAIN = 256;
const NAME_ORDER = `lower(coalesce(p.display_name, p.user_name)), p.id`;
/** The API's columns of `person p` (see directory-person.ts). */
const COLS = directoryPersonColumns('p');
const XCOLS = directoryPersonColumns('x');

/** Search words: lower-cased, at most 6, reduced to letters, digits and the characters of emails. */
export function searchWords(search: string | null | undefined): string[] {
  return (search ?? '')
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/[^\p{L}\p{N}@._+-]/gu, ''))
    .filter(Boolean)
    .slice(0, 6);
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => '\\' + m);

export class DirectoryService {
  constructor(private readonly em: EntityManager) {}

  private async rows(sql: string, params: unknown[]): Promise<DirectoryPerson[]> {
    const rows = await this.em.fork().execute<Record<string, unknown>[]>(sql, params);
    return rows.map(toDirectoryPerson);
  }

  async peopleByIds(workspaceId: string, ids: readonly string[]): Promise<DirectoryPerson[]> {
    const valid = ids.filter(isUuid);
    if (!valid.length) return [];
    return this.rows(`SELECT ${COLS} FROM person p WHERE p.workspace_id = ? AND p.id = ANY(?::uuid[])`, [workspaceId, pgArray(valid)]);
  }

  async byExternalId(workspaceId: string, externalId: string): Promise<DirectoryPerson | null> {
    const [p] = await this.rows(`SELECT ${COLS} FROM person p WHERE p.workspace_id = ? AND p.external_id = ?`, [workspaceId, externalId]);
    return p ?? null;
  }

  /** Any of the person's emails, ignoring case (indexed through email_values). */
  async byEmail(workspaceId: string, email: string): Promise<DirectoryPerson | null> {
    const [p] = await this.rows(
      `SELECT ${COLS} FROM person p WHERE p.workspace_id = ? AND p.email_values @> ARRAY[?]::text[] ORDER BY p.active DESC, p.created_at LIMIT 1`,
      [workspaceId, email.trim().toLowerCase()],
    );
    return p ?? null;
  }

  /**
   * People search and listing. `search` matches names, email, title, department and location by
   * substring or trigram word similarity (prefixes and small typos), every word must match, and
   * results rank by similarity with a boost for names starting with the words.
   */
  async people(workspaceId: string, q: PeopleQuery): Promise<Page<DirectoryPerson>> {
    const where: string[] = ['p.workspace_id = ?'];
    const params: unknown[] = [workspaceId];
    const f = q.filter ?? {};
    if (f.active === true || f.active === false) {
      where.push('p.active = ?');
      params.push(f.active);
    } else if (!q.includeInactive) {
      where.push('p.active');
    }
    for (const [col, value] of [
      ['department', f.department],
      ['locality', f.locality],
      ['region', f.region],
      ['country_code', f.countryCode],
    ] as const) {
      if (value) {
        where.push(`lower(p.${col}) = lower(?)`);
        params.push(value);
      }
    }
    if (f.managerId) {
      where.push('p.manager_id = ?::uuid AND p.id <> p.manager_id');
      params.push(isUuid(f.managerId) ? f.managerId : '00000000-0000-0000-0000-000000000000');
    }
    const words = searchWords(q.search);
    const em = this.em.fork();
    const order = q.orderBy ?? (words.length ? 'RELEVANCE' : 'NAME');
    const count = async (whereSql: string, allParams: unknown[]) =>
      (await em.execute<{ n: number }[]>(`SELECT count(*)::int AS n FROM person p WHERE ${whereSql}`, allParams))[0].n;

    if (!words.length) {
      // A listing walks an index in order (name or join date) and stops at the page, so its count
      // is a statement of its own.
      const whereSql = where.join(' AND ');
      const n = await count(whereSql, params);
      if (q.limit === 0 || n <= q.offset) return { total: n, items: [] };
      const orderSql =
        order === 'JOIN_DATE_DESC' ? `p.join_date DESC NULLS LAST, ${NAME_ORDER}` : order === 'JOIN_DATE' ? `p.join_date ASC NULLS LAST, ${NAME_ORDER}` : NAME_ORDER;
      const rows = await em.execute<Record<string, unknown>[]>(`SELECT ${COLS} FROM person p WHERE ${whereSql} ORDER BY ${orderSql} LIMIT ? OFFSET ?`, [
        ...params,
        q.limit,
        q.offset,
      ]);
      return { total: n, items: rows.map(toDirectoryPerson) };
    }

    /**
     * One search tier as one statement. A search sorts every match (by relevance or otherwise), so
     * counting them in the same pass (count(*) OVER ()) costs little, where a separate count
     * would visit every match a second time. The sort carries only the id and the sort keys, each
     * computed once per match; the page's 20 or so rows are read afterwards by id.
     * `score` is computed from the person row (`p`); `rank` from the match (`m`: has_dn, nm, score).
     */
    const tier = async (matchSql: string, matchParams: unknown[], score: { sql: string; params: unknown[] }, rank: { sql: string; params: unknown[] }) => {
      const whereSql = [...where, matchSql].join(' AND ');
      const allParams = [...params, ...matchParams];
      if (q.limit === 0) return { total: await count(whereSql, allParams), items: [] };
      const relevance = order === 'RELEVANCE';
      // The same order inside (to pick the page) and outside (to return it in order).
      const orderBy = (a: string) =>
        relevance ? `${a}rel DESC, ${a}nm, ${a}id`
        : order === 'JOIN_DATE_DESC' ? `${a}jd DESC NULLS LAST, ${a}nm, ${a}id`
        : order === 'JOIN_DATE' ? `${a}jd ASC NULLS LAST, ${a}nm, ${a}id`
        : `${a}nm, ${a}id`;
      const rows = await em.execute<Record<string, unknown>[]>(
        `SELECT ${COLS}, s.total FROM (
           SELECT m.id, m.nm, m.jd, ${relevance ? rank.sql : '0'} AS rel, count(*) OVER () AS total
             FROM (SELECT p.id, p.display_name IS NOT NULL AS has_dn, lower(coalesce(p.display_name, p.user_name)) AS nm, p.join_date AS jd,
                          ${relevance ? score.sql : '0'} AS score
                     FROM person p WHERE ${whereSql} OFFSET 0) m
            ORDER BY ${orderBy('')} LIMIT ? OFFSET ?
         ) s CROSS JOIN LATERAL (SELECT ${XCOLS} FROM person x WHERE x.id = s.id OFFSET 0) p
         ORDER BY ${orderBy('s.')}`,
        [...(relevance ? rank.params : []), ...(relevance ? score.params : []), ...allParams, q.limit, q.offset],
      );
      // Past the last match no row carries the total: count on its own (a rare request).
      if (!rows.length) return { total: q.offset > 0 ? await count(whereSql, allParams) : 0, items: [] };
      return { total: Number(rows[0].total), items: rows.map(toDirectoryPerson) };
    };

    // Tier 1: every word is a prefix of some word of the person's search text (full-text index).
    // Ranked by how many words start a word of the person's display name, then by name.
    // (has_dn and nm stand for lower(coalesce(display_name, '')): nm is the lower-cased display
    // name whenever there is one.)
    const prefix = await tier(
      `to_tsvector('simple', p.search_text) @@ to_tsquery('simple', ?)`,
      [words.map((w) => `'${w.replace(/'/g, "''")}':*`).join(' & ')],
      { sql: '0', params: [] },
      {
        sql: `(${words.map(() => `(m.has_dn AND (m.nm LIKE ? OR m.nm LIKE ?))::int`).join(' + ')})`,
        params: words.flatMap((w) => [`${escapeLike(w)}%`, `% ${escapeLike(w)}%`]),
      },
    );
    if (prefix.total > 0) return prefix;

    // Tier 2, only when nothing matched: small typos through trigram word similarity (`<%` uses the
    // trigram index; the threshold is set per connection in orm-config). Ranked by similarity.
    return tier(
      words.map(() => `? <% p.search_text`).join(' AND '),
      words,
      { sql: `(${words.map(() => 'word_similarity(?, p.search_text)').join(' + ')})`, params: words },
      { sql: 'm.score', params: [] },
    );
  }

  /** The chain of managers up to the top, nearest first, ending before anyone would repeat. */
  async managerChain(workspaceId: string, personId: string): Promise<DirectoryPerson[]> {
    if (!isUuid(personId)) return [];
    return this.rows(
      `WITH RECURSIVE chain(id, depth, path) AS (
         SELECT p.manager_id, 1, ARRAY[p.id, p.manager_id]
           FROM person p WHERE p.workspace_id = ? AND p.id = ? AND p.manager_id IS NOT NULL AND p.manager_id <> p.id
         UNION ALL
         SELECT m.manager_id, c.depth + 1, c.path || m.manager_id
           FROM chain c CROSS JOIN LATERAL (SELECT x.manager_id FROM person x WHERE x.id = c.id OFFSET 0) m
          WHERE m.manager_id IS NOT NULL AND NOT m.manager_id = ANY(c.path) AND c.depth < ${MAX_CHAIN}
       )
       SELECT ${COLS} FROM chain c CROSS JOIN LATERAL (SELECT ${XCOLS} FROM person x WHERE x.id = c.id OFFSET 0) p ORDER BY c.depth`,
      [workspaceId, personId],
    );
  }

  /** Active direct reports (not the person themself, should they manage themselves). */
  async directReports(workspaceId: string, managerId: string, page: PageArgs, includeInactive = false): Promise<Page<DirectoryPerson>> {
    if (!isUuid(managerId)) return { total: 0, items: [] };
    const where = `p.workspace_id = ? AND p.manager_id = ? AND p.id <> p.manager_id${includeInactive ? '' : ' AND p.active'}`;
    const params = [workspaceId, managerId];
    const em = this.em.fork();
    const [{ n }] = await em.execute<{ n: number }[]>(`SELECT count(*)::int AS n FROM person p WHERE ${where}`, params);
    if (page.limit === 0 || n <= page.offset) return { total: n, items: [] };
    const items = await this.rows(`SELECT ${COLS} FROM person p WHERE ${where} ORDER BY ${NAME_ORDER} LIMIT ? OFFSET ?`, [...params, page.limit, page.offset]);
    return { total: n, items };
  }


  /** Everyone below the person, all levels (active only), by name. */
  async reports(workspaceId: string, rootId: string, page: PageArgs): Promise<Page<DirectoryPerson>> {
    if (!isUuid(rootId)) return { total: 0, items: [] };
    const cte = `WITH RECURSIVE sub(id) AS (
        SELECT p.id FROM person p WHERE p.workspace_id = ? AND p.manager_id = ? AND p.id <> ?
        UNION
        SELECT r.id FROM sub s CROSS JOIN LATERAL (SELECT p.id FROM person p WHERE p.manager_id = s.id OFFSET 0) r
      )`;
    const params = [workspaceId, rootId, rootId];
    const em = this.em.fork();
    const [{ n }] = await em.execute<{ n: number }[]>(
      `${cte} SELECT count(*)::int AS n FROM sub CROSS JOIN LATERAL (SELECT x.active, x.id FROM person x WHERE x.id = sub.id OFFSET 0) p WHERE p.active AND p.id <> ?`,
      [...params, rootId],
    );
    if (page.limit === 0 || n <= page.offset) return { total: n, items: [] };
    const items = await this.rows(
      `${cte} SELECT ${COLS} FROM sub CROSS JOIN LATERAL (SELECT ${XCOLS} FROM person x WHERE x.id = sub.id OFFSET 0) p WHERE p.active AND p.id <> ? ORDER BY ${NAME_ORDER} LIMIT ? OFFSET ?`,
      [...params, rootId, page.limit, page.offset],
    );
    return { total: n, items };
  }


  /** Colleagues with the same manager (active, not the person). */
  async peers(workspaceId: string, personId: string, page: PageArgs): Promise<Page<DirectoryPerson>> {
    if (!isUuid(personId)) return { total: 0, items: [] };
    const where = `p.workspace_id = ? AND p.active AND p.id <> ? AND p.id <> p.manager_id
      AND p.manager_id = (SELECT me.manager_id FROM person me WHERE me.id = ? AND me.workspace_id = ? AND me.manager_id <> me.id)`;
    const params = [workspaceId, personId, personId, workspaceId];
    const em = this.em.fork();
    const [{ n }] = await em.execute<{ n: number }[]>(`SELECT count(*)::int AS n FROM person p WHERE ${where}`, params);
    if (page.limit === 0 || n <= page.offset) return { total: n, items: [] };
    const items = await this.rows(`SELECT ${COLS} FROM person p WHERE ${where} ORDER BY ${NAME_ORDER} LIMIT ? OFFSET ?`, [...params, page.limit, page.offset]);
    return { total: n, items };
  }

  /**
   * The org chart from a root (or from the top: active people without a resolved manager), down to
   * `depth` levels, at most `maxNodes` nodes (breadth first). Inactive people are left out.
   */
  async orgChart(workspaceId: string, rootId: string | null, depth: number, maxNodes: number): Promise<{ nodes: ChartNode[]; truncated: boolean }> {
    if (rootId !== null && !isUuid(rootId)) return { nodes: [], truncated: false };
    // Matches the partial index person_chart_roots_idx.
    const rootCond = rootId ? 'p.id = ?::uuid' : '(p.manager_id IS NULL OR p.manager_id = p.id) AND p.active';
    const em = this.em.fork();
    const rows = await em.execute<Record<string, unknown>[]>(
      // LATERAL … OFFSET 0 keeps each step an index lookup by manager_id: the planner cannot
      // estimate a recursive CTE's size and would otherwise hash the whole table (170 ms → 4 ms at 100k).
      `WITH RECURSIVE chart(id, parent_id, depth, path) AS (
         SELECT p.id, NULL::uuid, 0, ARRAY[p.id] FROM person p WHERE p.workspace_id = ? AND ${rootCond}
         UNION ALL
         SELECT r.id, c.id, c.depth + 1, c.path || r.id
           FROM chart c CROSS JOIN LATERAL (
             SELECT p.id FROM person p WHERE p.manager_id = c.id AND p.active AND NOT p.id = ANY(c.path) OFFSET 0
           ) r
          WHERE c.depth < ?
       )
       SELECT ${COLS}, c.parent_id AS chart_parent_id, c.depth AS chart_depth
         FROM chart c CROSS JOIN LATERAL (SELECT ${XCOLS} FROM person x WHERE x.id = c.id OFFSET 0) p
        ORDER BY c.depth, ${NAME_ORDER} LIMIT ?`,
      [workspaceId, ...(rootId ? [rootId] : []), depth, maxNodes + 1],
    );
    const truncated = rows.length > maxNodes;
    const nodes = rows.slice(0, maxNodes).map((r) => ({
      person: toDirectoryPerson(r),
      parentId: (r.chart_parent_id as string | null) ?? null,
      depth: Number(r.chart_depth),
    }));
    return { nodes, truncated };
  }

  /** People whose join date falls in the last `days` days (the workspace's "today" in `timeZone`). */
  async newJoiners(workspaceId: string, days: number, timeZone: string, limit: number, today?: string): Promise<DatedPerson[]> {
    const em = this.em.fork();
    const rows = await em.execute<Record<string, unknown>[]>(
      `WITH t AS (SELECT coalesce(?::date, (now() AT TIME ZONE ?)::date) AS today)
       SELECT ${COLS}, to_char(p.join_date, 'YYYY-MM-DD') AS the_date FROM person p CROSS JOIN t
        WHERE p.workspace_id = ? AND p.active AND p.join_date IS NOT NULL
          AND p.join_date BETWEEN t.today - ?::int AND t.today
        ORDER BY p.join_date DESC, ${NAME_ORDER} LIMIT ?`,
      [today ?? null, timeZone, workspaceId, days, limit],
    );
    return rows.map((r) => this.dated(r));
  }

  /**
   * Next occurrences of a yearly date (birthday, work anniversary) within `days` days of today in
   * `timeZone`, wrapping over the year end. 29 February falls on 1 March in other years.
   */
  async upcoming(workspaceId: string, kind: 'birthday' | 'join_date', days: number, timeZone: string, limit: number, today?: string): Promise<DatedPerson[]> {
    const col = kind === 'birthday' ? 'p.birthday' : 'p.join_date';
    const em = this.em.fork();
    const rows = await em.execute<Record<string, unknown>[]>(
      `WITH t AS (SELECT coalesce(?::date, (now() AT TIME ZONE ?)::date) AS today)
       SELECT ${COLS}, to_char(n.next, 'YYYY-MM-DD') AS the_date,
              (extract(year FROM n.next) - extract(year FROM ${col}))::int AS the_years
         FROM person p CROSS JOIN t
         CROSS JOIN LATERAL (
           SELECT CASE WHEN occ.this_year >= t.today THEN occ.this_year ELSE occ.next_year END AS next
             FROM (SELECT (make_date(extract(year FROM t.today)::int, 1, 1)
                            + make_interval(months => extract(month FROM ${col})::int - 1, days => extract(day FROM ${col})::int - 1))::date AS this_year,
                          (make_date(extract(year FROM t.today)::int + 1, 1, 1)
                            + make_interval(months => extract(month FROM ${col})::int - 1, days => extract(day FROM ${col})::int - 1))::date AS next_year) occ
         ) n
        WHERE p.workspace_id = ? AND p.active AND ${col} IS NOT NULL AND n.next <= t.today + ?::int
          ${kind === 'join_date' ? `AND n.next > ${col}` : ''}
        ORDER BY n.next, ${NAME_ORDER} LIMIT ?`,
      [today ?? null, timeZone, workspaceId, days, limit],
    );
    return rows.map((r) => this.dated(r, kind === 'join_date'));
  }

  private dated(row: Record<string, unknown>, withYears = false): DatedPerson {
    return { person: toDirectoryPerson(row), date: String(row.the_date), ...(withYears ? { years: Number(row.the_years) } : {}) };
  }
}
