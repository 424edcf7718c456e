// Records what provisioning did. Successful changes are written in the same transaction as the
// change itself (so the log never claims what did not happen); refusals are written on their own.
// Reads page newest first by keyset on (at, id), which the (workspace_id, at) and
// (workspace_id, resource_id, at) indexes serve; retention deletes old entries in small batches.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Literals } from '../../db/sql-client.js';
import { DomainError } from '../errors.js';
import { Workspace } from '../workspace/workspace.entity.js';
import { ProvisioningEvent, ProvisioningLogEntry, ProvisioningOutcome, ProvisioningWarning } from './provisioning-log.entity.js';

export interface LogInput {
  workspaceId: string;
  credentialId: string | null;
  operation: string;
  resourceType?: string;
  resourceId?: string | null;
  externalId?: string | null;
  changedAttributes?: string[];
  outcome: ProvisioningOutcome;
  status: number;
  scimType?: string | null;
  detail?: string | null;
  warnings?: ProvisioningWarning[];
  event?: ProvisioningEvent | null;
  managerLinksResolved?: number;
  managerPending?: boolean;
}

export class ProvisioningLogService {
  constructor(private readonly em: EntityManager) {}

  /** Adds an entry to the given (transactional) EntityManager; flushed with the caller's change. */
  add(em: EntityManager, input: LogInput): void {
    em.persist(this.build(em, input));
  }

  /**
   * The entry as an `INSERT … SELECT` to embed in a write's own statement (plain-SQL write paths,
   * see src/db/sql-client.ts). `computed` supplies SQL for what is only known inside that statement
   * (e.g. how many reports it linked); `from` is the FROM clause those expressions read.
   */
  insertSql(input: LogInput, p: Literals, computed: { from?: string; managerLinksResolved?: string; managerPending?: string } = {}): string {
    const cols: [string, string][] = [
      ['workspace_id', `${p.add(input.workspaceId)}::uuid`],
      ['credential_id', `${p.add(input.credentialId)}::uuid`],
      ['operation', p.add(input.operation)],
      ['resource_type', p.add(input.resourceType ?? 'User')],
      ['resource_id', `${p.add(input.resourceId ?? null)}::uuid`],
      ['external_id', p.add(input.externalId ?? null)],
      ['changed_attributes', `${p.add(input.changedAttributes ?? [])}::text[]`],
      ['outcome', p.add(input.outcome)],
      ['status', `${p.add(input.status)}::int`],
      ['scim_type', p.add(input.scimType ?? null)],
      ['detail', p.add(input.detail ? input.detail.slice(0, 1000) : null)],
      ['warnings', `${p.add(JSON.stringify(input.warnings ?? []))}::jsonb`],
      ['event', p.add(input.event ?? (input.outcome === 'refused' ? 'refused' : null))],
      ['manager_links_resolved', computed.managerLinksResolved ?? `${p.add(input.managerLinksResolved ?? 0)}::int`],
      ['manager_pending', computed.managerPending ?? `${p.add(input.managerPending ?? false)}::boolean`],
    ];
    return `INSERT INTO provisioning_log (${cols.map((c) => c[0]).join(', ')}) SELECT ${cols.map((c) => c[1]).join(', ')}${computed.from ? ` FROM ${computed.from}` : ''}`;
  }

  /** Writes an entry on its own, for refused calls whose own transaction rolled back. */
  async record(input: LogInput): Promise<void> {
    const em = this.em.fork();
    await em.persistAndFlush(this.build(em, input));
  }

  private build(em: EntityManager, input: LogInput): ProvisioningLogEntry {
    return em.create(ProvisioningLogEntry, {
      workspace: em.getReference(Workspace, input.workspaceId),
      credentialId: input.credentialId,
      operation: input.operation,
      resourceType: input.resourceType ?? 'User',
      resourceId: input.resourceId ?? null,
      externalId: input.externalId ?? null,
      changedAttributes: input.changedAttributes ?? [],
      outcome: input.outcome,
      status: input.status,
      scimType: input.scimType ?? null,
      // Details are our own messages; cap them so a hostile body cannot bloat the log.
      detail: input.detail ? input.detail.slice(0, 1000) : null,
      warnings: input.warnings ?? [],
      event: input.event ?? (input.outcome === 'refused' ? 'refused' : null),
      managerLinksResolved: input.managerLinksResolved ?? 0,
      managerPending: input.managerPending ?? false,
    });
  }

  /** Entries of one workspace, newest first (the full reader comes with the admin API). */
  async recent(workspaceId: string, limit = 100): Promise<ProvisioningLogEntry[]> {
    return this.em.fork().find(ProvisioningLogEntry, { workspace: workspaceId }, { orderBy: { id: 'desc' }, limit });
  }

  /**
   * One page of a workspace's entries, newest first, with the label of the token that made each
   * call. `after` is the `key` of the last entry of the previous page.
   */
  async list(workspaceId: string, q: LogQuery): Promise<LogPage> {
    const { sql, params } = filterSql(workspaceId, q.filter ?? {});
    let keyset = '';
    const keyParams: unknown[] = [];
    if (q.after) {
      // (at, id) < (…) in a form the (workspace_id, at) index serves as a range: at <= cursor.
      keyset = ' AND l.at <= ?::timestamptz AND (l.at < ?::timestamptz OR l.id < ?::bigint)';
      keyParams.push(q.after.at, q.after.at, q.after.id);
    }
    const rows = await this.em.fork().execute<LogRow[]>(
      `SELECT l.id::text AS id, l.at, to_char(l.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_key, c.label AS token_label, l.operation, l.resource_type, l.resource_id,
              l.external_id, l.changed_attributes, l.outcome, l.event, l.status, l.scim_type, l.detail, l.warnings,
              l.manager_links_resolved, l.manager_pending
         FROM provisioning_log l
         LEFT JOIN credential c ON c.id = l.credential_id AND c.workspace_id = l.workspace_id
        WHERE ${sql}${keyset}
        ORDER BY l.at DESC, l.id DESC
        LIMIT ?`,
      [...params, ...keyParams, q.limit + 1],
    );
    return { entries: rows.slice(0, q.limit).map(toView), hasMore: rows.length > q.limit };
  }

  /** How many entries match the filter (for `totalCount`; only run when asked for). */
  async count(workspaceId: string, filter: LogFilter = {}): Promise<number> {
    const { sql, params } = filterSql(workspaceId, filter);
    const [{ n }] = await this.em.fork().execute<{ n: number }[]>(`SELECT count(*)::int AS n FROM provisioning_log l WHERE ${sql}`, params);
    return n;
  }

  /**
   * Deletes entries older than `cutoff`, in every workspace, in batches of `batchSize` rows, each
   * its own short transaction (no long locks, no huge WAL burst). Each batch first takes a
   * transaction-scoped advisory lock with try: when another instance holds it, that instance is
   * pruning, so this run stops and reports `skipped`. `signal` stops between batches (shutdown).
   */
  async prune(cutoff: Date, opts: { batchSize?: number; signal?: AbortSignal } = {}): Promise<{ deleted: number; skipped: boolean }> {
    const batchSize = opts.batchSize ?? 5000;
    const em = this.em.fork();
    const workspaces = await em.execute<{ id: string }[]>('SELECT id FROM workspace ORDER BY id');
    let deleted = 0;
    for (const { id: workspaceId } of workspaces) {
      for (;;) {
        if (opts.signal?.aborted) return { deleted, skipped: false };
        const n = await this.em.fork().transactional(async (tx) => {
          const [{ locked }] = await tx.execute<{ locked: boolean }[]>('SELECT pg_try_advisory_xact_lock(?::bigint) AS locked', [RETENTION_LOCK]);
          if (!locked) return -1;
          const res = await tx.execute<{ affectedRows: number }>(
            `DELETE FROM provisioning_log WHERE id IN (
               SELECT id FROM provisioning_log WHERE workspace_id = ? AND at < ? LIMIT ?)`,
            [workspaceId, cutoff, batchSize],
            'run',
          );
          return res.affectedRows ?? 0;
        });
        if (n < 0) return { deleted, skipped: true };
        deleted += n;
        if (n < batchSize) break;
      }
    }
    return { deleted, skipped: false };
  }
}

/** Advisory lock key of the retention job (one pruner at a time across instances). */
const RETENTION_LOCK = '7270110001';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface LogFilter {
  outcome?: ProvisioningOutcome | null;
  event?: ProvisioningEvent | null;
  /** Entries about this person (by id; also after the person was deleted). */
  personId?: string | null;
  /** Inclusive. */
  since?: Date | null;
  /** Exclusive. */
  until?: Date | null;
}

/** A position in the log: the entry's time exactly as stored (ISO, UTC, microseconds) and its id. */
export interface LogKey {
  at: string;
  id: string;
}

export interface LogQuery {
  filter?: LogFilter;
  after?: LogKey | null;
  limit: number;
}

/** An entry as the admin API shows it. */
export interface LogEntryView {
  id: string;
  key: LogKey;
  at: Date;
  tokenLabel: string | null;
  operation: string;
  resourceType: string;
  resourceId: string | null;
  externalId: string | null;
  changedAttributes: string[];
  outcome: ProvisioningOutcome;
  event: ProvisioningEvent | null;
  status: number;
  scimType: string | null;
  detail: string | null;
  warnings: ProvisioningWarning[];
  managerLinksResolved: number;
  managerPending: boolean;
}

export interface LogPage {
  entries: LogEntryView[];
  hasMore: boolean;
}

interface LogRow {
  id: string;
  at: Date;
  at_key: string;
  token_label: string | null;
  operation: string;
  resource_type: string;
  resource_id: string | null;
  external_id: string | null;
  changed_attributes: string[];
  outcome: ProvisioningOutcome;
  event: ProvisioningEvent | null;
  status: number;
  scim_type: string | null;
  detail: string | null;
  warnings: ProvisioningWarning[];
  manager_links_resolved: number;
  manager_pending: boolean;
}

const toView = (r: LogRow): LogEntryView => ({
  id: r.id,
  key: { at: r.at_key, id: r.id },
  at: new Date(r.at),
  tokenLabel: r.token_label,
  operation: r.operation,
  resourceType: r.resource_type,
  resourceId: r.resource_id,
  externalId: r.external_id,
  changedAttributes: r.changed_attributes ?? [],
  outcome: r.outcome,
  event: r.event,
  status: r.status,
  scimType: r.scim_type,
  detail: r.detail,
  warnings: r.warnings ?? [],
  managerLinksResolved: r.manager_links_resolved,
  managerPending: r.manager_pending,
});

/** Every filter is an equality or range on a column the two log indexes lead with. */
function filterSql(workspaceId: string, f: LogFilter): { sql: string; params: unknown[] } {
  const where = ['l.workspace_id = ?'];
  const params: unknown[] = [workspaceId];
  if (f.personId) {
    if (!UUID.test(f.personId)) throw new DomainError('INVALID_VALUE', 'personId is not a person id', 'personId');
    where.push('l.resource_id = ?');
    params.push(f.personId.toLowerCase());
  }
  if (f.outcome) {
    where.push('l.outcome = ?');
    params.push(f.outcome);
  }
  if (f.event) {
    where.push('l.event = ?');
    params.push(f.event);
  }
  if (f.since) {
    where.push('l.at >= ?');
    params.push(f.since);
  }
  if (f.until) {
    where.push('l.at < ?');
    params.push(f.until);
  }
  return { sql: where.join(' AND '), params };
}
