// Turns a SCIM resource body, as identity providers really send it, into the canonical document
// Orgraph stores: attribute names in their schema spelling whatever the case they arrived in,
// extensions under their canonical URN (even when the URN is missing from `schemas`, or written as
// `…:enterprise:2.0User`), URN-qualified attribute keys folded into their extension, "True"/"False"
// as booleans, single values for multi-valued attributes wrapped in arrays, nulls dropped, and
// `password` (and any other never-returned attribute) discarded.
import { badRequest } from './scim-errors.js';
import { AttrDef, SchemaDef, findAttr, findExtension, splitExtensionPath } from './scim-schemas.js';

export type ScimDocument = Record<string, unknown>;

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses "true"/"false" in any case, as Entra sends them before `aadOptscim062020`. */
export function coerceBoolean(v: unknown, where: string): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
  throw badRequest('invalidValue', `"${where}" must be a boolean (true or false)`);
}

/** Canonicalises one attribute value against its definition. `undefined` means "no value". */
export function canonicalValue(def: AttrDef, v: unknown, where: string): unknown {
  if (v === null || v === undefined) return undefined;
  if (def.multiValued) {
    const items = Array.isArray(v) ? v : [v];
    const out = items
      .map((item, i) => canonicalSingle(def, item, `${where}[${i}]`))
      .filter((item) => item !== undefined);
    return out;
  }
  if (Array.isArray(v)) {
    // A single-valued attribute sent as a one-element array (Entra's old manager form).
    if (v.length === 0) return undefined;
    if (v.length === 1) return canonicalSingle(def, v[0], where);
    throw badRequest('invalidValue', `"${where}" takes a single value, not a list`);
  }
  return canonicalSingle(def, v, where);
}

function canonicalSingle(def: AttrDef, v: unknown, where: string): unknown {
  if (v === null || v === undefined) return undefined;
  switch (def.type) {
    case 'boolean':
      return coerceBoolean(v, where);
    case 'integer':
    case 'decimal':
      if (typeof v === 'number') return v;
      if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
      throw badRequest('invalidValue', `"${where}" must be a number`);
    case 'complex': {
      if (!isPlainObject(v)) {
        // `manager: "<id>"` and `emails: ["a@b"]`: a bare value stands for the `value` sub-attribute.
        if ((typeof v === 'string' || typeof v === 'number') && findAttr(def.subAttributes, 'value')) {
          return v === '' ? undefined : { value: String(v) };
        }
        throw badRequest('invalidValue', `"${where}" must be an object`);
      }
      const out: Record<string, unknown> = {};
      for (const [k, sv] of Object.entries(v)) {
        const sub = findAttr(def.subAttributes, k);
        if (!sub) continue; // unknown sub-attributes are ignored, as RFC 7644 §3.3 allows
        if (sub.mutability === 'readOnly') continue; // e.g. manager.$ref/displayName: ours to render, never stored
        const cv = canonicalValue(sub, sv, `${where}.${sub.name}`);
        if (cv !== undefined) out[sub.name] = cv;
      }
      return Object.keys(out).length ? out : undefined;
    }
    default:
      if (typeof v === 'string') return v;
      if (typeof v === 'number' || typeof v === 'boolean') return String(v);
      throw badRequest('invalidValue', `"${where}" must be a string`);
  }
}

export interface CanonicalResult {
  doc: ScimDocument;
  /** Attribute names we do not know and ignored (reported in the provisioning log). */
  ignored: string[];
}

/**
 * Canonicalises a whole resource body (POST/PUT). Server-controlled keys (`schemas`, `id`, `meta`) and
 * never-returned attributes (`password`) are dropped here.
 */
export function canonicalResource(core: SchemaDef, body: unknown, common: AttrDef[]): CanonicalResult {
  if (!isPlainObject(body)) throw badRequest('invalidSyntax', 'The request body must be a JSON object');
  const doc: ScimDocument = {};
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    const lower = key.toLowerCase();
    if (lower === 'schemas' || lower === 'id' || lower === 'meta') continue;
    const ext = findExtension(key);
    if (ext && ext.id !== core.id) {
      if (value === null || value === undefined) continue;
      if (!isPlainObject(value)) throw badRequest('invalidSyntax', `"${ext.id}" must be an object`);
      const into = (doc[ext.id] as Record<string, unknown> | undefined) ?? {};
      for (const [k, v] of Object.entries(value)) setAttribute(into, ext, k, v, ignored, `${ext.id}:`);
      if (Object.keys(into).length) doc[ext.id] = into;
      continue;
    }
    const qualified = splitExtensionPath(key);
    if (qualified) {
      // `"urn:…:haystack:1.0:User:locality": "Berlin"` at the top level.
      const { schema, rest } = qualified;
      const target = schema.id === core.id ? doc : ((doc[schema.id] as Record<string, unknown> | undefined) ?? {});
      setAttribute(target, schema, rest, value, ignored, schema.id === core.id ? '' : `${schema.id}:`);
      if (schema.id !== core.id && Object.keys(target).length) doc[schema.id] = target;
      continue;
    }
    if (/^urn:/i.test(key)) {
      ignored.push(key);
      continue;
    }
    const commonDef = findAttr(common, key);
    if (commonDef) {
      const cv = canonicalValue(commonDef, value, commonDef.name);
      if (cv !== undefined) doc[commonDef.name] = cv;
      continue;
    }
    setAttribute(doc, core, key, value, ignored, '');
  }
  return { doc, ignored };
}

/** Sets `name` or `name.sub` (any case) of `schema` into `into`; unknown names go to `ignored`. */
function setAttribute(
  into: Record<string, unknown>,
  schema: SchemaDef,
  name: string,
  value: unknown,
  ignored: string[],
  prefix: string,
): void {
  const [attrName, subName] = name.split('.', 2);
  const def = findAttr(schema.attributes, attrName);
  if (!def) {
    ignored.push(prefix + name);
    return;
  }
  if (def.returned === 'never') return; // password: accepted, never stored
  if (subName !== undefined) {
    const sub = def.multiValued ? undefined : findAttr(def.subAttributes, subName);
    if (!sub) {
      ignored.push(prefix + name);
      return;
    }
    const cv = canonicalValue(sub, value, `${prefix}${def.name}.${sub.name}`);
    const parent = isPlainObject(into[def.name]) ? (into[def.name] as Record<string, unknown>) : {};
    if (cv === undefined) delete parent[sub.name];
    else parent[sub.name] = cv;
    if (Object.keys(parent).length) into[def.name] = parent;
    else delete into[def.name];
    return;
  }
  const cv = canonicalValue(def, value, prefix + def.name);
  // An empty list is the same state as no value (RFC 7643 §2.5): store neither, as PATCH does.
  if (cv === undefined || (Array.isArray(cv) && cv.length === 0)) delete into[def.name];
  else into[def.name] = cv;
}
