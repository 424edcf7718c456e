// Keeps each workspace's reporting graph in memory (see org-graph.ts) so headcounts, levels and
// cycles cost a map lookup instead of a subtree walk. A cached graph is reused while the
// workspace's people are unchanged: every person write sets `updated_at` (and deletes stamp the
// workspace), so one indexed query tells whether to rebuild. Rebuilding reads one compact string per
// workspace (about 80 bytes a person) and is single-flight per workspace and process. A short
// maximum age also bounds staleness in the one race the version check cannot see (a transaction that
// commits an older timestamp after a rebuild has read a newer one).
import type { EntityManager } from '@mikro-orm/postgresql';
import { buildOrgGraph, OrgGraph } from './org-graph.js';

const MAX_AGE_MS = 30_000;

interface Entry {
  version: string;
  builtAt: number;
  graph: OrgGraph;
}

export class OrgGraphService {
  private readonly cache = new Map<string, Entry>();
  private readonly building = new Map<string, Promise<Entry>>();

  constructor(private readonly em: EntityManager) {}

  private async version(workspaceId: string): Promise<string> {
    const [row] = await this.em.fork().execute<{ v: string | null }[]>(
      `SELECT (SELECT max(updated_at) FROM person WHERE workspace_id = ?)::text || '|' ||
              coalesce((SELECT people_deleted_at FROM workspace WHERE id = ?)::text, '') AS v`,
      [workspaceId, workspaceId],
    );
    return row?.v ?? '';
  }

  /** The workspace's graph, rebuilt when its people changed. */
  async graph(workspaceId: string): Promise<OrgGraph> {
    const version = await this.version(workspaceId);
    const cached = this.cache.get(workspaceId);
    if (cached && cached.version === version && Date.now() - cached.builtAt < MAX_AGE_MS) return cached.graph;
    let pending = this.building.get(workspaceId);
    if (!pending) {
      pending = this.build(workspaceId, version).finally(() => this.building.delete(workspaceId));
      this.building.set(workspaceId, pending);
    }
    return (await pending).graph;
  }

  private async build(workspaceId: string, version: string): Promise<Entry> {
    const [row] = await this.em.fork().execute<{ packed: string | null }[]>(
      `SELECT string_agg(id::text || ',' || coalesce(manager_id::text, '') || ',' || CASE WHEN active THEN '1' ELSE '0' END, ';') AS packed
         FROM person WHERE workspace_id = ?`,
      [workspaceId],
    );
    const entry = { version, builtAt: Date.now(), graph: buildOrgGraph(row?.packed ?? '') };
    this.cache.set(workspaceId, entry);
    return entry;
  }
}
