// The org chart export: active people with their manager's id and externalId, read in keyset
// batches on (created_at, id) — the (workspace_id, created_at, id) index — so an export of any
// size holds one batch in memory and no long transaction. Rows come out in provisioning order.
// Batches are separate statements: a person changed mid-export appears once, as read then.
import type { EntityManager } from '@mikro-orm/postgresql';
import { csvHeader, csvRows, ExportRow, jsonEnd, jsonRows, jsonStart } from './export-format.js';

export type ExportFormat = 'csv' | 'json';

export const EXPORT_BATCH_SIZE = 2000;

/** A position in the export: the creation time as stored (ISO, UTC, microseconds) and the id. */
export interface ExportKey {
  createdAt: string;
  id: string;
}

interface Row {
  id: string;
  external_id: string | null;
  display_name: string | null;
  email: string | null;
  title: string | null;
  department: string | null;
  locality: string | null;
  region: string | null;
  country_code: string | null;
  manager_id: string | null;
  manager_external_id: string | null;
  k: string;
}

export class ExportService {
  constructor(private readonly em: EntityManager) {}

  /** One batch of active people after `after`, and the key to continue from (null at the end). */
  async batch(workspaceId: string, after: ExportKey | null, limit: number): Promise<{ rows: ExportRow[]; next: ExportKey | null }> {
    const keyset = after ? ' AND (p.created_at, p.id) > (?::timestamptz, ?::uuid)' : '';
    const rows = await this.em.fork().execute<Row[]>(
      `SELECT p.id, p.external_id, p.display_name, p.email, p.title, p.department, p.locality, p.region, p.country_code,
              p.manager_id, m.external_id AS manager_external_id,
              to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS k
         FROM person p
         LEFT JOIN person m ON m.id = p.manager_id
        WHERE p.workspace_id = ? AND p.active${keyset}
        ORDER BY p.created_at, p.id
        LIMIT ?`,
      [workspaceId, ...(after ? [after.createdAt, after.id] : []), limit],
    );
    const last = rows[rows.length - 1];
    return {
      rows: rows.map((r) => ({
        id: r.id,
        externalId: r.external_id,
        displayName: r.display_name,
        email: r.email,
        jobTitle: r.title,
        department: r.department,
        locality: r.locality,
        region: r.region,
        countryCode: r.country_code,
        managerId: r.manager_id,
        managerExternalId: r.manager_external_id,
      })),
      next: rows.length === limit && last ? { createdAt: last.k, id: last.id } : null,
    };
  }

  /** Every active person, batch by batch; the next batch is read only when the consumer asks. */
  async *batches(workspaceId: string, batchSize = EXPORT_BATCH_SIZE): AsyncGenerator<ExportRow[]> {
    let after: ExportKey | null = null;
    do {
      const { rows, next }: { rows: ExportRow[]; next: ExportKey | null } = await this.batch(workspaceId, after, batchSize);
      if (rows.length) yield rows;
      after = next;
    } while (after);
  }

  /**
   * The export as text chunks, one per batch, for a streaming writer. The first chunk holds the
   * header (or opening bracket) with the first batch, so a failure to read at all happens before
   * anything is sent and can still be answered as an error.
   */
  async *chunks(workspaceId: string, format: ExportFormat, batchSize = EXPORT_BATCH_SIZE): AsyncGenerator<string> {
    const batches = this.batches(workspaceId, batchSize);
    const first = await batches.next();
    const firstRows = first.done ? [] : first.value;
    if (format === 'csv') {
      yield csvHeader() + csvRows(firstRows);
      for await (const rows of batches) yield csvRows(rows);
      return;
    }
    yield jsonStart() + jsonRows(firstRows, true);
    for await (const rows of batches) yield jsonRows(rows, false);
    yield jsonEnd(firstRows.length > 0);
  }
}
