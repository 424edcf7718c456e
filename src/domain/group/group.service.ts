// Every change to a group goes through here, whichever adapter asks (SCIM today, admin GraphQL
// later), in one transaction per call, with its provisioning log entry.
//
// Membership changes are set operations in SQL, one statement per change, never a rewrite of the
// member list, so adding 1,000 people to a 50,000-member group writes 1,000 rows:
//   add      INSERT … SELECT … FROM person WHERE id = ANY(…) ON CONFLICT DO NOTHING
//   remove   DELETE … WHERE person_id = ANY(…)
//   replace  DELETE the members not in the set, then the add above
// Every id to add is checked first (a user of this workspace, else INVALID_VALUE); removing someone
// who is not a member is a no-op, so a retried or late removal of a deleted user still succeeds.
//
// The read methods serve the directory API: groups with member counts, a group's members and a
// person's groups, paged by offset or by keyset cursor, ordered by name.
import { ForeignKeyConstraintViolationException, LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../../db/sql.js';
import { DomainError } from '../errors.js';
import type { Actor } from '../person/person.service.js';
import { Person } from '../person/person.entity.js';
import type { ProvisioningWarning } from '../provisioning-log/provisioning-log.entity.js';
import { ProvisioningLogService } from '../provisioning-log/provisioning-log.service.js';
import { Workspace } from '../workspace/workspace.entity.js';
import { Group } from './group.entity.js';

/** A whole group as a client states it (create, full replace). */
export interface GroupInput {
  displayName?: unknown;
  externalId?: unknown;
  /** The document's other attributes, canonicalised by the adapter. */
  attributes?: Record<string, unknown>;
  /** Member person ids. On replace, `undefined` leaves the members as they are (see `replace`). */
  members?: string[];
}

/** One change of a partial update (a SCIM PATCH operation turned into a domain command). */
export type GroupChange =
  | { kind: 'setDisplayName'; value: unknown }
  | { kind: 'setExternalId'; value: unknown }
  | { kind: 'addMembers'; ids: string[] }
  | { kind: 'removeMembers'; ids: string[] }
  /** Makes the members exactly `ids` (an empty list removes everyone). */
  | { kind: 'replaceMembers'; ids: string[] };

export interface GroupWriteOptions {
  /** The client's If-Match header, when it sent one. */
  ifMatch?: string;
  /** Problems the adapter found and tolerated (e.g. unknown attributes), for the log. */
  warnings?: ProvisioningWarning[];
}

export interface GroupWriteResult {
  group: Group;
  changed: string[];
  membersAdded: number;
  membersRemoved: number;
}

export interface GroupListQuery {
  /** SQL condition over the `scim_group` row aliased `g` (from the SCIM filter translation). */
  where?: { sql: string; params: unknown[] };
  /** SQL sort expression over `g`; ties always break on creation order then id (stable paging). */
  orderBy?: string;
  descending?: boolean;
  offset: number;
  limit: number;
}

/** Offset or keyset paging: `after` (an `endCursor` of the same listing) wins over `offset`. */
export interface PageQuery {
  limit: number;
  offset?: number;
  after?: string | null;
}

export interface GroupPage<T> {
  /** All matches, ignoring paging. */
  total: number;
  items: T[];
  /** Keyset cursor after the last item (null on an empty page). */
  endCursor: string | null;
}

export interface GroupWithCount {
  group: Group;
  memberCount: number;
}

export interface MemberSummary {
  id: string;
  /** The person's displayName, else their userName. */
  display: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_TEXT = 256;
const MAX_PAGE = 1000;
const GROUP_ORDER = 'lower(g.display_name)';
const PERSON_ORDER = 'lower(coalesce(p.display_name, p.user_name))';

export const groupEtag = (g: { version: number }): string => `W/"${g.version}"`;

function checkIfMatch(group: Group, ifMatch: string | undefined): void {
  if (ifMatch === undefined) return;
  const wanted = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (wanted.includes('*') || wanted.includes(`"${group.version}"`)) return;
  throw new DomainError('PRECONDITION_FAILED', `The group has changed: its version is now ${groupEtag(group)}`);
}

const notFound = (id: string) => new DomainError('NOT_FOUND', `No group with id "${id}"`);

function checkDisplayName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new DomainError('INVALID_VALUE', 'displayName is required', 'displayName');
  if (value.length > MAX_TEXT) throw new DomainError('INVALID_VALUE', `displayName is longer than ${MAX_TEXT} characters`, 'displayName');
  return value;
}

function checkExternalId(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || value.length > MAX_TEXT) {
    throw new DomainError('INVALID_VALUE', `externalId must be a string of at most ${MAX_TEXT} characters`, 'externalId');
  }
  return value;
}

/**
 * Lower-cased, de-duplicated member ids; anything that is not a uuid is refused before it reaches SQL.
 * (The message does not echo it: refusals go to the provisioning log, which holds no values.)
 */
function memberIds(ids: readonly string[]): string[] {
  const out = new Set<string>();
  ids.forEach((id, i) => {
    if (typeof id !== 'string' || !UUID.test(id)) throw new DomainError('INVALID_VALUE', `members: value ${i + 1} of ${ids.length} is not the id of a user`, 'members');
    out.add(id.toLowerCase());
  });
  return [...out];
}

function uniquenessError(err: UniqueConstraintViolationException): DomainError {
  const constraint = (err as unknown as { constraint?: string }).constraint ?? err.message;
  if (constraint.includes('external_id')) {
    return new DomainError('CONFLICT', 'A group with this externalId already exists in this workspace', 'externalId');
  }
  return new DomainError('CONFLICT', 'A group with this displayName already exists in this workspace (displayName is case-insensitive)', 'displayName');
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => '\\' + m);

function encodeCursor(sortKey: string, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && UUID.test(v[1])) return [v[0], v[1]];
  } catch {
    // fall through
  }
  throw new DomainError('INVALID_VALUE', 'Invalid cursor: pass the endCursor of a previous page', 'after');
}

function checkPage(q: PageQuery): void {
  if (!Number.isInteger(q.limit) || q.limit < 0 || q.limit > MAX_PAGE) throw new DomainError('INVALID_VALUE', `limit must be between 0 and ${MAX_PAGE}`, 'limit');
  if (q.offset !== undefined && (!Number.isInteger(q.offset) || q.offset < 0)) throw new DomainError('INVALID_VALUE', 'offset must be 0 or more', 'offset');
}

/** `AND (sortExpr, idExpr) > (…)` for a keyset cursor, and the OFFSET to use with it. */
function keyset(q: PageQuery, sortExpr: string, idExpr: string): { sql: string; params: unknown[]; offset: number } {
  if (!q.after) return { sql: '', params: [], offset: q.offset ?? 0 };
  const [key, id] = decodeCursor(q.after);
  return { sql: ` AND (${sortExpr}, ${idExpr}) > (?, ?::uuid)`, params: [key, id], offset: 0 };
}

type Row = Record<string, unknown>;

export class GroupService {
  constructor(
    private readonly em: EntityManager,
    private readonly log: ProvisioningLogService,
  ) {}

  // ── reads ────────────────────────────────────────────────────────────────────────────────────

  async get(workspaceId: string, id: string): Promise<Group> {
    if (!UUID.test(id)) throw notFound(id);
    const group = await this.em.fork().findOne(Group, { id, workspace: workspaceId });
    if (!group) throw notFound(id);
    return group;
  }

  /** The groups with these ids (unknown ids and other workspaces' groups are skipped), for DataLoaders. */
  async byIds(workspaceId: string, ids: readonly string[]): Promise<Group[]> {
    const valid = ids.filter((id) => UUID.test(id));
    if (!valid.length) return [];
    return this.rows(Group, 'SELECT g.* FROM scim_group g WHERE g.workspace_id = ? AND g.id = ANY(?::uuid[])', [workspaceId, pgArray(valid)]);
  }

  /** The SCIM listing: filter, sort, startIndex paging. */
  async list(workspaceId: string, q: GroupListQuery): Promise<{ total: number; groups: Group[] }> {
    const em = this.em.fork();
    const where = q.where ? ` AND (${q.where.sql})` : '';
    const params = q.where?.params ?? [];
    const dir = q.descending ? 'DESC' : 'ASC';
    const order = q.orderBy ? `${q.orderBy} ${dir} NULLS LAST, g.created_at ${dir}, g.id ${dir}` : `g.created_at ${dir}, g.id ${dir}`;
    const [{ total }] = await em.execute<{ total: string }[]>(`SELECT count(*) AS total FROM scim_group g WHERE g.workspace_id = ?${where}`, [
      workspaceId,
      ...params,
    ]);
    if (q.limit === 0 || Number(total) <= q.offset) return { total: Number(total), groups: [] };
    const rows = await em.execute(`SELECT g.* FROM scim_group g WHERE g.workspace_id = ?${where} ORDER BY ${order} LIMIT ? OFFSET ?`, [
      workspaceId,
      ...params,
      q.limit,
      q.offset,
    ]);
    return { total: Number(total), groups: rows.map((r) => em.map(Group, r)) };
  }

  /** Every member (active or not) of the given groups, as SCIM renders them: one query for all. */
  async memberSummaries(workspaceId: string, groupIds: readonly string[]): Promise<Map<string, MemberSummary[]>> {
    const out = new Map<string, MemberSummary[]>(groupIds.map((id) => [id, []]));
    if (!groupIds.length) return out;
    const rows = await this.em.fork().execute<{ group_id: string; id: string; display: string }[]>(
      `SELECT gm.group_id, p.id, coalesce(p.display_name, p.user_name) AS display
         FROM group_member gm JOIN person p ON p.id = gm.person_id
        WHERE gm.workspace_id = ? AND gm.group_id = ANY(?::uuid[])
        ORDER BY gm.group_id, gm.person_id`,
      [workspaceId, pgArray([...groupIds])],
    );
    for (const r of rows) out.get(r.group_id)?.push({ id: r.id, display: r.display });
    return out;
  }

  /** Groups by name (case-insensitive substring `search`), with member counts (active members only unless `includeInactive`). */
  async search(workspaceId: string, q: PageQuery & { search?: string | null; includeInactive: boolean }): Promise<GroupPage<GroupWithCount>> {
    checkPage(q);
    const em = this.em.fork();
    const match = q.search?.trim() ? ` AND g.display_name ILIKE ?` : '';
    const matchParams = match ? [`%${escapeLike(q.search!.trim())}%`] : [];
    const [{ total }] = await em.execute<{ total: string }[]>(`SELECT count(*) AS total FROM scim_group g WHERE g.workspace_id = ?${match}`, [
      workspaceId,
      ...matchParams,
    ]);
    const page = keyset(q, GROUP_ORDER, 'g.id');
    if (q.limit === 0) return { total: Number(total), items: [], endCursor: null };
    const rows = await em.execute<Row[]>(
      `SELECT g.*, ${GROUP_ORDER} AS sort_key, (${this.countSql(q.includeInactive)}) AS member_count
         FROM scim_group g WHERE g.workspace_id = ?${match}${page.sql}
        ORDER BY ${GROUP_ORDER}, g.id LIMIT ? OFFSET ?`,
      [workspaceId, ...matchParams, ...page.params, q.limit, page.offset],
    );
    const items = rows.map(({ sort_key, member_count, ...r }) => ({ group: em.map(Group, r), memberCount: Number(member_count), sortKey: sort_key as string }));
    const last = items[items.length - 1];
    return { total: Number(total), items: items.map(({ group, memberCount }) => ({ group, memberCount })), endCursor: last ? encodeCursor(last.sortKey, last.group.id) : null };
  }

  /** Member counts of the given groups (active members only unless `includeInactive`), for DataLoaders. */
  async memberCounts(workspaceId: string, groupIds: readonly string[], opts: { includeInactive: boolean }): Promise<Map<string, number>> {
    const valid = groupIds.filter((id) => UUID.test(id));
    const out = new Map<string, number>(valid.map((id) => [id, 0]));
    if (!valid.length) return out;
    const rows = await this.em.fork().execute<{ group_id: string; n: string }[]>(
      `SELECT gm.group_id, count(*) AS n FROM group_member gm
         ${opts.includeInactive ? '' : 'JOIN person p ON p.id = gm.person_id AND p.active'}
        WHERE gm.workspace_id = ? AND gm.group_id = ANY(?::uuid[]) GROUP BY gm.group_id`,
      [workspaceId, pgArray(valid)],
    );
    for (const r of rows) out.set(r.group_id, Number(r.n));
    return out;
  }

  /** A group's members by name (active only unless `includeInactive`). Unknown groups have none. */
  async members(workspaceId: string, groupId: string, q: PageQuery & { includeInactive: boolean }): Promise<GroupPage<Person>> {
    checkPage(q);
    if (!UUID.test(groupId)) return { total: 0, items: [], endCursor: null };
    const from = `FROM group_member gm JOIN person p ON p.id = gm.person_id WHERE gm.workspace_id = ? AND gm.group_id = ?${q.includeInactive ? '' : ' AND p.active'}`;
    return this.keysetPage(Person, 'p', PERSON_ORDER, from, [workspaceId, groupId], q);
  }

  /** The groups a person belongs to, by name. */
  async groupsOf(workspaceId: string, personId: string, q: PageQuery): Promise<GroupPage<Group>> {
    checkPage(q);
    if (!UUID.test(personId)) return { total: 0, items: [], endCursor: null };
    const from = 'FROM group_member gm JOIN scim_group g ON g.id = gm.group_id WHERE gm.workspace_id = ? AND gm.person_id = ?';
    return this.keysetPage(Group, 'g', GROUP_ORDER, from, [workspaceId, personId], q);
  }

  /**
   * The first `limit` groups (by name) of each of several people, with each one's total: one
   * statement for a whole list of people (a people page asking for everyone's groups).
   */
  async firstGroupsOf(workspaceId: string, personIds: readonly string[], limit: number): Promise<Map<string, GroupPage<Group>>> {
    const out = new Map<string, GroupPage<Group>>(personIds.map((id) => [id, { total: 0, items: [], endCursor: null }]));
    const valid = [...new Set(personIds.filter((id) => UUID.test(id)))];
    if (!valid.length) return out;
    const em = this.em.fork();
    const rows = await em.execute<Row[]>(
      `SELECT s.* FROM (
         SELECT gm.person_id AS member_id, g.*, row_number() OVER w AS member_rank, count(*) OVER (PARTITION BY gm.person_id) AS member_total
           FROM group_member gm JOIN scim_group g ON g.id = gm.group_id
          WHERE gm.workspace_id = ? AND gm.person_id = ANY(?::uuid[])
         WINDOW w AS (PARTITION BY gm.person_id ORDER BY ${GROUP_ORDER}, g.id)
       ) s WHERE s.member_rank <= ? ORDER BY s.member_id, s.member_rank`,
      [workspaceId, pgArray(valid), Math.max(limit, 1)],
    );
    for (const { member_id, member_rank, member_total, ...r } of rows) {
      const page = out.get(member_id as string)!;
      page.total = Number(member_total);
      if (Number(member_rank) <= limit) page.items.push(em.map(Group, r));
    }
    return out;
  }

  /** One keyset page (by `order`, then id) of the `alias` rows of `from`, with the total count. */
  private async keysetPage<T extends Person | Group>(
    entity: new () => T,
    alias: 'p' | 'g',
    order: string,
    from: string,
    params: unknown[],
    q: PageQuery,
  ): Promise<GroupPage<T>> {
    const em = this.em.fork();
    const [{ total }] = await em.execute<{ total: string }[]>(`SELECT count(*) AS total ${from}`, params);
    if (q.limit === 0) return { total: Number(total), items: [], endCursor: null };
    const page = keyset(q, order, `${alias}.id`);
    const rows = await em.execute<Row[]>(`SELECT ${alias}.*, ${order} AS sort_key ${from}${page.sql} ORDER BY ${order}, ${alias}.id LIMIT ? OFFSET ?`, [
      ...params,
      ...page.params,
      q.limit,
      page.offset,
    ]);
    const last = rows[rows.length - 1];
    return {
      total: Number(total),
      items: rows.map(({ sort_key, ...r }) => em.map(entity, r) as T),
      endCursor: last ? encodeCursor(last.sort_key as string, last.id as string) : null,
    };
  }

  // ── writes ───────────────────────────────────────────────────────────────────────────────────

  async create(workspaceId: string, input: GroupInput, actor: Actor, opts: GroupWriteOptions = {}): Promise<GroupWriteResult> {
    return this.write(workspaceId, undefined, 'create', this.wholeGroup(input, true), input.attributes ?? {}, actor, opts);
  }

  /**
   * A full replace (SCIM PUT): displayName, externalId and the other attributes as given. Members are
   * replaced only when `input.members` is given; an omitted member list is not read as "remove
   * everyone" (RFC 7644 §3.5.1 lets the service provider treat it as not asserted).
   */
  async replace(workspaceId: string, id: string, input: GroupInput, actor: Actor, opts: GroupWriteOptions = {}): Promise<GroupWriteResult> {
    return this.write(workspaceId, id, 'replace', this.wholeGroup(input, false), input.attributes ?? {}, actor, opts);
  }

  /** Applies the changes in order (a SCIM PATCH); a refused change leaves the group as it was. */
  async update(workspaceId: string, id: string, changes: GroupChange[], actor: Actor, opts: GroupWriteOptions = {}): Promise<GroupWriteResult> {
    return this.write(workspaceId, id, 'patch', changes, undefined, actor, opts);
  }

  /** Deletes the group and its memberships; the people stay. */
  async delete(workspaceId: string, id: string, actor: Actor, opts: GroupWriteOptions = {}): Promise<void> {
    if (!UUID.test(id)) throw notFound(id);
    await this.em.fork().transactional(async (em) => {
      const group = await em.findOne(Group, { id, workspace: workspaceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!group) throw notFound(id);
      checkIfMatch(group, opts.ifMatch);
      const [{ n }] = await em.execute<{ n: number }[]>('SELECT count(*)::int AS n FROM group_member WHERE group_id = ?', [id]);
      await em.execute('DELETE FROM scim_group WHERE id = ?', [id]);
      this.log.add(em, {
        workspaceId,
        credentialId: actor.credentialId,
        operation: 'delete',
        resourceType: 'Group',
        resourceId: id,
        externalId: group.externalId ?? null,
        changedAttributes: n ? ['members'] : [],
        outcome: 'success',
        status: 204,
        detail: `${n} membership${n === 1 ? '' : 's'} removed; the people are kept`,
      });
      await em.flush();
    });
  }

  private wholeGroup(input: GroupInput, isNew: boolean): GroupChange[] {
    const changes: GroupChange[] = [
      { kind: 'setDisplayName', value: input.displayName },
      { kind: 'setExternalId', value: input.externalId ?? null },
    ];
    if (input.members !== undefined) changes.push({ kind: isNew ? 'addMembers' : 'replaceMembers', ids: input.members });
    return changes;
  }

  private async write(
    workspaceId: string,
    id: string | undefined,
    operation: 'create' | 'replace' | 'patch',
    changes: GroupChange[],
    attributes: Record<string, unknown> | undefined,
    actor: Actor,
    opts: GroupWriteOptions,
  ): Promise<GroupWriteResult> {
    if (id !== undefined && !UUID.test(id)) throw notFound(id);
    // Validate everything that needs no database first: a refused change must write nothing.
    const checked = changes.map((c): GroupChange => {
      switch (c.kind) {
        case 'setDisplayName':
          return { kind: c.kind, value: checkDisplayName(c.value) };
        case 'setExternalId':
          return { kind: c.kind, value: checkExternalId(c.value) };
        default:
          return { kind: c.kind, ids: memberIds(c.ids) };
      }
    });
    try {
      return await this.em.fork().transactional(async (em) => {
        let group: Group;
        if (id === undefined) {
          group = em.create(Group, { workspace: em.getReference(Workspace, workspaceId), displayName: '' });
        } else {
          const found = await em.findOne(Group, { id, workspace: workspaceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
          if (!found) throw notFound(id);
          group = found;
          checkIfMatch(group, opts.ifMatch);
        }
        await this.checkUsers(em, workspaceId, checked.flatMap((c) => (c.kind === 'addMembers' || c.kind === 'replaceMembers' ? c.ids : [])));

        const before = { displayName: group.displayName, externalId: group.externalId ?? null, scim: JSON.stringify(group.scim) };
        for (const c of checked) {
          if (c.kind === 'setDisplayName') group.displayName = c.value as string;
          if (c.kind === 'setExternalId') group.externalId = c.value as string | null;
        }
        if (attributes !== undefined) group.scim = attributes;
        const changed: string[] = [];
        if (id === undefined || group.displayName !== before.displayName) changed.push('displayName');
        if ((group.externalId ?? null) !== before.externalId) changed.push('externalId');
        if (JSON.stringify(group.scim) !== before.scim) changed.push('attributes');
        if (id === undefined) {
          // The row must exist before memberships can reference it.
          em.persist(group);
          await em.flush();
        }

        let added = 0;
        let removed = 0;
        for (const c of checked) {
          if (c.kind === 'addMembers') added += await this.addMembers(em, workspaceId, group.id, c.ids);
          else if (c.kind === 'removeMembers') removed += await this.removeMembers(em, group.id, c.ids, false);
          else if (c.kind === 'replaceMembers') {
            removed += await this.removeMembers(em, group.id, c.ids, true);
            added += await this.addMembers(em, workspaceId, group.id, c.ids);
          }
        }
        if (added || removed) changed.push('members');
        if (id !== undefined && changed.length) {
          group.version += 1;
          group.updatedAt = new Date();
        }
        const warnings = opts.warnings ?? [];
        if (id === undefined || changed.length || warnings.length) {
          this.log.add(em, {
            workspaceId,
            credentialId: actor.credentialId,
            operation,
            resourceType: 'Group',
            resourceId: group.id,
            externalId: group.externalId ?? null,
            changedAttributes: changed,
            outcome: 'success',
            status: operation === 'create' ? 201 : operation === 'patch' ? 204 : 200,
            detail: added || removed ? `members: ${added} added, ${removed} removed` : null,
            warnings,
          });
        }
        await em.flush();
        return { group, changed, membersAdded: added, membersRemoved: removed };
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw uniquenessError(err);
      // A person deleted between the check and the insert.
      if (err instanceof ForeignKeyConstraintViolationException) {
        throw new DomainError('INVALID_VALUE', 'members: a user was deleted while the group was being changed; retry', 'members');
      }
      throw err;
    }
  }

  /** Refuses the whole change when any id is not a user of this workspace. */
  private async checkUsers(em: EntityManager, workspaceId: string, ids: string[]): Promise<void> {
    const unique = [...new Set(ids)];
    if (!unique.length) return;
    const missing = await em.execute<{ id: string }[]>(
      `SELECT u.id FROM unnest(?::uuid[]) AS u(id)
        WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.id = u.id AND p.workspace_id = ?) LIMIT 3`,
      [pgArray(unique), workspaceId],
    );
    if (missing.length) {
      const list = missing.map((m) => `"${m.id}"`).join(', ');
      throw new DomainError('INVALID_VALUE', `members: ${list} ${missing.length === 1 ? 'is not the id of a user' : 'are not ids of users'} in this workspace`, 'members');
    }
  }

  private async addMembers(em: EntityManager, workspaceId: string, groupId: string, ids: string[]): Promise<number> {
    if (!ids.length) return 0;
    const res = await em.execute<{ affectedRows: number }>(
      `INSERT INTO group_member (group_id, person_id, workspace_id)
       SELECT ?, p.id, p.workspace_id FROM person p WHERE p.workspace_id = ? AND p.id = ANY(?::uuid[])
       ON CONFLICT DO NOTHING`,
      [groupId, workspaceId, pgArray(ids)],
      'run',
    );
    return res.affectedRows;
  }

  /** Removes `ids` from the group, or with `keep` everyone not in `ids`. */
  private async removeMembers(em: EntityManager, groupId: string, ids: string[], keep: boolean): Promise<number> {
    if (!keep && !ids.length) return 0;
    const res = await em.execute<{ affectedRows: number }>(
      `DELETE FROM group_member WHERE group_id = ? AND ${keep ? 'person_id <> ALL(?::uuid[])' : 'person_id = ANY(?::uuid[])'}`,
      [groupId, pgArray(ids)],
      'run',
    );
    return res.affectedRows;
  }

  private countSql(includeInactive: boolean): string {
    return includeInactive
      ? 'SELECT count(*) FROM group_member gm WHERE gm.group_id = g.id'
      : 'SELECT count(*) FROM group_member gm JOIN person p ON p.id = gm.person_id WHERE gm.group_id = g.id AND p.active';
  }

  private async rows<T extends object>(entity: new () => T, sql: string, params: unknown[]): Promise<T[]> {
    const em = this.em.fork();
    const rows = await em.execute(sql, params);
    return rows.map((r) => em.map(entity, r));
  }
}
