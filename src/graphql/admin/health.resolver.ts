// Admin: orgChartHealth (what is wrong with the org data) and syncReport (what provisioning did).
import { GraphQLError } from 'graphql';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { CycleAnalysis } from '../../domain/health/org-health.service.js';
import type { GraphQLContext } from '../context.js';
import { requireAdmin } from '../context.js';
import { prime } from '../directory/loaders.js';
import { Person, PersonConnection, toPerson } from '../directory/person.types.js';
import { pageRequest, toConnection } from '../pagination.js';
import { ProvisioningLogResolver } from '../provisioning-log.resolver.js';
import { ProvisioningLogConnection, ProvisioningLogEvent, ProvisioningLogOutcome } from '../provisioning-log.types.js';
import {
  DroppedValueConnection,
  DuplicateEmail,
  InactiveManagerConnection,
  OrgChartHealth,
  OrgChartHealthSummary,
  ProfileField,
  ReportingCycle,
  SyncReport,
  UnresolvedManagerConnection,
} from './health.types.js';

const asPerson = (p: Parameters<typeof toPerson>[0]) => toPerson(p, true);

@Resolver(() => OrgChartHealth)
export class HealthResolver {
  @Query(() => OrgChartHealth, { description: 'Admin only. What is wrong with the org data.' })
  orgChartHealth(@Ctx() ctx: GraphQLContext): OrgChartHealth {
    const { workspaceId } = requireAdmin(ctx);
    let cached: Promise<CycleAnalysis> | undefined;
    const health = new OrgChartHealth();
    health.workspaceId = workspaceId;
    // Cycles feed both the summary and the list: computed once per request, only when asked for.
    health.cycleAnalysis = () => (cached ??= ctx.services.health.cycles(workspaceId));
    return health;
  }

  @FieldResolver(() => OrgChartHealthSummary)
  async summary(@Root() h: OrgChartHealth, @Ctx() ctx: GraphQLContext): Promise<OrgChartHealthSummary> {
    return ctx.services.health.summary(h.workspaceId, await h.cycleAnalysis());
  }

  @FieldResolver(() => PersonConnection, { description: 'Active people with no manager reference at all.' })
  async roots(@Root() h: OrgChartHealth, @Ctx() ctx: GraphQLContext, @Arg('first', () => Int, { nullable: true }) first?: number, @Arg('after', () => String, { nullable: true }) after?: string) {
    const page = pageRequest(first, after);
    const { total, items } = await ctx.services.health.roots(h.workspaceId, page);
    prime(ctx, h.workspaceId, items);
    return toConnection(items.map(asPerson), total, page);
  }

  @FieldResolver(() => UnresolvedManagerConnection, { description: 'Longest pending first.' })
  async unresolvedManagers(@Root() h: OrgChartHealth, @Ctx() ctx: GraphQLContext, @Arg('first', () => Int, { nullable: true }) first?: number, @Arg('after', () => String, { nullable: true }) after?: string) {
    const page = pageRequest(first, after);
    const { total, items } = await ctx.services.health.unresolvedManagers(h.workspaceId, page);
    const c = toConnection(
      items.map((u) => ({ person: asPerson(u.person), managerExternalId: u.reference, referenceKind: u.referenceKind, since: u.since })),
      total,
      page,
    );
    return { totalCount: c.totalCount, nodes: c.nodes, pageInfo: c.pageInfo };
  }

  @FieldResolver(() => [ReportingCycle], { description: 'Each cycle with its members (at most `first`, default 50, ≤ 100).' })
  async cycles(@Root() h: OrgChartHealth, @Ctx() ctx: GraphQLContext, @Arg('first', () => Int, { nullable: true }) first?: number): Promise<ReportingCycle[]> {
    const { limit } = pageRequest(first ?? 50, null);
    const { cycles } = await h.cycleAnalysis();
    const shown = cycles.slice(0, limit);
    const people = await ctx.services.health.peopleByIds(h.workspaceId, shown.flat());
    return shown.map((ids) => ({ size: ids.length, members: ids.flatMap((id) => (people.has(id) ? [asPerson(people.get(id)!)] : [])) }));
  }

  @FieldResolver(() => InactiveManagerConnection)
  async inactiveManagersWithActiveReports(@Root() h: OrgChartHealth, @Ctx() ctx: GraphQLContext, @Arg('first', () => Int, { nullable: true }) first?: number, @Arg('after', () => String, { nullable: true }) after?: string) {
    const page = pageRequest(first, after);
    const { total, items } = await ctx.services.health.inactiveManagersWithActiveReports(h.workspaceId, page);
    const c = toConnection(items.map((m) => ({ person: asPerson(m.person), activeReportCount: m.activeReportCount })), total, page);
    return { totalCount: c.totalCount, nodes: c.nodes, pageInfo: c.pageInfo };
  }

  @FieldResolver(() => PersonConnection)
  async selfManaged(@Root() h: OrgChartHealth, @Ctx() ctx: GraphQLContext, @Arg('first', () => Int, { nullable: true }) first?: number, @Arg('after', () => String, { nullable: true }) after?: string) {
    const page = pageRequest(first, after);
    const { total, items } = await ctx.services.health.selfManaged(h.workspaceId, page);
    return toConnection(items.map(asPerson), total, page);
  }

  @FieldResolver(() => PersonConnection, { description: 'Active people missing the given profile field.' })
  async missing(
    @Root() h: OrgChartHealth,
    @Ctx() ctx: GraphQLContext,
    @Arg('field', () => ProfileField) field: ProfileField,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const page = pageRequest(first, after);
    const { total, items } = await ctx.services.health.missing(h.workspaceId, field, page);
    return toConnection(items.map(asPerson), total, page);
  }

  @FieldResolver(() => [DuplicateEmail], { description: 'Work emails shared by several active people (at most `first`, default 50).' })
  async duplicateWorkEmails(@Root() h: OrgChartHealth, @Ctx() ctx: GraphQLContext, @Arg('first', () => Int, { nullable: true }) first?: number): Promise<DuplicateEmail[]> {
    const { limit } = pageRequest(first ?? 50, null);
    const groups = await ctx.services.health.duplicateWorkEmails(h.workspaceId, limit);
    return groups.map((g) => ({ email: g.email, people: g.people.map(asPerson) }));
  }

  @FieldResolver(() => DroppedValueConnection, { description: 'Values dropped at ingest: bad dates, non-https photo URLs.' })
  async droppedValues(@Root() h: OrgChartHealth, @Ctx() ctx: GraphQLContext, @Arg('first', () => Int, { nullable: true }) first?: number, @Arg('after', () => String, { nullable: true }) after?: string) {
    const page = pageRequest(first, after);
    const { total, items } = await ctx.services.health.droppedValues(h.workspaceId, page);
    const c = toConnection(items.map((d) => ({ person: asPerson(d.person), attribute: d.attribute, reason: d.reason })), total, page);
    return { totalCount: c.totalCount, nodes: c.nodes, pageInfo: c.pageInfo };
  }

  @Query(() => SyncReport, { description: 'Admin only. What provisioning did from `since` (default: 24 hours ago) until `until` (default: now).' })
  async syncReport(
    @Ctx() ctx: GraphQLContext,
    @Arg('since', () => Date, { nullable: true }) since?: Date,
    @Arg('until', () => Date, { nullable: true }) until?: Date,
  ): Promise<SyncReport> {
    const { workspaceId } = requireAdmin(ctx);
    const to = until ?? new Date();
    const from = since ?? new Date(to.getTime() - 24 * 3600 * 1000);
    if (from > to) throw new GraphQLError('"since" must be before "until"', { extensions: { code: 'BAD_USER_INPUT', argumentName: 'since' } });
    return ctx.services.syncReports.report(workspaceId, from, to);
  }
}

export type { Person };

/** Drill-down from a sync report's counts to its log entries (same window, one event or outcome). */
@Resolver(() => SyncReport)
export class SyncReportResolver {
  @FieldResolver(() => ProvisioningLogConnection, { description: "The window's log entries, newest first, optionally of one event or outcome." })
  async entries(
    @Root() report: SyncReport,
    @Ctx() ctx: GraphQLContext,
    @Arg('event', () => ProvisioningLogEvent, { nullable: true }) event?: ProvisioningLogEvent,
    @Arg('outcome', () => ProvisioningLogOutcome, { nullable: true }) outcome?: ProvisioningLogOutcome,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<ProvisioningLogConnection> {
    return new ProvisioningLogResolver().provisioningLog(ctx, first, after, { event, outcome, since: report.since, until: report.until });
  }
}
