// What is wrong with a workspace's org data, for the admin's check after the first sync and every
// day after. Counts come from one aggregate pass over the workspace's people; reporting cycles come
// from the cached org graph (org-graph.service.ts), which finds them in one linear pass.
import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../../db/sql.js';
import type { Page, PageArgs } from '../directory/directory.service.js';
import type { OrgGraphService } from '../directory/org-graph.service.js';
import { Person } from '../person/person.entity.js';

export interface HealthSummary {
  people: number;
  roots: number;
  unresolvedManagers: number;
  cycles: number;
  peopleInCycles: number;
  peopleBelowCycles: number;
  inactiveManagersWithActiveReports: number;
  selfManaged: number;
  missingJobTitle: number;
  missingDepartment: number;
  missingLocation: number;
  missingJoinDate: number;
  duplicateWorkEmails: number;
  peopleWithDroppedValues: number;
}

export type ProfileField = 'JOB_TITLE' | 'DEPARTMENT' | 'LOCATION' | 'JOIN_DATE';

const MISSING_SQL: Record<ProfileField, string> = {
  JOB_TITLE: 'p.title IS NULL',
  DEPARTMENT: 'p.department IS NULL',
  LOCATION: 'p.locality IS NULL AND p.region IS NULL AND p.country_code IS NULL',
  JOIN_DATE: 'p.join_date IS NULL',
};

export interface CycleAnalysis {
  /** Each cycle's member ids, in reporting order starting from the smallest id. */
  cycles: string[][];
  /** People whose chain leads into a cycle without being on it. */
  below: string[];
}

export interface UnresolvedManager {
  person: Person;
  reference: string;
  referenceKind: 'externalId' | 'id';
  since: Date | null;
}

export interface InactiveManager {
  person: Person;
  activeReportCount: number;
}

export interface DuplicateEmail {
  email: string;
  people: Person[];
}

export interface DroppedValue {
  person: Person;
  attribute: string;
  reason: string;
}

const NAME_ORDER = 'lower(coalesce(p.display_name, p.user_name)), p.id';

export class OrgHealthService {
  constructor(
    private readonly em: EntityManager,
    private readonly orgGraph: OrgGraphService,
  ) {}

  private async people(sql: string, params: unknown[]): Promise<Person[]> {
    const em = this.em.fork();
    return (await em.execute(sql, params)).map((r) => em.map(Person, r));
  }

  private async page(where: string, params: unknown[], page: PageArgs, order = NAME_ORDER): Promise<Page<Person>> {
    const em = this.em.fork();
    const [{ n }] = await em.execute<{ n: number }[]>(`SELECT count(*)::int AS n FROM person p WHERE ${where}`, params);
    if (page.limit === 0 || n <= page.offset) return { total: n, items: [] };
    const items = await this.people(`SELECT p.* FROM person p WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`, [...params, page.limit, page.offset]);
    return { total: n, items };
  }

  async summary(workspaceId: string, cycles: CycleAnalysis): Promise<HealthSummary> {
    const em = this.em.fork();
    const [row] = await em.execute<Record<string, number>[]>(
      `SELECT count(*) FILTER (WHERE p.active)::int AS people,
              count(*) FILTER (WHERE p.active AND p.manager_ref IS NULL)::int AS roots,
              count(*) FILTER (WHERE p.active AND p.manager_ref IS NOT NULL AND p.manager_id IS NULL)::int AS unresolved,
              count(*) FILTER (WHERE p.active AND p.manager_id = p.id)::int AS self_managed,
              count(*) FILTER (WHERE p.active AND ${MISSING_SQL.JOB_TITLE})::int AS missing_title,
              count(*) FILTER (WHERE p.active AND ${MISSING_SQL.DEPARTMENT})::int AS missing_department,
              count(*) FILTER (WHERE p.active AND ${MISSING_SQL.LOCATION})::int AS missing_location,
              count(*) FILTER (WHERE p.active AND ${MISSING_SQL.JOIN_DATE})::int AS missing_join_date,
              count(*) FILTER (WHERE p.ingest_issues <> '{}'::jsonb)::int AS dropped,
              (SELECT count(*)::int FROM person m WHERE m.workspace_id = ? AND NOT m.active
                  AND EXISTS (SELECT 1 FROM person r WHERE r.manager_id = m.id AND r.active AND r.id <> m.id)) AS inactive_managers,
              (SELECT count(*)::int FROM (SELECT 1 FROM person d WHERE d.workspace_id = ? AND d.active AND d.email IS NOT NULL
                  GROUP BY lower(d.email) HAVING count(*) > 1) x) AS duplicate_emails
         FROM person p WHERE p.workspace_id = ?`,
      [workspaceId, workspaceId, workspaceId],
    );
    return {
      people: row.people,
      roots: row.roots,
      unresolvedManagers: row.unresolved,
      cycles: cycles.cycles.length,
      peopleInCycles: cycles.cycles.reduce((n, c) => n + c.length, 0),
      peopleBelowCycles: cycles.below.length,
      inactiveManagersWithActiveReports: row.inactive_managers,
      selfManaged: row.self_managed,
      missingJobTitle: row.missing_title,
      missingDepartment: row.missing_department,
      missingLocation: row.missing_location,
      missingJoinDate: row.missing_join_date,
      duplicateWorkEmails: row.duplicate_emails,
      peopleWithDroppedValues: row.dropped,
    };
  }

  /** Reporting cycles (of two or more people; self-managed people are reported on their own). */
  async cycles(workspaceId: string): Promise<CycleAnalysis> {
    const g = await this.orgGraph.graph(workspaceId);
    return { cycles: g.cycles.map((c) => c.map((i) => g.ids[i])), below: g.belowCycles.map((i) => g.ids[i]) };
  }

  async peopleByIds(workspaceId: string, ids: string[]): Promise<Map<string, Person>> {
    if (!ids.length) return new Map();
    const list = await this.people(`SELECT p.* FROM person p WHERE p.workspace_id = ? AND p.id = ANY(?::uuid[])`, [workspaceId, pgArray(ids)]);
    return new Map(list.map((p) => [p.id, p]));
  }

  roots(workspaceId: string, page: PageArgs): Promise<Page<Person>> {
    return this.page('p.workspace_id = ? AND p.active AND p.manager_ref IS NULL', [workspaceId], page);
  }

  selfManaged(workspaceId: string, page: PageArgs): Promise<Page<Person>> {
    return this.page('p.workspace_id = ? AND p.active AND p.manager_id = p.id', [workspaceId], page);
  }

  missing(workspaceId: string, field: ProfileField, page: PageArgs): Promise<Page<Person>> {
    return this.page(`p.workspace_id = ? AND p.active AND ${MISSING_SQL[field]}`, [workspaceId], page);
  }

  /** Active people whose reference names nobody provisioned, longest pending first. */
  async unresolvedManagers(workspaceId: string, page: PageArgs): Promise<Page<UnresolvedManager>> {
    const { total, items } = await this.page(
      'p.workspace_id = ? AND p.active AND p.manager_ref IS NOT NULL AND p.manager_id IS NULL',
      [workspaceId],
      page,
      `p.manager_ref_at ASC NULLS FIRST, ${NAME_ORDER}`,
    );
    return {
      total,
      items: items.map((p) => ({ person: p, reference: p.managerRef!, referenceKind: p.managerRefKind ?? 'externalId', since: p.managerRefAt ?? null })),
    };
  }

  async inactiveManagersWithActiveReports(workspaceId: string, page: PageArgs): Promise<Page<InactiveManager>> {
    const where = `p.workspace_id = ? AND NOT p.active AND EXISTS (SELECT 1 FROM person r WHERE r.manager_id = p.id AND r.active AND r.id <> p.id)`;
    const { total, items } = await this.page(where, [workspaceId], page);
    if (!items.length) return { total, items: [] };
    const counts = await this.em.fork().execute<{ id: string; n: number }[]>(
      `SELECT r.manager_id AS id, count(*)::int AS n FROM person r WHERE r.manager_id = ANY(?::uuid[]) AND r.active AND r.id <> r.manager_id GROUP BY r.manager_id`,
      [pgArray(items.map((p) => p.id))],
    );
    const byId = new Map(counts.map((c) => [c.id, c.n]));
    return { total, items: items.map((p) => ({ person: p, activeReportCount: byId.get(p.id) ?? 0 })) };
  }

  /** Work emails shared by more than one active person. */
  async duplicateWorkEmails(workspaceId: string, limit: number): Promise<DuplicateEmail[]> {
    const em = this.em.fork();
    const rows = await em.execute<Record<string, unknown>[]>(
      `WITH d AS (SELECT lower(p.email) AS e FROM person p WHERE p.workspace_id = ? AND p.active AND p.email IS NOT NULL
                   GROUP BY lower(p.email) HAVING count(*) > 1 ORDER BY 1 LIMIT ?)
       SELECT p.*, d.e AS dup_email FROM d JOIN person p ON p.workspace_id = ? AND p.active AND lower(p.email) = d.e
        ORDER BY d.e, ${NAME_ORDER}`,
      [workspaceId, limit, workspaceId],
    );
    const groups = new Map<string, Person[]>();
    for (const r of rows) {
      const { dup_email, ...personRow } = r;
      const list = groups.get(String(dup_email)) ?? [];
      list.push(em.map(Person, personRow));
      groups.set(String(dup_email), list);
    }
    return [...groups].map(([email, people]) => ({ email, people }));
  }

  /** Values dropped at ingest (bad dates, non-https photos), one row per person and attribute. */
  async droppedValues(workspaceId: string, page: PageArgs): Promise<Page<DroppedValue>> {
    const em = this.em.fork();
    const [{ n }] = await em.execute<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM person p CROSS JOIN LATERAL jsonb_each_text(p.ingest_issues) i WHERE p.workspace_id = ?`,
      [workspaceId],
    );
    if (page.limit === 0 || n <= page.offset) return { total: n, items: [] };
    const rows = await em.execute<Record<string, unknown>[]>(
      `SELECT p.*, i.key AS issue_attribute, i.value AS issue_reason
         FROM person p CROSS JOIN LATERAL jsonb_each_text(p.ingest_issues) i
        WHERE p.workspace_id = ? ORDER BY ${NAME_ORDER}, i.key LIMIT ? OFFSET ?`,
      [workspaceId, page.limit, page.offset],
    );
    return {
      total: n,
      items: rows.map((r) => {
        const { issue_attribute, issue_reason, ...personRow } = r;
        return { person: em.map(Person, personRow), attribute: String(issue_attribute), reason: String(issue_reason) };
      }),
    };
  }
}
