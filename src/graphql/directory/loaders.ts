// One set of DataLoaders per request (per GraphQL context): a page of people with their managers
// costs one statement; direct-report counts, headcounts and levels come from the cached org graph
// (one version check per request, see OrgGraphService).
import DataLoader from 'dataloader';
import type { OrgGraph } from '../../domain/directory/org-graph.js';
import type { DirectoryPerson } from '../../domain/directory/directory-person.js';
import type { Person as PersonEntity } from '../../domain/person/person.entity.js';
import type { GraphQLContext } from '../context.js';

/** What the person loader holds: the directory's plain records, or entities other services primed it with. */
export type LoadedPerson = DirectoryPerson | PersonEntity;

export interface DirectoryLoaders {
  person: DataLoader<string, LoadedPerson | null>;
  directReportCount: DataLoader<string, number>;
  headcount: DataLoader<string, number>;
  level: DataLoader<string, number>;
  /** The request's org graph (the same version check the count loaders use), for whole lists at once. */
  orgGraph: () => Promise<OrgGraph>;
}

const perContext = new WeakMap<GraphQLContext, DirectoryLoaders>();

export function loaders(ctx: GraphQLContext, workspaceId: string): DirectoryLoaders {
  let l = perContext.get(ctx);
  if (l) return l;
  const dir = ctx.services.directory;
  // One version check (and at most one rebuild) of the org graph per request.
  let graphOnce: Promise<OrgGraph> | undefined;
  const graph = () => (graphOnce ??= ctx.services.orgGraph.graph(workspaceId));
  const fromGraph = (field: 'directReports' | 'headcount' | 'level') => async (ids: readonly string[]) => {
    const g = await graph();
    return ids.map((id) => (g.index.has(id) ? g[field][g.index.get(id)!] : 0));
  };
  l = {
    person: new DataLoader(async (ids) => {
      const found = new Map((await dir.peopleByIds(workspaceId, ids)).map((p) => [p.id, p]));
      return ids.map((id) => found.get(id) ?? null);
    }),
    directReportCount: new DataLoader(fromGraph('directReports')),
    headcount: new DataLoader(fromGraph('headcount')),
    level: new DataLoader(fromGraph('level')),
    orgGraph: graph,
  };
  perContext.set(ctx, l);
  return l;
}

/** Prime the person loader with rows a list query already fetched. */
export function prime(ctx: GraphQLContext, workspaceId: string, people: LoadedPerson[]): void {
  const l = loaders(ctx, workspaceId);
  for (const p of people) l.person.prime(p.id, p);
}
