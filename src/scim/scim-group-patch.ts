// Turns a SCIM PATCH of a Group (RFC 7644 §3.5.2) into domain changes, pure; the domain applies
// them as set operations in SQL. Accepts every membership dialect identity providers send:
//   Entra  {"op":"Add","path":"members","value":[{"$ref":null,"value":"<id>"}]}
//          {"op":"Remove","path":"members","value":[{"value":"<id>"}]}       removes only those
//          {"op":"remove","path":"members[value eq \"<id>\"]"}                (aadOptscim062020)
//   Okta   {"op":"replace","path":"members","value":[…]}                      the full member set
//          {"op":"replace","value":{"id":"<this group>","displayName":"…"}}   path-less
// plus `op` and attribute names in any letter case, core-URN-qualified paths, and `remove` of
// `members` without a value (removes everyone, as RFC 7644 says). Duplicates are harmless.
import type { GroupChange } from '../domain/group/group.service.js';
import { AttrPath, Filter, parseFilter } from './filter/scim-filter-parser.js';
import { isPlainObject } from './scim-document.js';
import { badRequest, ScimError } from './scim-errors.js';
import { memberIdsOf, stripGroupUrn } from './scim-group-mapping.js';
import type { PatchOpName, PatchOperation } from './scim-patch.js';
import { COMMON_ATTRIBUTES, findAttr, groupSchema } from './scim-schemas.js';

export interface GroupPatchResult {
  changes: GroupChange[];
  /** Paths naming attributes we do not know; skipped, reported as warnings. */
  ignored: string[];
}

const ATTRIBUTES = [...groupSchema.attributes, ...COMMON_ATTRIBUTES];
const PATH_RE = /^([A-Za-z$][\w$-]*)(?:\[(.*)\])?(?:\.([A-Za-z$][\w$-]*))?$/s;

/** `id` of the group being patched: a path-less value carrying the same id (Okta) is harmless. */
export function groupPatchChanges(ops: PatchOperation[], ctx: { id: string }): GroupPatchResult {
  const changes: GroupChange[] = [];
  const ignored: string[] = [];
  ops.forEach((op, i) => {
    try {
      if (op.path !== undefined) return changes.push(...changesFor(op.op, op.path, op.value, ctx, ignored));
      if (op.op === 'remove') throw badRequest('noTarget', 'A "remove" operation needs a path');
      if (!isPlainObject(op.value)) throw badRequest('invalidSyntax', `An "${op.op}" without a path needs an object value`);
      for (const [key, value] of Object.entries(op.value)) {
        const lower = key.toLowerCase();
        if (lower === 'schemas' || lower === 'meta') continue;
        changes.push(...changesFor(op.op, key, value, ctx, ignored));
      }
    } catch (e) {
      if (e instanceof ScimError) throw new ScimError(e.status, e.scimType, `Operations[${i}]: ${e.message}`);
      throw e;
    }
  });
  return { changes: mergeAdjacent(changes), ignored };
}

function changesFor(op: PatchOpName, pathText: string, value: unknown, ctx: { id: string }, ignored: string[]): GroupChange[] {
  const m = PATH_RE.exec(stripGroupUrn(pathText));
  if (!m) {
    if (/^(urn|https?):/i.test(pathText)) {
      ignored.push(pathText); // an extension we do not serve
      return [];
    }
    throw badRequest('invalidPath', `Invalid path "${pathText}"`);
  }
  const [, attrName, filterText, subName] = m;
  const def = findAttr(ATTRIBUTES, attrName);
  if (!def) {
    ignored.push(pathText);
    return [];
  }
  if (def.name !== 'members' && (filterText !== undefined || subName !== undefined)) {
    throw badRequest('invalidPath', `"${def.name}" has no sub-attributes`);
  }
  switch (def.name) {
    case 'displayName':
      // Removing it is refused by the domain (displayName is required).
      return [{ kind: 'setDisplayName', value: op === 'remove' ? undefined : value }];
    case 'externalId':
      return [{ kind: 'setExternalId', value: op === 'remove' ? null : value }];
    case 'id':
      if (typeof value === 'string' && value.toLowerCase() === ctx.id.toLowerCase()) return [];
      throw badRequest('mutability', '"id" is read-only');
    case 'members':
      return memberChanges(op, filterText, subName, value);
    default: // meta
      throw badRequest('mutability', `"${def.name}" is read-only`);
  }
}

function memberChanges(op: PatchOpName, filterText: string | undefined, subName: string | undefined, value: unknown): GroupChange[] {
  if (subName !== undefined) throw badRequest('invalidPath', 'Change members as a whole ("members" or "members[value eq \\"…\\"]"), not by sub-attribute');
  if (filterText !== undefined) {
    if (op !== 'remove') throw badRequest('invalidPath', `"${op}" with a filtered members path is not supported; use "add" or "remove" on "members"`);
    return [{ kind: 'removeMembers', ids: idsOfFilter(filterText) }];
  }
  switch (op) {
    case 'add':
      return [{ kind: 'addMembers', ids: memberIdsOf(value, 'members') }];
    case 'replace':
      return [{ kind: 'replaceMembers', ids: memberIdsOf(value, 'members') }];
    case 'remove':
      // A value list removes just those; no value at all removes every member (RFC 7644 §3.5.2.2).
      return value === undefined || value === null ? [{ kind: 'replaceMembers', ids: [] }] : [{ kind: 'removeMembers', ids: memberIdsOf(value, 'members') }];
  }
}

/** The ids named by `value eq "a"`, or `value eq "a" or value eq "b"` (also `members.value`). */
function idsOfFilter(text: string): string[] {
  let filter: Filter;
  try {
    filter = parseFilter(text);
  } catch (e) {
    throw badRequest('invalidPath', `Invalid filter in path "members[${text}]": ${(e as Error).message}`);
  }
  const ids: string[] = [];
  const visit = (f: Filter): void => {
    if (f.kind === 'or') {
      visit(f.left);
      visit(f.right);
      return;
    }
    if (f.kind !== 'compare' || f.op !== 'eq' || typeof f.value !== 'string' || !namesValue(f.path)) {
      throw badRequest('invalidPath', 'A members filter path must name members by id: members[value eq "<user id>"]');
    }
    ids.push(f.value);
  };
  visit(filter);
  return ids;
}

const namesValue = (p: AttrPath): boolean =>
  !p.uri && (p.sub ? p.attr.toLowerCase() === 'members' && p.sub.toLowerCase() === 'value' : p.attr.toLowerCase() === 'value');

/** Consecutive adds (or removes) become one statement: the same result, fewer round trips. */
function mergeAdjacent(changes: GroupChange[]): GroupChange[] {
  const out: GroupChange[] = [];
  for (const c of changes) {
    const prev = out[out.length - 1];
    if (prev && (c.kind === 'addMembers' || c.kind === 'removeMembers') && prev.kind === c.kind) {
      out[out.length - 1] = { kind: c.kind, ids: [...prev.ids, ...c.ids] };
    } else out.push(c);
  }
  return out;
}
