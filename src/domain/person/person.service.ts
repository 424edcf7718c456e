// Every change to a person goes through here, whichever adapter asks (SCIM today, admin GraphQL
// later): validation of invariants, the reporting-line bookkeeping, and the provisioning log, in
// one transaction per call.
//
// Reporting lines: a person keeps the manager reference as received and `manager_id` as what it
// resolves to. A reference to someone not provisioned yet stays pending; when that person arrives
// (or gets the referenced externalId), one indexed UPDATE resolves every pending reference to them.
// Concurrent writes that could miss each other (a report and its manager created at the same
// moment) serialise on a transaction-scoped advisory lock per externalId.
import { DeadlockException, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Literals, numberPlaceholders, Sql, withSql } from '../../db/sql-client.js';
import { DomainError } from '../errors.js';
import { NotificationService } from '../notification/notification.service.js';
import { ProvisioningLogService } from '../provisioning-log/provisioning-log.service.js';
import {
  IngestIssue,
  ManagerReference,
  PersonDocument,
  changedAttributes,
  deriveColumns,
  managerReference,
  reconcileManager,
  sanitizeDocument,
} from './person-document.js';

export interface Actor {
  credentialId: string | null;
}

export interface WriteOptions {
  /** The client's If-Match header, when it sent one. */
  ifMatch?: string;
  /** Problems the adapter found and tolerated (e.g. unknown attributes), for the log. */
  warnings?: IngestIssue[];
}

/** What a reference to someone's manager shows: their id, display name and externalId. */
export interface ManagerSummary {
  id: string;
  displayName: string | null;
  externalId: string | null;
}

/**
 * What provisioning reads and returns of a person: the row's columns a SCIM resource is rendered
 * from, without ORM entity hydration (em.map was ~8% of the service's CPU under SCIM load).
 */
export interface PersonRecord {
  id: string;
  externalId: string | null;
  userName: string;
  active: boolean;
  scim: PersonDocument;
  managerRefKind: string | null;
  managerRef: string | null;
  managerId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A timestamptz as the ORM's connection settings return it: text in UTC (`2026-12-04 23:13:52.645+00`).
 */
function pgTimestamp(value: string | Date): Date {
  if (value instanceof Date) return value;
  return new Date(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
}

function personRecord(r: PersonRow): PersonRecord {
  return {
    id: r.id,
    externalId: r.external_id,
    userName: r.user_name,
    active: r.active,
    scim: r.scim,
    managerRefKind: r.manager_ref_kind,
    managerRef: r.manager_ref,
    managerId: r.manager_id,
    version: r.version,
    createdAt: pgTimestamp(r.created_at),
    updatedAt: pgTimestamp(r.updated_at),
  };
}

/** A person with the summary of their manager (keyed by manager id; empty when they have none). */
export interface PersonView {
  person: PersonRecord;
  managers: Map<string, ManagerSummary>;
}

/** The manager's summary, read in the same statement as the person (`p`) it belongs to. */
const MANAGER_JOIN = 'LEFT JOIN person m ON m.id = p.manager_id';
const MANAGER_COLUMNS = 'm.display_name AS m_display_name, m.external_id AS m_external_id';
/** A person with their manager's summary, by id and workspace ($1, $2). */
const ROW_SQL = `SELECT p.*, ${MANAGER_COLUMNS} FROM person p ${MANAGER_JOIN} WHERE p.id = $1 AND p.workspace_id = $2`;
interface ManagerColumns {
  manager_id: string | null;
  m_display_name: string | null;
  m_external_id: string | null;
}

function managersOf(rows: ManagerColumns[]): Map<string, ManagerSummary> {
  const managers = new Map<string, ManagerSummary>();
  for (const r of rows) {
    if (r.manager_id) managers.set(r.manager_id, { id: r.manager_id, displayName: r.m_display_name, externalId: r.m_external_id });
  }
  return managers;
}

export interface WriteResult extends PersonView {
  warnings: IngestIssue[];
  changed: string[];
}

/** Computes the new document from the current one (empty for a create). */
export type Producer = (current: PersonDocument) => { doc: PersonDocument; warnings?: IngestIssue[] };

/** A write as SQL, built before it is sent (see PersonService.plan). */
interface WritePlan {
  /** Nothing to write (the statement, if any, only logs). */
  unchanged: boolean;
  keys: (string | null)[];
  statement: string;
  result(rows: unknown[]): WriteResult;
}

/** A person row as PostgreSQL returns it (plain-SQL write path). */
interface PersonRow {
  id: string;
  external_id: string | null;
  user_name: string;
  created_at: string | Date;
  updated_at: string | Date;
  active: boolean;
  scim: PersonDocument;
  version: number;
  manager_id: string | null;
  manager_ref_kind: string | null;
  manager_ref: string | null;
  ingest_issues: Record<string, string>;
}

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
/** Optimistic update attempts (read, compute, write if the version still matches) before locking first. */
const OPTIMISTIC_ATTEMPTS = 3;

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

function checkIfMatch(person: { version: number }, ifMatch: string | undefined): void {
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

  async get(workspaceId: string, id: string): Promise<PersonView> {
    if (!UUID.test(id)) throw new DomainError('NOT_FOUND', `No user with id "${id}"`);
    const { rows } = await withSql(this.em, (sql) =>
      sql.query<PersonRow & ManagerColumns>(ROW_SQL, [id, workspaceId], { prepare: true }),
    );
    if (!rows[0]) throw new DomainError('NOT_FOUND', `No user with id "${id}"`);
    return { person: personRecord(rows[0]), managers: managersOf(rows) };
  }

  /**
   * A page of people with their managers' summaries. Plain SQL, one round trip when a filter is
   * given (the count rides along as a window): Entra's "does this user exist" GET before every
   * create is the most frequent call there is.
   */
  async list(workspaceId: string, q: ListQuery): Promise<{ total: number; people: PersonRecord[]; managers: Map<string, ManagerSummary> }> {
    const where = q.where ? ` AND (${numberPlaceholders(q.where.sql, 2)})` : '';
    const params = [workspaceId, ...(q.where?.params ?? [])];
    const dir = q.descending ? 'DESC' : 'ASC';
    const order = q.orderBy ? `${q.orderBy} ${dir} NULLS LAST, p.created_at ${dir}, p.id ${dir}` : `p.created_at ${dir}, p.id ${dir}`;
    const page = `LIMIT $${params.length + 1} OFFSET $${params.length + 2}`;
    return withSql(this.em, async (sql) => {
      const count = async () =>
        Number((await sql.query<{ total: string }>(`SELECT count(*) AS total FROM person p WHERE p.workspace_id = $1${where}`, params)).rows[0].total);
      let total: number | undefined;
      let rows: (PersonRow & ManagerColumns & { total?: string })[] = [];
      if (q.where && q.limit > 0) {
        // A window count costs what count(*) costs when the filter is selective, and saves a round trip.
        rows = (await sql.query<PersonRow & ManagerColumns & { total: string }>(
          `SELECT p.*, ${MANAGER_COLUMNS}, count(*) OVER () AS total FROM person p ${MANAGER_JOIN} WHERE p.workspace_id = $1${where} ORDER BY ${order} ${page}`,
          [...params, q.limit, q.offset],
          { prepare: true },
        )).rows;
        total = rows.length ? Number(rows[0].total) : q.offset === 0 ? 0 : await count();
      } else {
        // Unfiltered (or count only): a window over the whole workspace would read every row.
        total = await count();
        if (q.limit > 0 && total > q.offset) {
          rows = (await sql.query<PersonRow & ManagerColumns>(
            `SELECT p.*, ${MANAGER_COLUMNS} FROM person p ${MANAGER_JOIN} WHERE p.workspace_id = $1${where} ORDER BY ${order} ${page}`,
            [...params, q.limit, q.offset],
          )).rows;
        }
      }
      return { total, people: rows.map(personRecord), managers: managersOf(rows) };
    });
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
    if (!UUID.test(workspaceId)) throw new DomainError('NOT_FOUND', 'No such workspace');
    // Plain SQL (src/db/sql-client.ts), statements sent together as scripts with escaped literals:
    // a create is ONE round trip (BEGIN; advisory locks; one statement that inserts the person,
    // links their waiting reports and writes the outbox and the log; COMMIT), an update two (read,
    // then the same kind of script). Through the ORM these were ~9 round trips and most of the
    // service's CPU. In READ COMMITTED every statement of a script takes its own snapshot, so the
    // write sees everything committed by whoever held the locks before it.
    //
    // Lock order, the same in every write: the externalId advisory locks first, then rows.
    // (Taking the person's row first deadlocks against a concurrent write that holds the key and
    // waits on that row, e.g. the foreign-key check of a report being linked to them.) An update
    // computes its change from an unlocked read, then takes the keys and writes only if the row is
    // still at the version it read (the UPDATE takes the row lock); when someone wrote in between,
    // it reads again. After a few lost races it falls back to locking the row before computing.
    const run = async (sql: Sql, script: string, plan: WritePlan) => {
      const results = await sql.script(script);
      const rows = results[results.length - 2];
      return rows.length ? plan.result(rows) : undefined;
    };
    try {
      return await retryOnDeadlock(() =>
        withSql(this.em, async (sql) => {
          if (id === undefined) {
            const plan = this.plan(sql, workspaceId, undefined, operation, produce, actor, opts);
            return (await run(sql, `BEGIN;${this.lockSql(sql, workspaceId, plan.keys, new Set())}${plan.statement};COMMIT`, plan))!;
          }
          const rowSql = `SELECT p.*, ${MANAGER_COLUMNS} FROM person p ${MANAGER_JOIN} WHERE p.id = '${id}' AND p.workspace_id = '${workspaceId}'`;
          for (let attempt = 1; attempt <= OPTIMISTIC_ATTEMPTS; attempt++) {
            // Prepared: this read starts every PATCH and PUT.
            const { rows: [before] } = await sql.query<PersonRow & ManagerColumns>(ROW_SQL, [id, workspaceId], { prepare: true });
            if (!before) throw new DomainError('NOT_FOUND', `No user with id "${id}"`);
            const plan = this.plan(sql, workspaceId, before, operation, produce, actor, opts, { expectVersion: before.version });
            if (plan.unchanged) {
              if (plan.statement) await sql.script(plan.statement);
              return plan.result([]);
            }
            const written = await run(sql, `BEGIN;${this.lockSql(sql, workspaceId, plan.keys, new Set())}${plan.statement};COMMIT`, plan);
            if (written) return written;
          }
          // Pessimistic: keys from a dry run on the latest read, then the row lock, then the change.
          const { rows: [before] } = await sql.query<PersonRow>(ROW_SQL, [id, workspaceId], { prepare: true });
          if (!before) throw new DomainError('NOT_FOUND', `No user with id "${id}"`);
          const held = new Set<string>();
          const keys = [before.external_id, ...this.referenceKeys(before.scim, produce(before.scim).doc)];
          const locking = `BEGIN;${this.lockSql(sql, workspaceId, keys, held)}${rowSql} FOR UPDATE OF p`;
          const [locked] = (await sql.script<PersonRow & ManagerColumns>(locking)).slice(-1)[0];
          if (!locked) throw new DomainError('NOT_FOUND', `No user with id "${id}"`);
          const plan = this.plan(sql, workspaceId, locked, operation, produce, actor, opts);
          if (plan.unchanged) {
            await sql.script(plan.statement ? `${plan.statement};COMMIT` : 'COMMIT');
            return plan.result([]);
          }
          return (await run(sql, `${this.lockSql(sql, workspaceId, plan.keys, held)}${plan.statement};COMMIT`, plan))!;
        }),
      );
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw uniquenessError(err);
      throw err;
    }
  }

  /**
   * The change as SQL: the externalId keys it needs locked, the statement(s), and how to read the
   * result from the last statement's rows. With `expectVersion`, an update writes only while the
   * row is still at that version (no rows come back otherwise); without it, `current` is locked.
   */
  private plan(
    sql: Sql,
    workspaceId: string,
    current: (PersonRow & ManagerColumns) | undefined,
    operation: 'create' | 'replace' | 'patch',
    produce: Producer,
    actor: Actor,
    opts: WriteOptions,
    { expectVersion }: { expectVersion?: number } = {},
  ): WritePlan {
    if (current) checkIfMatch(current, opts.ifMatch);
    const previous = current?.scim;
    const produced = produce(previous ?? {});
    validate(produced.doc);
    const { doc, issues } = sanitizeDocument(reconcileManager(previous, produced.doc));
    const warnings = [...(opts.warnings ?? []), ...(produced.warnings ?? []), ...issues];
    const changed = changedAttributes(previous, doc);
    const logBase = { workspaceId, credentialId: actor.credentialId, operation, outcome: 'success' as const, warnings };

    if (current && changed.length === 0) {
      // Nothing to write; the log still records what was tolerated.
      const log = warnings.length
        ? this.log.insertSql({ ...logBase, resourceId: current.id, externalId: current.external_id, changedAttributes: [], status: 200, event: 'unchanged' }, new Literals(sql))
        : '';
      return {
        unchanged: true,
        keys: [],
        statement: log,
        result: () => ({ person: personRecord(current), managers: managersOf([current]), warnings, changed }),
      };
    }

    const cols = deriveColumns(doc);
    const ref = managerReference(doc);
    const oldExternalId = current?.external_id ?? null;
    const keys = [oldExternalId, cols.externalId, ref?.kind === 'externalId' ? ref.ref : null];

    const isNew = !current;
    const personId = current?.id ?? randomUUID();
    const p = new Literals(sql);
    const $ws = p.add(workspaceId);
    const $id = p.add(personId);
    const values: [string, string][] = Object.entries(cols).map(([k, v]) => [
      k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
      k === 'emailValues' ? `${p.add(v)}::text[]` : k === 'joinDate' || k === 'birthday' ? `${p.add(v)}::date` : p.add(v),
    ]);
    values.push(['scim', `${p.add(JSON.stringify(doc))}::jsonb`]);
    values.push(['ingest_issues', `${p.add(JSON.stringify(this.mergeIssues(current?.ingest_issues ?? {}, changed, issues, operation !== 'patch')))}::jsonb`]);

    // The reporting line: resolved again when the reference changed, or when it was pending.
    const refChanged = isNew || (current.manager_ref_kind ?? null) !== (ref?.kind ?? null) || (current.manager_ref ?? null) !== (ref?.ref ?? null);
    const resolve = refChanged || (!!ref && !current?.manager_id);
    if (resolve) {
      values.push(['manager_ref_kind', p.add(ref?.kind ?? null)], ['manager_ref', p.add(ref?.ref ?? null)]);
      values.push(['manager_id', this.resolveSql(p, $ws, personId, cols.externalId, ref)]);
      if (refChanged) values.push(['manager_ref_at', ref ? 'now()' : 'NULL']);
    }
    const statement: string[] = [];
    if (isNew) {
      values.push(['id', `${$id}::uuid`], ['workspace_id', `${$ws}::uuid`]);
      statement.push(`WITH written AS (INSERT INTO person (${values.map((v) => v[0]).join(', ')}) VALUES (${values.map((v) => v[1]).join(', ')}) RETURNING *)`);
    } else {
      values.push(['version', 'version + 1'], ['updated_at', 'now()']);
      const atVersion = expectVersion === undefined ? '' : ` AND version = ${p.add(expectVersion)}`;
      statement.push(`WITH written AS (UPDATE person SET ${values.map(([c, v]) => `${c} = ${v}`).join(', ')} WHERE id = ${$id}::uuid AND workspace_id = ${$ws}::uuid${atVersion} RETURNING *)`);
    }
    // References to this person's old externalId become pending; pending references to them resolve.
    if (oldExternalId && oldExternalId !== cols.externalId) {
      statement.push(`, unlinked AS (UPDATE person SET manager_id = NULL, manager_ref_at = now(), updated_at = now(), version = version + 1
          WHERE workspace_id = ${$ws}::uuid AND manager_id = ${$id}::uuid AND manager_ref_kind = 'externalId' AND manager_ref = ${p.add(oldExternalId)} AND id <> ${$id}::uuid
            AND EXISTS (SELECT 1 FROM written)
          RETURNING 1)`);
    }
    const relink = isNew || oldExternalId !== cols.externalId;
    statement.push(
      relink
        ? `, linked AS (UPDATE person SET manager_id = ${$id}::uuid, manager_ref_at = now(), updated_at = now(), version = version + 1
            WHERE workspace_id = ${$ws}::uuid AND manager_id IS NULL AND manager_ref IS NOT NULL AND id <> ${$id}::uuid
              AND ((manager_ref_kind = 'externalId' AND manager_ref = ${p.add(cols.externalId)}) OR (manager_ref_kind = 'id' AND manager_ref = ${$id}::text))
              AND EXISTS (SELECT 1 FROM written)
            RETURNING 1)`
        : ', linked AS (SELECT 1 WHERE false)',
    );
    const wasActive = current?.active ?? false;
    const event = isNew ? 'created' : wasActive && !cols.active ? 'deactivated' : !wasActive && cols.active ? 'reactivated' : 'updated';
    if ((event === 'created' && cols.active) || event === 'reactivated') {
      statement.push(`, welcome AS (${this.notifications.welcomeSql($ws, `${$id}::uuid`, 'EXISTS (SELECT 1 FROM written)')})`);
    }
    const ownLink = resolve ? `(written.manager_id IS NOT NULL AND written.manager_id IS DISTINCT FROM ${p.add(current?.manager_id ?? null)}::uuid)::int` : '0';
    const logSql = this.log.insertSql(
      { ...logBase, resourceId: personId, externalId: cols.externalId, changedAttributes: changed, status: operation === 'create' ? 201 : 200, event },
      p,
      {
        from: 'written',
        managerLinksResolved: `${ownLink} + (SELECT count(*) FROM linked)::int`,
        managerPending: '(written.manager_ref IS NOT NULL AND written.manager_id IS NULL)',
      },
    );
    // The manager's summary for the response; a self-managed person's is this write's own row.
    statement.push(`, logged AS (${logSql})
      SELECT written.*, CASE WHEN written.manager_id = written.id THEN written.display_name ELSE m.display_name END AS m_display_name,
             CASE WHEN written.manager_id = written.id THEN written.external_id ELSE m.external_id END AS m_external_id
        FROM written LEFT JOIN person m ON m.id = written.manager_id`);
    return {
      unchanged: false,
      keys,
      statement: statement.join('\n'),
      result: (rows) => ({ person: personRecord(rows[0] as PersonRow), managers: managersOf(rows as ManagerColumns[]), warnings, changed }),
    };
  }

  /** SQL for the manager_id a reference resolves to (NULL while the manager is not provisioned). */
  private resolveSql(p: Literals, $ws: string, personId: string, externalId: string | null, ref: ManagerReference): string {
    if (!ref) return 'NULL';
    if (ref.kind === 'externalId') {
      if (ref.ref === externalId) return `${p.add(personId)}::uuid`; // self-managed: stored, flagged by health checks
      return `(SELECT id FROM person WHERE workspace_id = ${$ws}::uuid AND external_id = ${p.add(ref.ref)})`;
    }
    const target = ref.ref.toLowerCase();
    if (target === personId) return `${p.add(personId)}::uuid`;
    if (!UUID.test(target)) return 'NULL';
    return `(SELECT id FROM person WHERE workspace_id = ${$ws}::uuid AND id = ${p.add(target)}::uuid)`;
  }

  /** Advisory-lock SQL for `script` (empty when every key is held already). */
  private lockSql(sql: Sql, workspaceId: string, keys: (string | null | undefined)[], held: Set<string>): string {
    const unique = [...new Set(keys.filter((k): k is string => !!k && !held.has(k)))].sort();
    if (!unique.length) return '';
    unique.forEach((k) => held.add(k));
    // Key: hashtextextended('<workspace>:<externalId>'), taken in sorted order so two writes never deadlock on them.
    const hashes = unique.map((k) => `(hashtextextended(${sql.literal(`${workspaceId}:${k}`)}, 0))`).join(', ');
    return `SELECT pg_advisory_xact_lock(h) FROM (SELECT h FROM (VALUES ${hashes}) v(h) ORDER BY 1) s;`;
  }

  async delete(workspaceId: string, id: string, actor: Actor, opts: WriteOptions = {}): Promise<void> {
    if (!UUID.test(id)) throw new DomainError('NOT_FOUND', `No user with id "${id}"`);
    if (!UUID.test(workspaceId)) throw new DomainError('NOT_FOUND', 'No such workspace');
    await retryOnDeadlock(() =>
      withSql(this.em, async (sql) => {
        // Same lock order as write(): the externalId key first, then rows. The groups they leave get a
        // new version (their member lists change); their rows are locked before the person's, the
        // order a group PATCH takes them in (group row, then the member's row via the foreign key).
        const { rows: [before] } = await sql.query<PersonRow>(ROW_SQL, [id, workspaceId], { prepare: true });
        if (!before) throw new DomainError('NOT_FOUND', `No user with id "${id}"`);
        const held = new Set<string>();
        const [[left], [person]] = (
          await sql.script<PersonRow & { groups: number }>(
            `BEGIN;${this.lockSql(sql, workspaceId, [before.external_id], held)}
             WITH left_groups AS (UPDATE scim_group SET version = version + 1, updated_at = now()
                                   WHERE workspace_id = '${workspaceId}' AND id IN (SELECT group_id FROM group_member WHERE person_id = '${id}') RETURNING 1)
             SELECT count(*)::int AS groups FROM left_groups;
             SELECT * FROM person WHERE id = '${id}' AND workspace_id = '${workspaceId}' FOR UPDATE`,
          )
        ).slice(-2);
        if (!person) throw new DomainError('NOT_FOUND', `No user with id "${id}"`);
        checkIfMatch(person, opts.ifMatch);
        // Their reports keep the reference as received; the foreign key's ON DELETE SET NULL makes it
        // pending. Their group memberships go with them (cascade); the log says how many.
        await sql.script(
          `${this.lockSql(sql, workspaceId, [person.external_id], held)}
           UPDATE person SET manager_ref_at = now(), updated_at = now(), version = version + 1 WHERE manager_id = '${id}' AND id <> '${id}';
           UPDATE workspace SET people_deleted_at = now() WHERE id = '${workspaceId}';
           DELETE FROM person WHERE id = '${id}'`,
        );
        const groups = left.groups;
        const log = this.log.insertSql(
          {
            workspaceId,
            credentialId: actor.credentialId,
            operation: 'delete',
            resourceId: id,
            externalId: person.external_id,
            outcome: 'success',
            event: 'deleted',
            status: 204,
            warnings: groups ? [{ attribute: 'groups', reason: `removed from ${groups} group${groups === 1 ? '' : 's'}` }] : [],
          },
          new Literals(sql),
        );
        await sql.script(`${log};COMMIT`);
      }),
    );
  }

  /** The externalIds a document claims or references (the advisory-lock keys of a write). */
  private referenceKeys(previous: PersonDocument | undefined, next: PersonDocument): string[] {
    const ref = managerReference(reconcileManager(previous, next));
    return [typeof next.externalId === 'string' ? next.externalId : null, ref?.kind === 'externalId' ? ref.ref : null].filter(
      (k): k is string => !!k,
    );
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

}
