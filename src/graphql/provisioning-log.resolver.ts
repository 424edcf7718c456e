// Admin API: the provisioning log, newest first. Pages by keyset on (at, id) rather than offsets:
// the log grows at the top while an admin pages down, and a keyset page neither skips nor repeats
// entries when new ones arrive; it also costs the same at page 1 and page 1,000.
import { GraphQLError } from 'graphql';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { LogEntryView, LogKey } from '../domain/provisioning-log/provisioning-log.service.js';
import { requireAdmin } from './context.js';
import type { GraphQLContext } from './context.js';
import { loaders } from './directory/loaders.js';
import { Person, toPerson } from './directory/person.types.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './page-size.js';
import {
  ProvisioningLogConnection,
  ProvisioningLogEntryNode,
  ProvisioningLogEvent,
  ProvisioningLogFilter,
  ProvisioningLogOutcome,
} from './provisioning-log.types.js';

const badInput = (message: string, argumentName: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argumentName } });

export const encodeLogCursor = (k: LogKey): string => Buffer.from(`l:${k.at}|${k.id}`, 'utf8').toString('base64url');

export function decodeLogCursor(cursor: string): LogKey {
  const m = /^l:(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m || Number.isNaN(Date.parse(m[1]))) throw badInput('Invalid cursor: pass a cursor from a previous page', 'after');
  return { at: m[1], id: m[2] };
}

const toNode = (e: LogEntryView): ProvisioningLogEntryNode =>
  Object.assign(new ProvisioningLogEntryNode(), {
    id: e.id,
    at: e.at,
    tokenLabel: e.tokenLabel,
    operation: e.operation,
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    externalId: e.externalId,
    changedAttributes: e.changedAttributes,
    outcome: e.outcome as ProvisioningLogOutcome,
    event: e.event as ProvisioningLogEvent | null,
    status: e.status,
    scimType: e.scimType,
    detail: e.detail,
    warnings: e.warnings.map((w) => ({ attribute: w.attribute, reason: w.reason })),
    managerLinksResolved: e.managerLinksResolved,
    managerPending: e.managerPending,
  });

@Resolver(() => ProvisioningLogEntryNode)
export class ProvisioningLogResolver {
  @Query(() => ProvisioningLogConnection, {
    description: 'Admin only. What provisioning did, newest first: every SCIM call that changed something or was refused.',
  })
  async provisioningLog(
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filter', () => ProvisioningLogFilter, { nullable: true }) filter?: ProvisioningLogFilter | null,
  ): Promise<ProvisioningLogConnection> {
    const { workspaceId } = requireAdmin(ctx);
    const limit = first ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) throw badInput(`"first" must be between 0 and ${MAX_PAGE_SIZE}`, 'first');
    const key = after ? decodeLogCursor(after) : null;
    const f = {
      outcome: filter?.outcome ?? null,
      event: filter?.event ?? null,
      personId: filter?.personId ?? null,
      since: filter?.since ?? null,
      until: filter?.until ?? null,
    };
    const log = ctx.services.provisioningLog;
    const { entries, hasMore } = await log.list(workspaceId, { filter: f, after: key, limit });
    const edges = entries.map((e) => ({ cursor: encodeLogCursor(e.key), node: toNode(e) }));
    return Object.assign(new ProvisioningLogConnection(), {
      countEntries: () => log.count(workspaceId, f),
      edges,
      nodes: edges.map((e) => e.node),
      pageInfo: {
        hasNextPage: hasMore,
        // Keyset pages only go forward; a cursor means there was a page before.
        hasPreviousPage: key !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    });
  }

  @FieldResolver(() => Person, { nullable: true, description: 'The person the entry is about, as they are now; null once deleted (and for groups).' })
  async person(@Root() entry: ProvisioningLogEntryNode, @Ctx() ctx: GraphQLContext): Promise<Person | null> {
    const { workspaceId } = requireAdmin(ctx);
    if (entry.resourceType !== 'User' || !entry.resourceId) return null;
    const p = await loaders(ctx, workspaceId).person.load(entry.resourceId);
    return p ? toPerson(p, true) : null;
  }
}
