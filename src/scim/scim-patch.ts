// Applies a SCIM PATCH (RFC 7644 §3.5.2) to a canonical document, pure and in memory (one resource).
// Beyond the RFC it accepts what Entra and Okta send: `op` in any case, "True"/"False", attribute
// names in any case, path-less ops whose value keys are dotted (`name.givenName`) or URN-qualified
// paths, value-filter paths that create the entry they name when it does not exist yet
// (`addresses[type eq "work"].locality`), and manager as a string, object or one-element array.
import { Filter, parseFilter } from './filter/scim-filter-parser.js';
import { ScimDocument, canonicalValue, isPlainObject } from './scim-document.js';
import { badRequest, ScimError } from './scim-errors.js';
import { AttrDef, SchemaDef, findAttr, findExtension, splitExtensionPath } from './scim-schemas.js';

export type PatchOpName = 'add' | 'replace' | 'remove';

export interface PatchOperation {
  op: PatchOpName;
  path?: string;
  value?: unknown;
}

export interface PatchContext {
  core: SchemaDef;
  extensions: SchemaDef[];
  /** Common attributes (id, externalId, meta). */
  common: AttrDef[];
  /** The resource's current id: a path-less value carrying the same id (Okta) is harmless. */
  id?: string;
}

export interface PatchResult {
  doc: ScimDocument;
  /** Paths naming attributes we do not know; skipped, reported as warnings. */
  ignored: string[];
}

/** Validates the PatchOp message envelope and returns its operations with normalised `op`. */
export function parsePatchBody(body: unknown): PatchOperation[] {
  if (!isPlainObject(body)) throw badRequest('invalidSyntax', 'The request body must be a JSON object');
  const opsKey = Object.keys(body).find((k) => k.toLowerCase() === 'operations');
  const ops = opsKey ? body[opsKey] : undefined;
  if (!Array.isArray(ops) || ops.length === 0) {
    throw badRequest('invalidSyntax', 'A PATCH request needs a non-empty "Operations" array');
  }
  if (ops.length > 1000) throw badRequest('tooMany', 'A PATCH request may carry at most 1000 operations');
  return ops.map((raw, i) => {
    if (!isPlainObject(raw)) throw badRequest('invalidSyntax', `Operations[${i}] must be an object`);
    const get = (name: string) => raw[Object.keys(raw).find((k) => k.toLowerCase() === name) ?? name];
    const op = get('op');
    const opName = typeof op === 'string' ? op.trim().toLowerCase() : '';
    if (opName !== 'add' && opName !== 'replace' && opName !== 'remove') {
      throw badRequest('invalidSyntax', `Operations[${i}].op must be "add", "replace" or "remove"`);
    }
    const path = get('path');
    if (path !== undefined && path !== null && typeof path !== 'string') {
      throw badRequest('invalidPath', `Operations[${i}].path must be a string`);
    }
    return { op: opName, ...(typeof path === 'string' && path.trim() ? { path: path.trim() } : {}), value: get('value') };
  });
}

interface ParsedPath {
  schema: SchemaDef;
  /** Undefined when the path names a whole extension (`urn:…:enterprise:2.0:User`). */
  def?: AttrDef;
  filter?: Filter;
  sub?: AttrDef;
  text: string;
}

const PATH_RE = /^([A-Za-z$][\w$-]*)(?:\[(.*)\])?(?:\.([A-Za-z$][\w$-]*))?$/s;

/** Parses a PATCH path. Returns undefined for a well-formed path naming an unknown attribute. */
export function parsePatchPath(ctx: PatchContext, text: string): ParsedPath | undefined {
  const whole = findExtension(text);
  if (whole) return { schema: whole, text };
  let schema = ctx.core;
  let rest = text;
  const qualified = splitExtensionPath(text);
  if (qualified) {
    schema = qualified.schema;
    rest = qualified.rest;
  } else if (/^urn:/i.test(text)) {
    return undefined; // an extension we do not serve
  }
  const m = PATH_RE.exec(rest);
  if (!m) throw badRequest('invalidPath', `Invalid path "${text}"`);
  const [, attrName, filterText, subName] = m;
  let def =
    findAttr(schema.attributes, attrName) ?? (schema === ctx.core ? findAttr(ctx.common, attrName) : undefined);
  if (!def && !qualified) {
    // An unqualified name the core schema lacks, e.g. Entra's `manager[value eq "…"]`: use the one
    // extension that defines it (ambiguous names stay unknown).
    const owners = ctx.extensions.filter((e) => findAttr(e.attributes, attrName));
    if (owners.length === 1) {
      schema = owners[0];
      def = findAttr(schema.attributes, attrName);
    }
  }
  if (!def) return undefined;
  let filter: Filter | undefined;
  if (filterText !== undefined) {
    if (def.type !== 'complex') throw badRequest('invalidPath', `"${def.name}" has no sub-attributes to filter on`);
    try {
      filter = parseFilter(filterText);
    } catch (e) {
      throw badRequest('invalidPath', `Invalid filter in path "${text}": ${(e as Error).message}`);
    }
  }
  let sub: AttrDef | undefined;
  if (subName !== undefined) {
    sub = findAttr(def.subAttributes, subName);
    if (!sub) return undefined;
  }
  return { schema, def, filter, sub, text };
}

export function applyPatch(ctx: PatchContext, current: ScimDocument, ops: PatchOperation[]): PatchResult {
  const doc = structuredClone(current);
  const ignored: string[] = [];
  ops.forEach((op, i) => {
    try {
      if (op.path === undefined) applyPathless(ctx, doc, op, ignored);
      else applyWithPath(ctx, doc, op.op, op.path, op.value, ignored);
    } catch (e) {
      if (e instanceof ScimError) throw new ScimError(e.status, e.scimType, `Operations[${i}]: ${e.message}`);
      throw e;
    }
  });
  return { doc, ignored };
}

function applyPathless(ctx: PatchContext, doc: ScimDocument, op: PatchOperation, ignored: string[]): void {
  if (op.op === 'remove') throw badRequest('noTarget', 'A "remove" operation needs a path');
  if (!isPlainObject(op.value)) throw badRequest('invalidSyntax', `An "${op.op}" without a path needs an object value`);
  for (const [key, value] of Object.entries(op.value)) {
    const lower = key.toLowerCase();
    if (lower === 'schemas' || lower === 'meta') continue;
    if (lower === 'id') {
      if (value !== ctx.id) throw badRequest('mutability', '"id" is read-only');
      continue;
    }
    const ext = findExtension(key);
    if (ext) {
      if (value === null || value === undefined) continue;
      if (!isPlainObject(value)) throw badRequest('invalidSyntax', `"${ext.id}" must be an object`);
      for (const [k, v] of Object.entries(value)) applyWithPath(ctx, doc, op.op, `${ext.id}:${k}`, v, ignored);
      continue;
    }
    applyWithPath(ctx, doc, op.op, key, value, ignored);
  }
}

function containerFor(ctx: PatchContext, doc: ScimDocument, schema: SchemaDef, create: boolean): Record<string, unknown> | undefined {
  if (schema === ctx.core) return doc;
  const existing = doc[schema.id];
  if (isPlainObject(existing)) return existing;
  if (!create) return undefined;
  const fresh: Record<string, unknown> = {};
  doc[schema.id] = fresh;
  return fresh;
}

function dropEmptyExtensions(ctx: PatchContext, doc: ScimDocument): void {
  for (const ext of ctx.extensions) {
    const v = doc[ext.id];
    if (isPlainObject(v) && Object.keys(v).length === 0) delete doc[ext.id];
  }
}

function applyWithPath(
  ctx: PatchContext,
  doc: ScimDocument,
  op: PatchOpName,
  pathText: string,
  rawValue: unknown,
  ignored: string[],
): void {
  const path = parsePatchPath(ctx, pathText);
  if (!path) {
    ignored.push(pathText);
    return;
  }
  if (!path.def) {
    // The whole extension: `{"op":"add","path":"urn:…:enterprise:2.0:User","value":{…}}`.
    if (op === 'remove') {
      delete doc[path.schema.id];
      return;
    }
    if (!isPlainObject(rawValue)) throw badRequest('invalidValue', `"${path.schema.id}" must be an object`);
    for (const [k, v] of Object.entries(rawValue)) applyWithPath(ctx, doc, op, `${path.schema.id}:${k}`, v, ignored);
    return;
  }
  const def = path.def;
  if (def.returned === 'never') return; // password
  if (def.mutability === 'readOnly') {
    if (def.name === 'id' && rawValue === ctx.id) return;
    throw badRequest('mutability', `"${def.name}" is read-only`);
  }
  const container = containerFor(ctx, doc, path.schema, op !== 'remove');
  if (!container) return; // removing from an extension the resource does not have
  const where = path.schema === ctx.core ? def.name : `${path.schema.id}:${def.name}`;

  if (path.filter) applyFiltered(container, def, path.filter, path.sub, op, rawValue, where);
  else if (path.sub) applySub(container, def, path.sub, op, rawValue, where);
  else applyWhole(container, def, op, rawValue, where);
  dropEmptyExtensions(ctx, doc);
}

function applyWhole(container: Record<string, unknown>, def: AttrDef, op: PatchOpName, rawValue: unknown, where: string): void {
  if (op === 'remove') {
    // `remove` with a value list on a multi-valued attribute removes just those entries.
    if (def.multiValued && rawValue !== undefined && rawValue !== null && Array.isArray(container[def.name])) {
      const drop = (canonicalValue(def, rawValue, where) as unknown[]) ?? [];
      container[def.name] = (container[def.name] as unknown[]).filter((e) => !drop.some((d) => removes(d, e)));
      if ((container[def.name] as unknown[]).length === 0) delete container[def.name];
      return;
    }
    delete container[def.name];
    return;
  }
  const value = canonicalValue(def, rawValue, where);
  if (value === undefined) {
    // Replace with an empty value clears the attribute (Entra clears manager this way).
    if (op === 'replace') delete container[def.name];
    return;
  }
  if (def.multiValued) {
    const incoming = value as unknown[];
    if (op === 'replace' || !Array.isArray(container[def.name])) {
      container[def.name] = dedupe(incoming);
    } else {
      const merged = [...(container[def.name] as unknown[])];
      const added: unknown[] = [];
      for (const e of incoming) {
        const same = merged.find((m) => sameEntry(m, e));
        if (!same) merged.push(e);
        // Re-adding an existing value updates it (e.g. makes it primary) instead of being dropped.
        else if (isPlainObject(same) && isPlainObject(e)) Object.assign(same, { ...e, value: same.value });
        added.push(same ?? e);
      }
      container[def.name] = merged;
      fixPrimary(merged, added);
      return;
    }
    fixPrimary(container[def.name] as unknown[], incoming);
    if ((container[def.name] as unknown[]).length === 0) delete container[def.name];
    return;
  }
  if (def.type === 'complex' && isPlainObject(container[def.name]) && isPlainObject(value)) {
    // RFC 7644 §3.5.2.3: sub-attributes not in the value are left unchanged.
    container[def.name] = { ...(container[def.name] as object), ...value };
    return;
  }
  container[def.name] = value;
}

function applySub(container: Record<string, unknown>, def: AttrDef, sub: AttrDef, op: PatchOpName, rawValue: unknown, where: string): void {
  // Server-computed sub-attributes (manager.$ref, manager.displayName) are ignored, as on create.
  if (sub.mutability === 'readOnly') return;
  const value = op === 'remove' ? undefined : canonicalValue(sub, rawValue, `${where}.${sub.name}`);
  if (def.multiValued) {
    const list = Array.isArray(container[def.name]) ? (container[def.name] as Record<string, unknown>[]) : [];
    if (value === undefined) {
      list.forEach((e) => delete e[sub.name]);
    } else if (list.length === 0) {
      list.push({ [sub.name]: value });
    } else {
      list.forEach((e) => (e[sub.name] = value));
    }
    if (list.length) container[def.name] = list;
    return;
  }
  const obj = isPlainObject(container[def.name]) ? (container[def.name] as Record<string, unknown>) : {};
  if (value === undefined) delete obj[sub.name];
  else obj[sub.name] = value;
  if (Object.keys(obj).length) container[def.name] = obj;
  else delete container[def.name];
}

function applyFiltered(
  container: Record<string, unknown>,
  def: AttrDef,
  filter: Filter,
  sub: AttrDef | undefined,
  op: PatchOpName,
  rawValue: unknown,
  where: string,
): void {
  if (!def.multiValued) {
    // `manager[value eq "…"]`: a filter on a single complex attribute.
    const current = container[def.name];
    const matches = isPlainObject(current) && matchElement(filter, current, def);
    if (op === 'remove') {
      if (matches) {
        if (sub) applySub(container, def, sub, 'remove', undefined, where);
        else delete container[def.name];
      }
      return;
    }
    if (sub) applySub(container, def, sub, op, rawValue, where);
    else applyWhole(container, def, op, rawValue, where);
    return;
  }
  let list = Array.isArray(container[def.name]) ? (container[def.name] as Record<string, unknown>[]) : [];
  const matching = list.filter((e) => isPlainObject(e) && matchElement(filter, e, def));
  if (op === 'remove') {
    if (sub) matching.forEach((e) => delete e[sub.name]);
    else container[def.name] = list.filter((e) => !matching.includes(e));
    if ((container[def.name] as unknown[] | undefined)?.length === 0) delete container[def.name];
    return;
  }
  let targets = matching;
  if (targets.length === 0) {
    // Entra: a value-filter path whose entry does not exist yet creates it (seeded from the filter's `eq` terms).
    const seed = seedFromFilter(filter, def);
    if (!seed) throw badRequest('noTarget', `No value of "${where}" matches the filter, and the filter cannot describe a new one`);
    list.push(seed);
    targets = [seed];
  }
  if (sub) {
    const value = canonicalValue(sub, rawValue, `${where}.${sub.name}`);
    targets.forEach((e) => {
      if (value === undefined) delete e[sub.name];
      else e[sub.name] = value;
    });
    if (sub.name === 'primary' && value === true) fixPrimary(list, targets);
  } else {
    const value = canonicalValue({ ...def, multiValued: false }, rawValue, where);
    if (value === undefined) {
      if (op === 'replace') list = list.filter((e) => !targets.includes(e));
    } else if (isPlainObject(value)) {
      targets.forEach((e) => Object.assign(e, value));
      fixPrimary(list, isPlainObject(value) && value.primary === true ? targets : []);
    }
  }
  container[def.name] = list;
  if (list.length === 0) delete container[def.name];
}

/** The attributes an AND-only filter of `eq` terms pins down: `type eq "work"` → `{type: "work"}`. */
function seedFromFilter(filter: Filter, def: AttrDef): Record<string, unknown> | undefined {
  const seed: Record<string, unknown> = {};
  const visit = (f: Filter): boolean => {
    if (f.kind === 'and') return visit(f.left) && visit(f.right);
    if (f.kind === 'compare' && f.op === 'eq' && f.value !== null) {
      const sub = findAttr(def.subAttributes, f.path.sub ?? f.path.attr);
      if (!sub) return false;
      seed[sub.name] = canonicalValue(sub, f.value, sub.name);
      return true;
    }
    return false;
  };
  return visit(filter) ? seed : undefined;
}

/** Evaluates a value filter against one element of a multi-valued attribute (case rules of RFC 7643). */
export function matchElement(filter: Filter, elem: Record<string, unknown>, def: AttrDef): boolean {
  switch (filter.kind) {
    case 'and':
      return matchElement(filter.left, elem, def) && matchElement(filter.right, elem, def);
    case 'or':
      return matchElement(filter.left, elem, def) || matchElement(filter.right, elem, def);
    case 'not':
      return !matchElement(filter.filter, elem, def);
    case 'valuePath':
      throw badRequest('invalidPath', 'Value filters cannot be nested');
    case 'present':
    case 'compare': {
      const name = filter.path.sub && filter.path.attr.toLowerCase() === def.name.toLowerCase() ? filter.path.sub : filter.path.attr;
      const sub = findAttr(def.subAttributes, name);
      if (!sub) throw badRequest('invalidPath', `Unknown attribute "${def.name}.${name}" in filter`);
      const actual = elem[sub.name];
      if (filter.kind === 'present') return actual !== undefined && actual !== null && actual !== '';
      return compareValues(actual, filter.op, filter.value, sub);
    }
  }
}

function compareValues(actual: unknown, op: string, expected: unknown, def: AttrDef): boolean {
  if (expected === null) return op === 'eq' ? actual === undefined || actual === null : actual !== undefined && actual !== null;
  if (def.type === 'boolean') {
    const a = actual === true || (typeof actual === 'string' && actual.toLowerCase() === 'true');
    const e = expected === true || (typeof expected === 'string' && expected.toLowerCase() === 'true');
    return op === 'eq' ? a === e : op === 'ne' ? a !== e : false;
  }
  if (actual === undefined || actual === null) return op === 'ne';
  const ci = !def.caseExact;
  const a = ci ? String(actual).toLowerCase() : String(actual);
  const e = ci ? String(expected).toLowerCase() : String(expected);
  switch (op) {
    case 'eq':
      return a === e;
    case 'ne':
      return a !== e;
    case 'co':
      return a.includes(e);
    case 'sw':
      return a.startsWith(e);
    case 'ew':
      return a.endsWith(e);
    case 'gt':
      return a > e;
    case 'ge':
      return a >= e;
    case 'lt':
      return a < e;
    case 'le':
      return a <= e;
    default:
      return false;
  }
}

function sameEntry(a: unknown, b: unknown): boolean {
  if (isPlainObject(a) && isPlainObject(b) && 'value' in a && 'value' in b) {
    return String(a.value).toLowerCase() === String(b.value).toLowerCase() && (a.type ?? null) === (b.type ?? null);
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether `drop`, an entry of a `remove` value list, names `entry`: same value, and same type if it gives one. */
function removes(drop: unknown, entry: unknown): boolean {
  if (isPlainObject(drop) && isPlainObject(entry) && 'value' in drop && 'value' in entry && drop.type === undefined) {
    return String(drop.value).toLowerCase() === String(entry.value).toLowerCase();
  }
  return sameEntry(drop, entry);
}

function dedupe(list: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const e of list) if (!out.some((o) => sameEntry(o, e))) out.push(e);
  return out;
}

/** At most one entry may be primary (RFC 7643 §2.4): the newest primary wins. */
function fixPrimary(list: unknown[], newest: unknown[]): void {
  const winner = [...newest].reverse().find((e) => isPlainObject(e) && e.primary === true) ?? [...list].reverse().find((e) => isPlainObject(e) && e.primary === true);
  if (!winner) return;
  for (const e of list) if (isPlainObject(e) && e !== winner && e.primary === true) e.primary = false;
}
