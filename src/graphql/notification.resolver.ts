// Notification settings (admin) and the notification outbox's delivery interface. Orgraph sends
// nothing: the intranet's notifier polls `notificationOutbox(filter: { status: queued })` with a
// directory API token (or an admin token), delivers, and reports with markNotificationsSent /
// markNotificationFailed. That narrow write is the only one an API token may make.
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { CredentialPrincipal } from '../domain/auth/principal.js';
import { DomainError } from '../domain/errors.js';
import { requireAdmin } from './context.js';
import type { GraphQLContext } from './context.js';
import { forbidden, unauthenticated } from './graphql-errors.js';
import { pageRequest, toConnection } from './pagination.js';
import {
  Notification,
  NotificationConnection,
  NotificationFilter,
  NotificationSettings,
  UpdateNotificationSettingsInput,
  toNotification,
} from './notification.types.js';

const MAX_IDS = 500;

/** Admins and directory API tokens (the notifier); not SCIM tokens, not signed-in people. */
function requireNotifier(ctx: GraphQLContext): CredentialPrincipal {
  if (!ctx.principal) throw unauthenticated(ctx.authFailure ?? 'Authentication required: send an admin token or a directory API token as "Authorization: Bearer <token>"');
  if (ctx.principal.kind !== 'admin' && ctx.principal.kind !== 'api') throw forbidden('The notification outbox needs an admin token or a directory API token');
  return ctx.principal;
}

@Resolver()
export class NotificationResolver {
  @Query(() => NotificationSettings, { description: 'Admin only.' })
  async notificationSettings(@Ctx() ctx: GraphQLContext): Promise<NotificationSettings> {
    const { workspaceId } = requireAdmin(ctx);
    return ctx.services.notifications.settings(workspaceId);
  }

  @Mutation(() => NotificationSettings, {
    description: 'Admin only. Switches channels on or off (omitted: unchanged). Affects people provisioned from now on only; nothing is sent retroactively.',
  })
  async updateNotificationSettings(
    @Arg('input', () => UpdateNotificationSettingsInput) input: UpdateNotificationSettingsInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<NotificationSettings> {
    const { workspaceId } = requireAdmin(ctx);
    return ctx.services.notifications.updateSettings(workspaceId, {
      email: input.email ?? undefined,
      mobile: input.mobile ?? undefined,
    });
  }

  @Query(() => NotificationConnection, { description: 'Admin or directory API token. The outbox, oldest first.' })
  async notificationOutbox(
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filter', () => NotificationFilter, { nullable: true }) filter?: NotificationFilter,
  ): Promise<NotificationConnection> {
    const principal = requireNotifier(ctx);
    const page = pageRequest(first, after);
    const { total, items } = await ctx.services.notifications.outbox(principal.workspaceId, {
      ...page,
      status: filter?.status ?? null,
      channel: filter?.channel ?? null,
    });
    return toConnection(items.map((n) => toNotification(n, principal.kind === 'admin')), total, page);
  }

  @Mutation(() => Int, {
    description: `Admin or directory API token. Marks delivered messages as sent; returns how many changed (unknown or already sent ids are ignored). At most ${MAX_IDS} ids.`,
  })
  async markNotificationsSent(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: GraphQLContext): Promise<number> {
    const { workspaceId } = requireNotifier(ctx);
    if (ids.length > MAX_IDS) throw new DomainError('INVALID_VALUE', `At most ${MAX_IDS} ids at a time`, 'ids');
    return ctx.services.notifications.markSent(workspaceId, ids);
  }

  @Mutation(() => Notification, { nullable: true, description: 'Admin or directory API token. Records a failed delivery: status failed, attempts + 1.' })
  async markNotificationFailed(
    @Arg('id', () => ID) id: string,
    @Arg('error', () => String) error: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Notification | null> {
    const principal = requireNotifier(ctx);
    const n = await ctx.services.notifications.markFailed(principal.workspaceId, id, error);
    return toNotification(n, principal.kind === 'admin');
  }

  @Mutation(() => Notification, { nullable: true, description: 'Admin or directory API token. Puts a failed message back in the queue.' })
  async retryNotification(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Notification | null> {
    const principal = requireNotifier(ctx);
    const n = await ctx.services.notifications.retry(principal.workspaceId, id);
    return toNotification(n, principal.kind === 'admin');
  }
}
