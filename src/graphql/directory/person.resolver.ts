// Person's relational fields: reporting lines and counts, batched through the request's loaders.
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { DirectoryPerson } from '../../domain/directory/directory-person.js';
import type { GraphQLContext } from '../context.js';
import { pageRequest, toConnection } from '../pagination.js';
import { readerOf } from './access.js';
import { loaders, prime } from './loaders.js';
import { Person, PersonConnection, toPerson } from './person.types.js';

/** Runs a paged directory read for the caller and returns it as a connection (priming the loader). */
async function personPage(
  ctx: GraphQLContext,
  first: number | undefined,
  after: string | undefined,
  read: (workspaceId: string, page: { offset: number; limit: number }) => Promise<{ total: number; items: DirectoryPerson[] }>,
): Promise<PersonConnection> {
  const reader = readerOf(ctx);
  const page = pageRequest(first, after);
  const { total, items } = await read(reader.workspaceId, page);
  prime(ctx, reader.workspaceId, items);
  return toConnection(items.map((p) => toPerson(p, reader.isAdmin)), total, page);
}

@Resolver(() => Person)
export class PersonResolver {
  @FieldResolver(() => Person, { nullable: true, description: 'The direct manager (looked up directly, so shown even when inactive).' })
  async manager(@Root() person: Person, @Ctx() ctx: GraphQLContext): Promise<Person | null> {
    if (!person.managerId || person.managerId === person.id) return null;
    const reader = readerOf(ctx);
    const m = await loaders(ctx, reader.workspaceId).person.load(person.managerId);
    return m ? toPerson(m, reader.isAdmin) : null;
  }

  @FieldResolver(() => [Person], { description: 'Managers up to the top, nearest first, ending before anyone would repeat.' })
  async managers(@Root() person: Person, @Ctx() ctx: GraphQLContext): Promise<Person[]> {
    const reader = readerOf(ctx);
    const chain = await ctx.services.directory.managerChain(reader.workspaceId, person.id);
    prime(ctx, reader.workspaceId, chain);
    return chain.map((p) => toPerson(p, reader.isAdmin));
  }

  @FieldResolver(() => PersonConnection, { description: 'Active direct reports, by name.' })
  async directReports(
    @Root() person: Person,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<PersonConnection> {
    return personPage(ctx, first, after, (ws, page) => ctx.services.directory.directReports(ws, person.id, page));
  }

  @FieldResolver(() => PersonConnection, { description: 'Active reports at every level (or only direct ones with immediateOnly), by name.' })
  async reports(
    @Root() person: Person,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('immediateOnly', () => Boolean, { nullable: true, defaultValue: false }) immediateOnly?: boolean,
  ): Promise<PersonConnection> {
    const dir = ctx.services.directory;
    return personPage(ctx, first, after, (ws, page) => (immediateOnly ? dir.directReports(ws, person.id, page) : dir.reports(ws, person.id, page)));
  }

  @FieldResolver(() => Int, { description: 'Active direct reports.' })
  async directReportCount(@Root() person: Person, @Ctx() ctx: GraphQLContext): Promise<number> {
    return loaders(ctx, readerOf(ctx).workspaceId).directReportCount.load(person.id);
  }

  @FieldResolver(() => Int, { description: 'Active people whose chain of managers includes this person.' })
  async headcount(@Root() person: Person, @Ctx() ctx: GraphQLContext): Promise<number> {
    return loaders(ctx, readerOf(ctx).workspaceId).headcount.load(person.id);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Distance to the top of the chain (0 for a top person).' })
  async level(@Root() person: Person, @Ctx() ctx: GraphQLContext): Promise<number> {
    return loaders(ctx, readerOf(ctx).workspaceId).level.load(person.id);
  }

  @FieldResolver(() => PersonConnection, { description: 'Active colleagues with the same manager.' })
  async peers(
    @Root() person: Person,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<PersonConnection> {
    return personPage(ctx, first, after, (ws, page) => ctx.services.directory.peers(ws, person.id, page));
  }
}
