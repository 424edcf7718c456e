// Directory queries for the intranet: lookups, people search, the org chart and date-based lists.
import { GraphQLError } from 'graphql';
import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { pageRequest, toConnection } from '../pagination.js';
import { readerOf, requireAdminArgument } from './access.js';
import { loaders, prime } from './loaders.js';
import { DatedPerson, OrgChart, PeopleFilter, Person, PersonConnection, PersonOrder, toPerson } from './person.types.js';

const MAX_CHART_DEPTH = 6;
const MAX_CHART_NODES = 2000;
const MAX_DAYS = 366;
const MAX_LIST = 100;

function badInput(message: string, argumentName: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argumentName } });
}

function validTimeZone(tz: string | null | undefined, fallback: string | null | undefined): string {
  const zone = tz ?? fallback ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    if (tz) throw badInput(`Unknown time zone "${tz}" (use an IANA name such as Europe/Berlin)`, 'timeZone');
    return 'UTC';
  }
}

function boundedInt(value: number | null | undefined, fallback: number, min: number, max: number, name: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min || v > max) throw badInput(`"${name}" must be between ${min} and ${max}`, name);
  return v;
}

@Resolver()
export class DirectoryResolver {
  @Query(() => Person, { nullable: true })
  async person(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Person | null> {
    const reader = readerOf(ctx);
    const [p] = await ctx.services.directory.peopleByIds(reader.workspaceId, [id]);
    return p ? toPerson(p, reader.isAdmin) : null;
  }

  @Query(() => Person, { nullable: true })
  async personByExternalId(@Arg('externalId') externalId: string, @Ctx() ctx: GraphQLContext): Promise<Person | null> {
    const reader = readerOf(ctx);
    const p = await ctx.services.directory.byExternalId(reader.workspaceId, externalId);
    return p ? toPerson(p, reader.isAdmin) : null;
  }

  @Query(() => Person, { nullable: true, description: 'By any of the person\'s emails, ignoring case.' })
  async personByEmail(@Arg('email') email: string, @Ctx() ctx: GraphQLContext): Promise<Person | null> {
    const reader = readerOf(ctx);
    const p = await ctx.services.directory.byEmail(reader.workspaceId, email);
    return p ? toPerson(p, reader.isAdmin) : null;
  }

  @Query(() => Person, { nullable: true, description: 'The signed-in person (OIDC tokens); null for API and admin tokens.' })
  async viewer(@Ctx() ctx: GraphQLContext): Promise<Person | null> {
    const reader = readerOf(ctx);
    if (!reader.externalId) return null;
    const p = await ctx.services.directory.byExternalId(reader.workspaceId, reader.externalId);
    return p ? toPerson(p, reader.isAdmin) : null;
  }

  @Query(() => PersonConnection, { description: 'People search and listing. Inactive people only for admins (includeInactive or filter.active).' })
  async people(
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('search', () => String, { nullable: true }) search?: string,
    @Arg('filter', () => PeopleFilter, { nullable: true }) filter?: PeopleFilter,
    @Arg('orderBy', () => PersonOrder, { nullable: true }) orderBy?: PersonOrder,
    @Arg('includeInactive', () => Boolean, { nullable: true, defaultValue: false }) includeInactive?: boolean,
  ): Promise<PersonConnection> {
    const reader = readerOf(ctx);
    if (includeInactive) requireAdminArgument(reader, 'includeInactive');
    if (filter?.active === false) requireAdminArgument(reader, 'filter.active');
    if (search && search.length > 200) throw badInput('"search" is at most 200 characters', 'search');
    const page = pageRequest(first, after);
    const { total, items } = await ctx.services.directory.people(reader.workspaceId, {
      ...page,
      search,
      filter: filter ?? undefined,
      orderBy,
      includeInactive: !!includeInactive,
    });
    prime(ctx, reader.workspaceId, items);
    return toConnection(items.map((p) => toPerson(p, reader.isAdmin)), total, page);
  }

  @Query(() => OrgChart, { description: `The org chart from rootId (or from the top people) down to depth levels (default 2, at most ${MAX_CHART_DEPTH}; at most ${MAX_CHART_NODES} nodes).` })
  async orgChart(
    @Ctx() ctx: GraphQLContext,
    @Arg('rootId', () => ID, { nullable: true }) rootId?: string,
    @Arg('depth', () => Int, { nullable: true }) depth?: number,
  ): Promise<OrgChart> {
    const reader = readerOf(ctx);
    const d = boundedInt(depth, 2, 0, MAX_CHART_DEPTH, 'depth');
    const { nodes, truncated } = await ctx.services.directory.orgChart(reader.workspaceId, rootId ?? null, d, MAX_CHART_NODES);
    prime(ctx, reader.workspaceId, nodes.map((n) => n.person));
    // Counts for the whole chart straight from the org graph: one lookup per node instead of two
    // DataLoader round trips for up to 2,000 nodes.
    const g = await loaders(ctx, reader.workspaceId).orgGraph();
    return {
      truncated,
      nodes: nodes.map((n) => {
        const i = g.index.get(n.person.id);
        return {
          person: toPerson(n.person, reader.isAdmin),
          managerId: n.parentId,
          depth: n.depth,
          directReportCount: i === undefined ? 0 : g.directReports[i],
          headcount: i === undefined ? 0 : g.headcount[i],
        };
      }),
    };
  }

  @Query(() => [DatedPerson], { description: 'People who joined in the last `days` days (default 30), newest first.' })
  async newJoiners(
    @Ctx() ctx: GraphQLContext,
    @Arg('days', () => Int, { nullable: true }) days?: number,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('timeZone', () => String, { nullable: true, description: 'IANA zone for "today"; default: the viewer\'s, else UTC.' }) timeZone?: string,
  ): Promise<DatedPerson[]> {
    const reader = readerOf(ctx);
    const list = await ctx.services.directory.newJoiners(
      reader.workspaceId,
      boundedInt(days, 30, 0, MAX_DAYS, 'days'),
      validTimeZone(timeZone, await this.viewerZone(ctx)),
      boundedInt(first, 50, 0, MAX_LIST, 'first'),
    );
    return list.map((d) => ({ person: toPerson(d.person, reader.isAdmin), date: d.date, years: null }));
  }

  @Query(() => [DatedPerson], { description: 'Birthdays in the next `days` days (default 14), soonest first; wraps over the year end.' })
  async upcomingBirthdays(
    @Ctx() ctx: GraphQLContext,
    @Arg('days', () => Int, { nullable: true }) days?: number,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('timeZone', () => String, { nullable: true }) timeZone?: string,
  ): Promise<DatedPerson[]> {
    return this.upcoming(ctx, 'birthday', days, first, timeZone);
  }

  @Query(() => [DatedPerson], { description: 'Work anniversaries (1 year or more) in the next `days` days (default 14), soonest first.' })
  async upcomingWorkAnniversaries(
    @Ctx() ctx: GraphQLContext,
    @Arg('days', () => Int, { nullable: true }) days?: number,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('timeZone', () => String, { nullable: true }) timeZone?: string,
  ): Promise<DatedPerson[]> {
    return this.upcoming(ctx, 'join_date', days, first, timeZone);
  }

  private async upcoming(ctx: GraphQLContext, kind: 'birthday' | 'join_date', days?: number, first?: number, timeZone?: string): Promise<DatedPerson[]> {
    const reader = readerOf(ctx);
    const list = await ctx.services.directory.upcoming(
      reader.workspaceId,
      kind,
      boundedInt(days, 14, 0, MAX_DAYS, 'days'),
      validTimeZone(timeZone, await this.viewerZone(ctx)),
      boundedInt(first, 50, 0, MAX_LIST, 'first'),
    );
    return list.map((d) => ({ person: toPerson(d.person, reader.isAdmin), date: d.date, years: d.years ?? null }));
  }

  /** The signed-in person's own time zone, when there is one. */
  private async viewerZone(ctx: GraphQLContext): Promise<string | null> {
    const reader = readerOf(ctx);
    if (!reader.externalId) return null;
    const me = await ctx.services.directory.byExternalId(reader.workspaceId, reader.externalId);
    return me?.timezone ?? null;
  }
}
