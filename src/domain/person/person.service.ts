// Every change to a person goes through here, whichever adapter asks (SCIM today, admin GraphQL
// later): validation of invariants, the reporting-line bookkeeping, and the provisioning log, in
// one transaction per call.
//
// Reporting lines: a person keeps the manager reference as received and `manager_id` as what it
// resolves to. A reference to someone not provisioned yet stays pending; when that person arrives
// (or gets the referenced externalId), one indexed UPDATE resolves every pending reference to them.
// Concurrent writes that could miss each other (a report and its manager created at the same
// moment) serialise on a transaction-scoped advisory lock per externalId.
import { DeadlockException, LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../../db/sql.js';
import { DomainError } from '../errors.js';
import { NotificationService } from '../notification/notification.service.js';
import { LogInput, ProvisioningLogService } from '../provisioning-log/provisioning-log.service.js';
import { Workspace } from '../workspace/workspace.entity.js';
import {
  IngestIssue,
  PersonDocument,
  changedAttributes,
  deriveColumns,
  managerReference,
  reconcileManager,
  sanitizeDocument,
} from './person-document.js';
import { Person } from './person.entity.js';

export interface Actor {
  credentialId: string | null;
}

export interface WriteOptions {
  /** The client's If-Match header, when it sent one. */
  ifMatch?: string;
  /** Problems the adapter found and tolerated (e.g. unknown attributes), for the log. */
  warnings?: IngestIssue[];
}

export interface WriteResult {
  person: Person;
  warnings: IngestIssue[];
  changed: string[];
}

/** Computes the new document from the current one (empty for a create). */
export type Producer = (current: PersonDocument, person: Person | undefined) => { doc: PersonDocument; warnings?: IngestIssue[] };

export interface ListQuery {
  /** SQL condition over the `person` row aliased `p` (from the SCIM filter translation). */
  where?: { sql: string; params: unknown[] };
  /** SQL sort expression over `p`; ties always break on creation order then id (stable paging). */
  orderBy?: string;
  descending?: boolean;
  offset: number;
  limit: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_USERNAME = 256;

export const etagOf = (p: { version: number }): string => `W/"${p.version}"`;

/**
 * Runs a transaction again when PostgreSQL picked it as a deadlock victim. The lock order in this
 * service makes that rare; retrying keeps a rare one from reaching the identity provider as a 5xx.
 */
async function retryOnDeadlock<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof DeadlockException) || i >= attempts) throw err;
    }
  }
}

function checkIfMatch(person: Person, ifMatch: string | undefined): void {
  if (ifMatch === undefined) return;
  const wanted = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (wanted.includes('*') || wanted.includes(`"${person.version}"`)) return;
  throw new DomainError('PRECONDITION_FAILED', `The resource has changed: its version is now ${etagOf(person)}`);
}

function validate(doc: PersonDocument): void {
  const userName = doc.userName;
  if (typeof userName !== 'string' || userName.trim() === '') {
    throw new DomainError('INVALID_VALUE', 'userName is required', 'userName');
  }
  if (userName.length > MAX_USERNAME) {
    throw new DomainError('INVALID_VALUE', `userName is longer than ${MAX_USERNAME} characters`, 'userName');
  }
  if (doc.externalId !== undefined && (typeof doc.externalId !== 'string' || doc.externalId.length > 256)) {
    throw new DomainError('INVALID_VALUE', 'externalId must be a string of at most 256 characters', 'externalId');
  }
}

function uniquenessError(err: UniqueConstraintViolationException): DomainError {
  const constraint = (err as unknown as { constraint?: string }).constraint ?? err.message;
  if (constraint.includes('external_id')) {
    return new DomainError('CONFLICT', 'A user with this externalId already exists in this workspace', 'externalId');
  }
  return new DomainError('CONFLICT', 'A user with this userName already exists in this workspace (userName is case-insensitive)', 'userName');
}

export class PersonService {
  constructor(
    private readonly em: EntityManager,
    private readonly log: ProvisioningLogService,
    private readonly notifications: NotificationService,
  ) {}

  async get(workspaceId: string, id: string): Promise<Person> {
    if (!UUID.test(id)) throw new DomainError('NOT_FOUND', `No user with id "${id}"`);
    const person = await this.em.fork().findOne(Person, { id, workspace: workspaceId });
    if (!person) throw new DomainError('NOT_FOUND', `No user with id "${id}"`);
    return person;
  }

  async list(workspaceId: string, q: ListQuery): Promise<{ total: number; people: Person[] }> {
    const em = this.em.fork();
    const where = q.where ? ` AND (${q.where.sql})` : '';
    const params = q.where?.params ?? [];
    const dir = q.descending ? 'DESC' : 'ASC';
    const order = q.orderBy ? `${q.orderBy} ${dir} NULLS LAST, p.created_at ${dir}, p.id ${dir}` : `p.created_at ${dir}, p.id ${dir}`;
    const [{ total }] = await em.execute<{ total: string }[]>(
      `SELECT count(*) AS total FROM person p WHERE p.workspace_id = ?${where}`,
      [workspaceId, ...params],
    );
    if (q.limit === 0 || Number(total) <= q.offset) return { total: Number(total), people: [] };
    const rows = await em.execute(
      `SELECT p.* FROM person p WHERE p.workspace_id = ?${where} ORDER BY ${order} LIMIT ? OFFSET ?`,
      [workspaceId, ...params, q.limit, q.offset],
    );
    return { total: Number(total), people: rows.map((r) => em.map(Person, r)) };
  }

  /** Id and display name of the given managers, for rendering references. */
  async managerSummaries(ids: string[]): Promise<Map<string, { id: string; displayName: string | null; externalId: string | null }>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const rows = await this.em
      .fork()
      .execute<{ id: string; display_name: string | null; external_id: string | null }[]>(
        'SELECT id, display_name, external_id FROM person WHERE id = ANY(?::uuid[])',
        [pgArray(unique)],
      );
    return new Map(rows.map((r) => [r.id, { id: r.id, displayName: r.display_name, externalId: r.external_id }]));
  }

  async create(workspaceId: string, input: PersonDocument, actor: Actor, opts: WriteOptions = {}): Promise<WriteResult> {
    return this.write(workspaceId, undefined, 'create', () => ({ doc: input }), actor, opts);
  }

  async replace(workspaceId: string, id: string, input: PersonDocument, actor: Actor, opts: WriteOptions = {}): Promise<WriteResult> {
    return this.write(workspaceId, id, 'replace', () => ({ doc: input }), actor, opts);
  }

  /**
   * Applies `mutate` to the current document under a row lock (a PATCH). `mutate` may throw to
   * refuse the change; nothing is written then.
   */
  async update(workspaceId: string, id: string, mutate: Producer, actor: Actor, opts: WriteOptions = {}): Promise<WriteResult> {
    return this.write(workspaceId, id, 'patch', mutate, actor, opts);
  }

  private async write(
    workspaceId: string,
    id: string | undefined,
    operation: 'create' | 'replace' | 'patch',
    produce: Producer,
    actor: Actor,
    opts: WriteOptions,
  ): Promise<WriteResult> {
    if (id !== undefined && !UUID.test(id)) throw new DomainError('NOT_FOUND', `No user with id "${id}"`);
    try {
      return await retryOnDeadlock(() => this.em.fork().transactional(async (em) => {
        // Lock order, the same in every write: the externalId advisory locks first, then rows.
        // (Taking the person's row first deadlocks against a concurrent write that holds the key
        // and waits on that row, e.g. the foreign-key check of a report being linked to them.)
        // So the keys come from an unlocked read and a dry run of the change, then the row is locked
        // and the change applied for real; keys that changed in between are added after.
        let person: Person | undefined;
        const held = new Set<string>();
        if (id !== undefined) {
          const snapshot = await em.findOne(Person, { id, workspace: workspaceId });
          if (!snapshot) throw new DomainError('NOT_FOUND', `No user with id "${id}"`);
          const dryRun = produce(snapshot.scim, snapshot).doc;
          await this.lockReferenceKeys(em, workspaceId, [snapshot.externalId ?? null, ...this.referenceKeys(snapshot.scim, dryRun)], held);
          person =
            (await em.findOne(Person, { id, workspace: workspaceId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true })) ?? undefined;
          if (!person) throw new DomainError('NOT_FOUND', `No user with id "${id}"`);
          checkIfMatch(person, opts.ifMatch);
        } else {
          await this.lockReferenceKeys(em, workspaceId, this.referenceKeys(undefined, produce({}, undefined).doc), held);
        }
        const previous = person?.scim;
        const produced = produce(previous ?? {}, person);
        validate(produced.doc);
        const { doc, issues } = sanitizeDocument(reconcileManager(previous, produced.doc));
        const warnings = [...(opts.warnings ?? []), ...(produced.warnings ?? []), ...issues];
        const changed = changedAttributes(previous, doc);
        if (person && changed.length === 0) {
          if (warnings.length) this.logSuccess(em, workspaceId, actor, operation, person, [], warnings, { event: 'unchanged' });
          await em.flush();
          return { person, warnings, changed };
        }

        const cols = deriveColumns(doc);
        const ref = managerReference(doc);
        const oldExternalId = person?.externalId ?? null;
        await this.lockReferenceKeys(em, workspaceId, [oldExternalId, cols.externalId, ref?.kind === 'externalId' ? ref.ref : null], held);

        const isNew = !person;
        const wasActive = person?.active ?? false;
        if (!person) {
          person = em.create(Person, { workspace: em.getReference(Workspace, workspaceId), userName: cols.userName });
        } else {
          person.version += 1;
          person.updatedAt = new Date();
        }
        Object.assign(person, cols);
        person.scim = doc;
        person.ingestIssues = this.mergeIssues(person.ingestIssues, changed, issues, operation !== 'patch');

        let linksResolved = 0;
        const refChanged = isNew || person.managerRefKind !== (ref?.kind ?? null) || person.managerRef !== (ref?.ref ?? null);
        if (refChanged || (ref && !person.manager)) {
          person.managerRefKind = ref?.kind ?? null;
          person.managerRef = ref?.ref ?? null;
          const managerId = ref ? await this.resolveReference(em, workspaceId, person, ref) : null;
          if (managerId && managerId !== person.manager?.id) linksResolved += 1;
          person.manager = managerId ? em.getReference(Person, managerId) : null;
          if (refChanged) person.managerRefAt = ref ? new Date() : null;
        }
        em.persist(person);
        await em.flush();

        if (isNew || oldExternalId !== cols.externalId) {
          linksResolved += await this.relinkReports(em, workspaceId, person, oldExternalId);
        }
        const event = isNew ? 'created' : wasActive && !person.active ? 'deactivated' : !wasActive && person.active ? 'reactivated' : 'updated';
        if ((event === 'created' && person.active) || event === 'reactivated') await this.notifications.queueWelcome(em, workspaceId, person.id);
        this.logSuccess(em, workspaceId, actor, operation, person, changed, warnings, {
          event,
          managerLinksResolved: linksResolved,
          managerPending: !!person.managerRef && !person.manager,
        });
        await em.flush();
        return { person, warnings, changed };
      }));
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw uniquenessError(err);
      throw err;
    }
  }

  async delete(workspaceId: string, id: string, actor: Actor, opts: WriteOptions = {}): Promise<void> {
    if (!UUID.test(id)) throw new DomainError('NOT_FOUND', `No user with id "${id}"`);
    await retryOnDeadlock(() => this.em.fork().transactional(async (em) => {
      // Same lock order as write(): the externalId key first, then the row.
      const snapshot = await em.findOne(Person, { id, workspace: workspaceId });
      if (!snapshot) throw new DomainError('NOT_FOUND', `No user with id "${id}"`);
      const held = new Set<string>();
      await this.lockReferenceKeys(em, workspaceId, [snapshot.externalId ?? null], held);
      const person = await em.findOne(Person, { id, workspace: workspaceId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      if (!person) throw new DomainError('NOT_FOUND', `No user with id "${id}"`);
      checkIfMatch(person, opts.ifMatch);
      await this.lockReferenceKeys(em, workspaceId, [person.externalId ?? null], held);
      // Their reports keep the reference as received; the foreign key's ON DELETE SET NULL makes it pending.
      await em.execute('UPDATE person SET manager_ref_at = now(), updated_at = now(), version = version + 1 WHERE manager_id = ? AND id <> ?', [id, id]);
      await em.execute('UPDATE workspace SET people_deleted_at = now() WHERE id = ?', [workspaceId]);
      // Their group memberships go with them (foreign key cascade); the log says how many.
      const [{ groups }] = await em.execute<{ groups: number }[]>('SELECT count(*)::int AS groups FROM group_member WHERE person_id = ?', [id]);
      await em.execute('DELETE FROM person WHERE id = ?', [id]);
      this.log.add(em, {
        workspaceId,
        credentialId: actor.credentialId,
        operation: 'delete',
        resourceId: id,
        externalId: person.externalId ?? null,
        outcome: 'success',
        event: 'deleted',
        status: 204,
        warnings: groups ? [{ attribute: 'groups', reason: `removed from ${groups} group${groups === 1 ? '' : 's'}` }] : [],
      });
      await em.flush();
    }));
  }

  /** The externalIds a document claims or references (the advisory-lock keys of a write). */
  private referenceKeys(previous: PersonDocument | undefined, next: PersonDocument): string[] {
    const ref = managerReference(reconcileManager(previous, next));
    return [typeof next.externalId === 'string' ? next.externalId : null, ref?.kind === 'externalId' ? ref.ref : null].filter(
      (k): k is string => !!k,
    );
  }

  /** Serialises writes that create or resolve references to the same externalIds (sorted: no deadlocks). */
  private async lockReferenceKeys(em: EntityManager, workspaceId: string, keys: (string | null | undefined)[], held: Set<string>): Promise<void> {
    // Keys this transaction already holds are skipped (a second round trip for nothing).
    const unique = [...new Set(keys.filter((k): k is string => !!k && !held.has(k)))].sort();
    if (!unique.length) return;
    unique.forEach((k) => held.add(k));
    await em.execute(
      `SELECT pg_advisory_xact_lock(h) FROM (SELECT hashtextextended(? || ':' || k, 0) AS h FROM unnest(?::text[]) AS k ORDER BY 1) s`,
      [workspaceId, pgArray(unique)],
    );
  }

  private async resolveReference(
    em: EntityManager,
    workspaceId: string,
    person: Person,
    ref: { kind: 'externalId' | 'id'; ref: string },
  ): Promise<string | null> {
    if (ref.kind === 'externalId') {
      if (ref.ref === person.externalId) return person.id; // self-managed: stored, flagged by health checks
      const rows = await em.execute<{ id: string }[]>('SELECT id FROM person WHERE workspace_id = ? AND external_id = ?', [workspaceId, ref.ref]);
      return rows[0]?.id ?? null;
    }
    if (ref.ref.toLowerCase() === person.id) return person.id;
    if (!UUID.test(ref.ref)) return null;
    const rows = await em.execute<{ id: string }[]>('SELECT id FROM person WHERE workspace_id = ? AND id = ?', [workspaceId, ref.ref.toLowerCase()]);
    return rows[0]?.id ?? null;
  }

  /**
   * This person arrived or changed externalId: resolve every pending reference naming them, and make
   * references to their old externalId pending again.
   */
  private async relinkReports(em: EntityManager, workspaceId: string, person: Person, oldExternalId: string | null): Promise<number> {
    if (oldExternalId && oldExternalId !== person.externalId) {
      await em.execute(
        `UPDATE person SET manager_id = NULL, manager_ref_at = now(), updated_at = now(), version = version + 1
          WHERE workspace_id = ? AND manager_id = ? AND manager_ref_kind = 'externalId' AND manager_ref = ? AND id <> ?`,
        [workspaceId, person.id, oldExternalId, person.id],
      );
    }
    const result = await em.execute<{ affectedRows: number }>(
      `UPDATE person SET manager_id = ?, manager_ref_at = now(), updated_at = now(), version = version + 1
        WHERE workspace_id = ? AND manager_id IS NULL AND manager_ref IS NOT NULL AND id <> ?
          AND ((manager_ref_kind = 'externalId' AND manager_ref = ?) OR (manager_ref_kind = 'id' AND manager_ref = ?))`,
      [person.id, workspaceId, person.id, person.externalId ?? null, person.id],
      'run',
    );
    return result.affectedRows ?? 0;
  }

  private mergeIssues(previous: Record<string, string>, changed: string[], issues: IngestIssue[], replaceAll: boolean): Record<string, string> {
    const next: Record<string, string> = {};
    if (!replaceAll) {
      // A PATCH keeps earlier issues of attributes it did not touch.
      for (const [attr, reason] of Object.entries(previous ?? {})) if (!changed.includes(attr)) next[attr] = reason;
    }
    for (const i of issues) next[i.attribute] = i.reason;
    return next;
  }

  private logSuccess(
    em: EntityManager,
    workspaceId: string,
    actor: Actor,
    operation: string,
    person: Person,
    changed: string[],
    warnings: IngestIssue[],
    extra: Pick<LogInput, 'event' | 'managerLinksResolved' | 'managerPending'>,
  ): void {
    this.log.add(em, {
      ...extra,
      workspaceId,
      credentialId: actor.credentialId,
      operation,
      resourceId: person.id,
      externalId: person.externalId ?? null,
      changedAttributes: changed,
      outcome: 'success',
      status: operation === 'create' ? 201 : 200,
      warnings,
    });
  }
}
