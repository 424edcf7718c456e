// Person ⇄ SCIM User resource. Pure: rendering takes everything it needs as arguments.
import type { ManagerSummary as DomainManagerSummary, PersonRecord } from '../domain/person/person.service.js';
import { isPlainObject } from './scim-document.js';
import { ALL_USER_SCHEMAS, AttrDef, COMMON_ATTRIBUTES, CORE_USER, ENTERPRISE_USER, USER_EXTENSIONS, findAttr, splitExtensionPath, findExtension } from './scim-schemas.js';

/** What rendering needs of a manager (the domain's summary carries more). */
export type ManagerSummary = Pick<DomainManagerSummary, 'id' | 'displayName'>;

export interface RenderContext {
  /** `…/scim/v2`, without a trailing slash. */
  baseUrl: string;
  managers: Map<string, ManagerSummary>;
}

export function renderUser(person: PersonRecord, ctx: RenderContext): Record<string, unknown> {
  const doc = structuredClone(person.scim) as Record<string, unknown>;
  delete doc.password;
  const resource: Record<string, unknown> = { schemas: [CORE_USER], id: person.id };
  if (person.externalId) resource.externalId = person.externalId;
  resource.userName = person.userName;
  for (const [k, v] of Object.entries(doc)) {
    if (k === 'externalId' || k === 'userName' || k.startsWith('urn:')) continue;
    resource[k] = v;
  }
  resource.active = person.active;

  for (const ext of USER_EXTENSIONS) {
    const data = isPlainObject(doc[ext.id]) ? { ...(doc[ext.id] as Record<string, unknown>) } : undefined;
    if (ext.id === ENTERPRISE_USER && person.managerRefKind === 'id' && person.managerRef) {
      // Always an object, never a bare string: Entra's parser breaks on a string.
      const managerId = person.managerId;
      const summary = managerId ? ctx.managers.get(managerId) : undefined;
      const manager: Record<string, unknown> = { value: managerId ?? person.managerRef };
      if (managerId) manager.$ref = `${ctx.baseUrl}/Users/${managerId}`;
      if (summary?.displayName) manager.displayName = summary.displayName;
      const target = data ?? {};
      target.manager = manager;
      resource[ext.id] = target;
      continue;
    }
    if (data && Object.keys(data).length) resource[ext.id] = data;
  }
  resource.schemas = [CORE_USER, ...USER_EXTENSIONS.filter((e) => resource[e.id] !== undefined).map((e) => e.id)];
  resource.meta = {
    resourceType: 'User',
    created: person.createdAt.toISOString(),
    lastModified: person.updatedAt.toISOString(),
    location: `${ctx.baseUrl}/Users/${person.id}`,
    version: `W/"${person.version}"`,
  };
  return resource;
}

/** `schemas` names the core schema and only the extensions the (projected) resource still carries. */
function withSchemasOfPresentExtensions(resource: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(resource.schemas)) return resource;
  const present = USER_EXTENSIONS.filter((e) => resource[e.id] !== undefined).map((e) => e.id);
  return { ...resource, schemas: [CORE_USER, ...present] };
}

export interface Projection {
  attributes?: string[];
  excludedAttributes?: string[];
}

/** Parses a comma-separated `attributes`/`excludedAttributes` parameter. */
export function parseAttributeList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value.map(String) : String(value).split(',');
  const out = list.map((s) => s.trim()).filter(Boolean);
  return out.length ? out : undefined;
}

interface ProjectionPath {
  container: string | null; // null = core (top level), else extension URN
  attr?: string; // undefined = the whole extension
  sub?: string;
}

function resolveProjectionPath(path: string): ProjectionPath | undefined {
  const whole = findExtension(path);
  if (whole) return { container: whole.id };
  let container: string | null = null;
  let rest = path;
  let attrs: AttrDef[] = [...ALL_USER_SCHEMAS[0].attributes, ...COMMON_ATTRIBUTES];
  const q = splitExtensionPath(path);
  if (q) {
    container = q.schema.id === CORE_USER ? null : q.schema.id;
    rest = q.rest;
    attrs = q.schema.id === CORE_USER ? attrs : q.schema.attributes;
  }
  const [attrName, subName] = rest.split('.', 2);
  const def = findAttr(attrs, attrName);
  if (!def) return undefined;
  const sub = subName ? findAttr(def.subAttributes, subName) : undefined;
  if (subName && !sub) return undefined;
  return { container, attr: def.name, sub: sub?.name };
}

/**
 * Applies `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5). `id` and `schemas` are always
 * returned; unknown names are ignored, as the RFC allows.
 */
export function projectResource(resource: Record<string, unknown>, projection: Projection): Record<string, unknown> {
  if (projection.attributes?.length) {
    const out: Record<string, unknown> = { schemas: resource.schemas, id: resource.id };
    for (const raw of projection.attributes) {
      const p = resolveProjectionPath(raw);
      if (!p) continue;
      const from = p.container ? (resource[p.container] as Record<string, unknown> | undefined) : resource;
      if (!from) continue;
      const into = p.container ? ((out[p.container] as Record<string, unknown> | undefined) ?? (out[p.container] = {})) as Record<string, unknown> : out;
      if (!p.attr) {
        Object.assign(into, from);
        continue;
      }
      const value = from[p.attr];
      if (value === undefined) continue;
      if (!p.sub) into[p.attr] = value;
      else if (Array.isArray(value)) {
        into[p.attr] = value.map((e) => (isPlainObject(e) && e[p.sub!] !== undefined ? { [p.sub!]: e[p.sub!] } : {}));
      } else if (isPlainObject(value) && value[p.sub] !== undefined) {
        into[p.attr] = { ...((into[p.attr] as object) ?? {}), [p.sub]: value[p.sub] };
      }
    }
    for (const ext of USER_EXTENSIONS) if (isPlainObject(out[ext.id]) && !Object.keys(out[ext.id] as object).length) delete out[ext.id];
    return withSchemasOfPresentExtensions(out);
  }
  if (projection.excludedAttributes?.length) {
    const out = structuredClone(resource);
    for (const raw of projection.excludedAttributes) {
      const p = resolveProjectionPath(raw);
      if (!p || (p.container === null && (p.attr === 'id' || p.attr === 'schemas'))) continue;
      const from = p.container ? (out[p.container] as Record<string, unknown> | undefined) : out;
      if (!from) continue;
      if (!p.attr) delete out[p.container!];
      else if (!p.sub) delete from[p.attr];
      else if (Array.isArray(from[p.attr])) (from[p.attr] as unknown[]).forEach((e) => isPlainObject(e) && delete e[p.sub!]);
      else if (isPlainObject(from[p.attr])) delete (from[p.attr] as Record<string, unknown>)[p.sub];
    }
    return withSchemasOfPresentExtensions(out);
  }
  return resource;
}
