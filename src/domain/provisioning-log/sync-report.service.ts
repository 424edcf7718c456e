// What provisioning did in a time window, from the provisioning log: events counted, refusals grouped
// by reason, manager links resolved, and what is still pending now. One aggregate statement over the
// log's (workspace_id, at) index, plus the current pending count.
import type { EntityManager } from '@mikro-orm/postgresql';

export interface SyncCounts {
  created: number;
  updated: number;
  deactivated: number;
  reactivated: number;
  deleted: number;
  refused: number;
  unchanged: number;
  /** Calls that dropped or ignored a value (bad date, non-https photo, unknown attribute). */
  withWarnings: number;
  managerLinksResolved: number;
  /** Writes in the window after which the person's manager was still pending. */
  leftManagerPending: number;
}

export interface RefusalReason {
  status: number;
  scimType: string | null;
  operation: string;
  count: number;
  /** One of the details, as an example (our own message; never attribute values). */
  exampleDetail: string | null;
}

export interface SyncReport {
  since: Date;
  until: Date;
  counts: SyncCounts;
  refusals: RefusalReason[];
  /** Active people whose manager reference names nobody provisioned, right now. */
  pendingManagersNow: number;
  /** Distinct people touched in the window. */
  peopleTouched: number;
  firstEntryAt: Date | null;
  lastEntryAt: Date | null;
}

export class SyncReportService {
  constructor(private readonly em: EntityManager) {}

  async report(workspaceId: string, since: Date, until: Date): Promise<SyncReport> {
    const em = this.em.fork();
    const [row] = await em.execute<Record<string, number | string | null>[]>(
      `SELECT count(*) FILTER (WHERE event = 'created')::int AS created,
              count(*) FILTER (WHERE event = 'updated')::int AS updated,
              count(*) FILTER (WHERE event = 'deactivated')::int AS deactivated,
              count(*) FILTER (WHERE event = 'reactivated')::int AS reactivated,
              count(*) FILTER (WHERE event = 'deleted')::int AS deleted,
              count(*) FILTER (WHERE outcome = 'refused')::int AS refused,
              count(*) FILTER (WHERE event = 'unchanged')::int AS unchanged,
              count(*) FILTER (WHERE warnings <> '[]'::jsonb)::int AS with_warnings,
              coalesce(sum(manager_links_resolved), 0)::int AS links,
              count(*) FILTER (WHERE manager_pending)::int AS left_pending,
              count(DISTINCT resource_id)::int AS touched,
              min(at) AS first_at, max(at) AS last_at
         FROM provisioning_log WHERE workspace_id = ? AND at >= ? AND at < ?`,
      [workspaceId, since, until],
    );
    const refusals = await em.execute<{ status: number; scim_type: string | null; operation: string; n: number; example: string | null }[]>(
      `SELECT status, scim_type, operation, count(*)::int AS n, min(detail) AS example
         FROM provisioning_log WHERE workspace_id = ? AND at >= ? AND at < ? AND outcome = 'refused'
        GROUP BY status, scim_type, operation ORDER BY n DESC, status LIMIT 50`,
      [workspaceId, since, until],
    );
    const [{ pending }] = await em.execute<{ pending: number }[]>(
      `SELECT count(*)::int AS pending FROM person WHERE workspace_id = ? AND active AND manager_ref IS NOT NULL AND manager_id IS NULL`,
      [workspaceId],
    );
    const num = (k: string) => Number(row[k] ?? 0);
    return {
      since,
      until,
      counts: {
        created: num('created'),
        updated: num('updated'),
        deactivated: num('deactivated'),
        reactivated: num('reactivated'),
        deleted: num('deleted'),
        refused: num('refused'),
        unchanged: num('unchanged'),
        withWarnings: num('with_warnings'),
        managerLinksResolved: num('links'),
        leftManagerPending: num('left_pending'),
      },
      refusals: refusals.map((r) => ({ status: r.status, scimType: r.scim_type, operation: r.operation, count: r.n, exampleDetail: r.example })),
      pendingManagersNow: pending,
      peopleTouched: num('touched'),
      firstEntryAt: row.first_at ? new Date(row.first_at as string) : null,
      lastEntryAt: row.last_at ? new Date(row.last_at as string) : null,
    };
  }
}
