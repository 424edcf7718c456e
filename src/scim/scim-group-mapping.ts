// Group ⇄ SCIM Group resource (RFC 7643 §4.2). Pure: parsing a POST/PUT body into a domain input,
// rendering, and `attributes`/`excludedAttributes` projection (which also decides whether members
// need loading at all: Entra's `excludedAttributes=members` must not touch them).
import type { Group } from '../domain/group/group.entity.js';
import type { GroupInput, MemberSummary } from '../domain/group/group.service.js';
import { isPlainObject } from './scim-document.js';
import { badRequest } from './scim-errors.js';
import { AttrDef, COMMON_ATTRIBUTES, CORE_GROUP, findAttr, groupSchema } from './scim-schemas.js';
import type { Projection } from './scim-user-mapping.js';

const GROUP_ATTRIBUTES: AttrDef[] = [...groupSchema.attributes, ...COMMON_ATTRIBUTES];
const CORE_PREFIX = `${CORE_GROUP.toLowerCase()}:`;

/** `urn:…:core:2.0:Group:displayName` → `displayName`; other names unchanged. */
export function stripGroupUrn(path: string): string {
  return path.toLowerCase().startsWith(CORE_PREFIX) ? path.slice(CORE_PREFIX.length) : path;
}

/**
 * The user ids in a members value: a list (or one) of `{value, $ref?, display?, type?}` in any
 * letter case, or bare id strings. `$ref` and `display` are ours to render and ignored.
 */
export function memberIdsOf(value: unknown, where: string): string[] {
  if (value === null || value === undefined) return [];
  const list = Array.isArray(value);
  return (list ? value : [value]).map((item: unknown, i: number) => {
    const at = list ? `${where}[${i}]` : where;
    if (typeof item === 'string') return item.trim();
    if (!isPlainObject(item)) throw badRequest('invalidValue', `"${at}" must be an object with the user id in "value"`);
    const get = (name: string) => item[Object.keys(item).find((k) => k.toLowerCase() === name) ?? name];
    const type = get('type');
    if (type !== undefined && type !== null && String(type).toLowerCase() !== 'user') {
      throw badRequest('invalidValue', `"${at}": only users can be members (nested groups are not supported)`);
    }
    const id = get('value');
    if (typeof id !== 'string' || id.trim() === '') throw badRequest('invalidValue', `"${at}.value" must be the id of a user`);
    return id.trim();
  });
}

export interface GroupBody {
  input: GroupInput;
  /** Attribute names we do not know and ignored (reported in the provisioning log). */
  ignored: string[];
}

/**
 * A POST/PUT body → domain input. `schemas` is not checked (Entra adds the legacy ADSCIM Group URN),
 * `id` and `meta` are server-controlled, unknown attributes are ignored and reported.
 */
export function groupBody(body: unknown): GroupBody {
  if (!isPlainObject(body)) throw badRequest('invalidSyntax', 'The request body must be a JSON object');
  const input: GroupInput = { attributes: {} };
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    const name = stripGroupUrn(key);
    const def = findAttr(GROUP_ATTRIBUTES, name);
    if (!def) {
      if (name.toLowerCase() !== 'schemas') ignored.push(key);
      continue;
    }
    switch (def.name) {
      case 'displayName':
      case 'externalId':
        if (value !== null && value !== undefined && typeof value !== 'string') throw badRequest('invalidValue', `"${def.name}" must be a string`);
        input[def.name] = value ?? undefined;
        break;
      case 'members':
        input.members = memberIdsOf(value, 'members');
        break;
      default: // id, meta
        break;
    }
  }
  return { input, ignored };
}

export function renderGroup(group: Group, members: MemberSummary[] | undefined, baseUrl: string): Record<string, unknown> {
  const resource: Record<string, unknown> = { schemas: [CORE_GROUP], id: group.id };
  if (group.externalId) resource.externalId = group.externalId;
  resource.displayName = group.displayName;
  for (const [k, v] of Object.entries(group.scim ?? {})) if (!(k in resource) && k !== 'members' && k !== 'meta') resource[k] = v;
  if (members) resource.members = members.map((m) => ({ value: m.id, $ref: `${baseUrl}/Users/${m.id}`, display: m.display }));
  resource.meta = {
    resourceType: 'Group',
    created: group.createdAt.toISOString(),
    lastModified: group.updatedAt.toISOString(),
    location: `${baseUrl}/Groups/${group.id}`,
    version: `W/"${group.version}"`,
  };
  return resource;
}

function resolve(path: string): { attr: string; sub?: string } | undefined {
  const [attrName, subName] = stripGroupUrn(path).split('.', 2);
  const def = findAttr(GROUP_ATTRIBUTES, attrName);
  if (!def) return undefined;
  const sub = subName !== undefined ? findAttr(def.subAttributes, subName) : undefined;
  if (subName !== undefined && !sub) return undefined;
  return { attr: def.name, sub: sub?.name };
}

/** Whether a response with this projection shows members (if not, they are not loaded). */
export function wantsMembers(projection: Projection): boolean {
  if (projection.attributes?.length) return projection.attributes.some((a) => resolve(a)?.attr === 'members');
  if (projection.excludedAttributes?.length) {
    return !projection.excludedAttributes.some((a) => {
      const p = resolve(a);
      return p?.attr === 'members' && !p.sub;
    });
  }
  return true;
}

/** `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5): `schemas` and `id` always stay; unknown names are ignored. */
export function projectGroup(resource: Record<string, unknown>, projection: Projection): Record<string, unknown> {
  if (projection.attributes?.length) {
    const out: Record<string, unknown> = { schemas: resource.schemas, id: resource.id };
    for (const raw of projection.attributes) {
      const p = resolve(raw);
      const value = p ? resource[p.attr] : undefined;
      if (!p || value === undefined) continue;
      if (!p.sub) out[p.attr] = value;
      else if (Array.isArray(value)) {
        const already = Array.isArray(out[p.attr]) ? (out[p.attr] as Record<string, unknown>[]) : value.map(() => ({}));
        out[p.attr] = value.map((e, i) => (isPlainObject(e) && e[p.sub!] !== undefined ? { ...already[i], [p.sub!]: e[p.sub!] } : already[i]));
      } else if (isPlainObject(value) && value[p.sub] !== undefined) {
        out[p.attr] = { ...((out[p.attr] as object) ?? {}), [p.sub]: value[p.sub] };
      }
    }
    return out;
  }
  if (projection.excludedAttributes?.length) {
    const out = structuredClone(resource);
    for (const raw of projection.excludedAttributes) {
      const p = resolve(raw);
      if (!p || p.attr === 'id') continue;
      const value = out[p.attr];
      if (!p.sub) delete out[p.attr];
      else if (Array.isArray(value)) value.forEach((e) => isPlainObject(e) && delete e[p.sub!]);
      else if (isPlainObject(value)) delete value[p.sub];
    }
    return out;
  }
  return resource;
}
