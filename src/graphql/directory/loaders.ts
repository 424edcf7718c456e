// One set of DataLoaders per request (per GraphQL context), so a page of people with their
// managers, direct-report counts, headcounts and levels costs one statement per kind.
import DataLoader from 'dataloader';
import type { Person } from '../../domain/person/person.entity.js';
import type { GraphQLContext } from '../context.js';

export interface DirectoryLoaders {
  person: DataLoader<string, Person | null>;
  directReportCount: DataLoader<string, number>;
  headcount: DataLoader<string, number>;
  level: DataLoader<string, number>;
}

const perContext = new WeakMap<GraphQLContext, DirectoryLoaders>();

export function loaders(ctx: GraphQLContext, workspaceId: string): DirectoryLoaders {
  let l = perContext.get(ctx);
  if (l) return l;
  const dir = ctx.services.directory;
  l = {
    person: new DataLoader(async (ids) => {
      const found = new Map((await dir.peopleByIds(workspaceId, ids)).map((p) => [p.id, p]));
      return ids.map((id) => found.get(id) ?? null);
    }),
    directReportCount: new DataLoader(async (ids) => {
      const m = await dir.directReportCountsForIds(workspaceId, ids);
      return ids.map((id) => m.get(id) ?? 0);
    }),
    headcount: new DataLoader(async (ids) => {
      const m = await dir.headcountsForIds(workspaceId, ids);
      return ids.map((id) => m.get(id) ?? 0);
    }),
    level: new DataLoader(async (ids) => {
      const m = await dir.levelsForIds(workspaceId, ids);
      return ids.map((id) => m.get(id) ?? 0);
    }),
  };
  perContext.set(ctx, l);
  return l;
}

/** Prime the person loader with rows a list query already fetched. */
export function prime(ctx: GraphQLContext, workspaceId: string, people: Person[]): void {
  const l = loaders(ctx, workspaceId);
  for (const p of people) l.person.prime(p.id, p);
}
