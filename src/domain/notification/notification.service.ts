// Notification settings and the notification outbox. Orgraph sends nothing itself: provisioning queues
// a welcome row per enabled channel (inside the provisioning transaction), and the intranet's notifier
// reads the queue over GraphQL and reports back what it sent or failed to send.
//
// States: queued → sent (terminal) | failed; failed → failed again (another attempt) | queued (retry).
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../../db/sql.js';
import { DomainError } from '../errors.js';
import { Workspace } from '../workspace/workspace.entity.js';
import { Notification, NotificationChannel, NotificationStatus } from './notification.entity.js';

export interface NotificationSettings {
  email: boolean;
  mobile: boolean;
}

export interface OutboxQuery {
  offset: number;
  limit: number;
  status?: NotificationStatus | null;
  channel?: NotificationChannel | null;
}

/** Outbox ids are bigserials; anything else cannot name a row (and must not reach a ::bigint cast). */
const OUTBOX_ID = /^[1-9]\d{0,17}$/;
export const MAX_ERROR_LENGTH = 2000;

const notFound = (id: string) => new DomainError('NOT_FOUND', `No notification with id "${id}"`);

export class NotificationService {
  constructor(private readonly em: EntityManager) {}

  async settings(workspaceId: string): Promise<NotificationSettings> {
    const ws = await this.em.fork().findOne(Workspace, { id: workspaceId });
    if (!ws) throw new DomainError('NOT_FOUND', 'No such workspace');
    return { email: ws.notifyEmail, mobile: ws.notifyMobile };
  }

  /** Changes the channels given; the others stay as they are. Never touches rows already queued. */
  async updateSettings(workspaceId: string, change: Partial<NotificationSettings>): Promise<NotificationSettings> {
    const em = this.em.fork();
    const ws = await em.findOne(Workspace, { id: workspaceId });
    if (!ws) throw new DomainError('NOT_FOUND', 'No such workspace');
    if (change.email !== undefined) ws.notifyEmail = change.email;
    if (change.mobile !== undefined) ws.notifyMobile = change.mobile;
    await em.flush();
    return { email: ws.notifyEmail, mobile: ws.notifyMobile };
  }

  /**
   * Queues a welcome message per channel that is on: an `INSERT … SELECT` embedded in the person
   * write's own statement (`personIdSql` and the `onlyIf` condition are SQL there). It reads the switches itself, so a
   * concurrent settings change is either fully seen or not at all.
   */
  welcomeSql(workspaceIdParam: string, personIdSql: string, onlyIf = 'TRUE'): string {
    return `INSERT INTO notification_outbox (workspace_id, person_id, channel, kind)
       SELECT w.id, ${personIdSql}, c.channel, 'welcome'
         FROM workspace w
        CROSS JOIN LATERAL (VALUES ('email', w.notify_email), ('mobile', w.notify_mobile)) AS c(channel, enabled)
        WHERE w.id = ${workspaceIdParam}::uuid AND c.enabled AND ${onlyIf}`;
  }

  /** The outbox, oldest first, with each row's person loaded. */
  async outbox(workspaceId: string, q: OutboxQuery): Promise<{ total: number; items: Notification[] }> {
    const where = {
      workspace: workspaceId,
      ...(q.status ? { status: q.status } : {}),
      ...(q.channel ? { channel: q.channel } : {}),
    };
    const em = this.em.fork();
    if (q.limit === 0) return { total: await em.count(Notification, where), items: [] };
    const [items, total] = await em.findAndCount(Notification, where, {
      populate: ['person'],
      orderBy: { id: 'ASC' },
      limit: q.limit,
      offset: q.offset,
    });
    return { total, items };
  }

  /** Marks delivered messages; ids that are unknown, of another workspace or already sent are ignored. */
  async markSent(workspaceId: string, ids: string[]): Promise<number> {
    const valid = [...new Set(ids.filter((id) => OUTBOX_ID.test(id)))];
    if (!valid.length) return 0;
    const result = await this.em.fork().execute<{ affectedRows: number }>(
      `UPDATE notification_outbox SET status = 'sent', attempts = attempts + 1, updated_at = now()
        WHERE workspace_id = ? AND id = ANY(?::bigint[]) AND status <> 'sent'`,
      [workspaceId, pgArray(valid)],
      'run',
    );
    return result.affectedRows ?? 0;
  }

  /** Records a failed delivery attempt. A message already sent cannot fail any more. */
  async markFailed(workspaceId: string, id: string, error: string): Promise<Notification> {
    if (error.length > MAX_ERROR_LENGTH) {
      throw new DomainError('INVALID_VALUE', `An error message is at most ${MAX_ERROR_LENGTH} characters`, 'error');
    }
    return this.transition(workspaceId, id, (n) => {
      if (n.status === 'sent') throw new DomainError('CONFLICT', `Notification "${id}" was already sent`);
      n.status = 'failed';
      n.attempts += 1;
      n.lastError = error;
    });
  }

  /** Puts a failed message back in the queue (its attempts and last error stay, as history). */
  async retry(workspaceId: string, id: string): Promise<Notification> {
    return this.transition(workspaceId, id, (n) => {
      if (n.status === 'sent') throw new DomainError('CONFLICT', `Notification "${id}" was already sent`);
      n.status = 'queued';
    });
  }

  private async transition(workspaceId: string, id: string, apply: (n: Notification) => void): Promise<Notification> {
    if (!OUTBOX_ID.test(id)) throw notFound(id);
    const em = this.em.fork();
    return em.transactional(async (tx) => {
      const n = await tx.findOne(Notification, { id, workspace: workspaceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!n) throw notFound(id);
      const before = `${n.status}/${n.attempts}`;
      apply(n);
      if (`${n.status}/${n.attempts}` !== before) n.updatedAt = new Date();
      await tx.flush();
      await tx.populate(n, ['person']);
      return n;
    });
  }
}
