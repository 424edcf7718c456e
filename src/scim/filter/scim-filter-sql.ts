// Translates a parsed SCIM filter into a parameterised SQL condition over one table row, so filters
// run in PostgreSQL (indexed where it matters) and never in memory. Attribute names are resolved
// against the served schemas, ignoring case; an unknown attribute is an `invalidFilter` error.
//
// Placeholders are `?` (knex style). Identifiers and JSON keys in the SQL come only from our schema
// definitions, never from the request.
import { badRequest } from '../scim-errors.js';
import { AttrDef, COMMON_ATTRIBUTES, SchemaDef, findAttr } from '../scim-schemas.js';
import { AttrPath, CompareOp, CompareValue, Filter, parseAttrPath } from './scim-filter-parser.js';

export interface SqlFragment {
  sql: string;
  params: unknown[];
}

export type ColumnType = 'text' | 'uuid' | 'boolean' | 'timestamptz';

export interface ColumnSpec {
  /** SQL expression for the attribute, e.g. `p.user_name`. */
  sql: string;
  type: ColumnType;
}

/** A multi-valued attribute kept in a table of its own rather than in the document. */
export interface RelatedValues {
  /** The table and its alias, e.g. `group_member gm`. */
  from: string;
  /** Ties its rows to the filtered row, e.g. `gm.group_id = g.id`. */
  join: string;
  /** The sub-attributes that can be filtered on, by canonical name, e.g. `value` → `gm.person_id`. */
  columns: Record<string, ColumnSpec>;
}

/** How one resource type's attributes map onto its table. */
export interface FilterTarget {
  /** The core schema first, then its extensions. */
  schemas: SchemaDef[];
  /** The JSONB column holding the canonical SCIM document. */
  docColumn: string;
  /** Column overrides, keyed by canonical path: `userName`, `meta.created`, `urn:…:User:department`. */
  columns: Record<string, ColumnSpec>;
  /**
   * For `eq` on a multi-valued sub-attribute (`emails.value`): a text[] column of the lower-cased
   * values, used as an indexed pre-filter before the exact EXISTS check (GIN index).
   */
  lowerValueArrays?: Record<string, string>;
  /**
   * Multi-valued attributes stored in another table, by canonical name (Group `members` in
   * `group_member`): a condition on one becomes an EXISTS over that table (indexed), not a JSONB scan.
   */
  related?: Record<string, RelatedValues>;
}

export interface ResolvedAttr {
  schema?: SchemaDef; // undefined for common attributes (id, externalId, meta)
  def: AttrDef;
  sub?: AttrDef;
  /** Canonical key, e.g. `name.givenName` or `urn:…:enterprise:2.0:User:manager.value`. */
  key: string;
}

/** Resolves a filter/sort path against the target's schemas, or throws invalidFilter. */
export function resolveAttr(target: FilterTarget, path: AttrPath, errorType: 'invalidFilter' | 'invalidValue' = 'invalidFilter'): ResolvedAttr {
  const written = `${path.uri ? path.uri + ':' : ''}${path.attr}${path.sub ? '.' + path.sub : ''}`;
  let schema: SchemaDef | undefined;
  let def: AttrDef | undefined;
  if (path.uri) {
    schema = target.schemas.find((s) => s.id.toLowerCase() === path.uri!.toLowerCase());
    if (!schema) throw badRequest(errorType, `Unknown schema "${path.uri}" in "${written}"`);
    def = findAttr(schema.attributes, path.attr);
    if (!def && schema === target.schemas[0]) def = findAttr(COMMON_ATTRIBUTES, path.attr);
  } else {
    def = findAttr(COMMON_ATTRIBUTES, path.attr);
    if (!def) {
      // Core attributes first; an extension attribute written without its URN is accepted when unambiguous.
      for (const s of target.schemas) {
        def = findAttr(s.attributes, path.attr);
        if (def) {
          schema = s;
          break;
        }
      }
    }
  }
  if (!def || def.returned === 'never') throw badRequest(errorType, `Unknown attribute "${written}"`);
  let sub: AttrDef | undefined;
  if (path.sub) {
    sub = findAttr(def.subAttributes, path.sub);
    if (!sub) throw badRequest(errorType, `Unknown attribute "${written}"`);
  }
  const prefix = schema && schema !== target.schemas[0] ? `${schema.id}:` : '';
  return { schema, def, sub, key: `${prefix}${def.name}${sub ? '.' + sub.name : ''}` };
}

class Compiler {
  readonly params: unknown[] = [];
  private aliasCount = 0;
  constructor(private readonly target: FilterTarget) {}

  private param(v: unknown): string {
    this.params.push(v);
    return '?';
  }

  /** JSON path expression into the document, as jsonb (`->`) for the given canonical parts. */
  private docJson(r: ResolvedAttr): string {
    const keys: string[] = [];
    if (r.schema && r.schema !== this.target.schemas[0]) keys.push(r.schema.id);
    keys.push(r.def.name);
    return `${this.target.docColumn}${keys.map((k) => `->'${k}'`).join('')}`;
  }

  compile(f: Filter): string {
    switch (f.kind) {
      case 'and':
      case 'or':
        return `(${this.compile(f.left)} ${f.kind.toUpperCase()} ${this.compile(f.right)})`;
      case 'not':
        // NOT over a NULL comparison would be NULL; coalesce so `not (title eq "x")` matches people without a title.
        return `(NOT COALESCE(${this.compile(f.filter)}, false))`;
      case 'present':
      case 'compare':
        return this.compileAttrCondition(f);
      case 'valuePath': {
        const r = resolveAttr(this.target, f.path);
        if (r.sub) throw badRequest('invalidFilter', `A value filter must follow a multi-valued attribute, not "${r.key}"`);
        if (r.def.type !== 'complex') throw badRequest('invalidFilter', `"${r.def.name}" has no sub-attributes to filter on`);
        const related = this.target.related?.[r.key];
        if (related) return `EXISTS (SELECT 1 FROM ${related.from} WHERE ${related.join} AND ${this.compileRelated(f.filter, r, related)})`;
        if (!r.def.multiValued) {
          // A value filter on a single complex attribute (`manager[value eq "…"]`): test that object.
          return `COALESCE(${this.compileElement(f.filter, r, this.docJson(r))}, false)`;
        }
        const alias = `e${++this.aliasCount}`;
        // Indexed pre-filter: `emails[… and value eq "x"]` needs "x" among the lower-cased values.
        const preColumn = this.target.lowerValueArrays?.[`${r.key}.value`];
        const eqValue = preColumn ? conjunctEq(f.filter, 'value') : undefined;
        // Lower-cased here exactly as the column's values were (String.prototype.toLowerCase), not by
        // PostgreSQL's lower(), which differs for some characters (`İ`) and, under the C locale, for all non-ASCII.
        const pre = eqValue !== undefined ? `${preColumn} @> ARRAY[${this.param(eqValue.toLowerCase())}]::text[] AND ` : '';
        return `(${pre}EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(${this.docJson(r)}) = 'array' THEN ${this.docJson(r)} ELSE '[]'::jsonb END) AS ${alias}(v) WHERE ${this.compileElement(f.filter, r, `${alias}.v`)}))`;
      }
    }
  }

  /** The sub-attribute of `parent` a path inside `parent[…]` names: `type`, or also `emails.type` inside `emails[…]`. */
  private elementSub(path: AttrPath, parent: ResolvedAttr): AttrDef {
    let name = path.attr;
    if (path.sub && path.attr.toLowerCase() === parent.def.name.toLowerCase()) name = path.sub;
    else if (path.sub || path.uri) throw badRequest('invalidFilter', `"${path.attr}" is not a sub-attribute of "${parent.def.name}"`);
    const sub = findAttr(parent.def.subAttributes, name);
    if (!sub) throw badRequest('invalidFilter', `Unknown attribute "${parent.def.name}.${name}"`);
    return sub;
  }

  /** A filter inside `attr[…]` for an attribute in another table: sub-attributes are that table's columns. */
  private compileRelated(f: Filter, parent: ResolvedAttr, related: RelatedValues): string {
    switch (f.kind) {
      case 'and':
      case 'or':
        return `(${this.compileRelated(f.left, parent, related)} ${f.kind.toUpperCase()} ${this.compileRelated(f.right, parent, related)})`;
      case 'not':
        return `(NOT COALESCE(${this.compileRelated(f.filter, parent, related)}, false))`;
      case 'valuePath':
        throw badRequest('invalidFilter', 'Value filters cannot be nested');
      case 'present':
      case 'compare': {
        const sub = this.elementSub(f.path, parent);
        const column = related.columns[sub.name];
        if (!column) throw badRequest('invalidFilter', `Filtering on "${parent.def.name}.${sub.name}" is not supported`);
        if (f.kind === 'present') return `(${column.sql} IS NOT NULL)`;
        return this.compareColumn(column, { ...parent, sub, key: `${parent.key}.${sub.name}` }, f.op, f.value);
      }
    }
  }

  /** A filter inside `attr[…]`: paths name sub-attributes of `parent`, evaluated on `elem` (jsonb). */
  private compileElement(f: Filter, parent: ResolvedAttr, elem: string): string {
    switch (f.kind) {
      case 'and':
      case 'or':
        return `(${this.compileElement(f.left, parent, elem)} ${f.kind.toUpperCase()} ${this.compileElement(f.right, parent, elem)})`;
      case 'not':
        return `(NOT COALESCE(${this.compileElement(f.filter, parent, elem)}, false))`;
      case 'valuePath':
        throw badRequest('invalidFilter', 'Value filters cannot be nested');
      case 'present':
      case 'compare': {
        const sub = this.elementSub(f.path, parent);
        const expr = `(${elem}->>'${sub.name}')`;
        if (f.kind === 'present') return `(${expr} IS NOT NULL AND ${expr} <> '')`;
        return this.compareText(expr, sub, f.op, f.value);
      }
    }
  }

  private compileAttrCondition(f: Extract<Filter, { kind: 'present' | 'compare' }>): string {
    const r = resolveAttr(this.target, f.path);
    const column = this.target.columns[r.key];
    if (column) {
      if (f.kind === 'present') {
        return column.type === 'text' ? `(${column.sql} IS NOT NULL AND ${column.sql} <> '')` : `(${column.sql} IS NOT NULL)`;
      }
      return this.compareColumn(column, r, f.op, f.value);
    }
    const leaf = r.sub ?? r.def;
    if (r.def.multiValued) {
      // `emails pr`, `emails eq "x"` (the value sub-attribute) or `emails.value co "x"`: some element matches.
      const subName = r.sub?.name ?? 'value';
      if (f.kind === 'present' && !r.sub) {
        const related = this.target.related?.[r.key];
        if (related) return `EXISTS (SELECT 1 FROM ${related.from} WHERE ${related.join})`;
        // CASE, not AND: PostgreSQL does not promise to test the type before taking the length.
        return `COALESCE(CASE WHEN jsonb_typeof(${this.docJson(r)}) = 'array' THEN jsonb_array_length(${this.docJson(r)}) > 0 END, false)`;
      }
      const subDef = findAttr(r.def.subAttributes, subName);
      if (!subDef) throw badRequest('invalidFilter', `"${r.def.name}" cannot be compared directly; name a sub-attribute`);
      const synthetic: Filter =
        f.kind === 'present'
          ? { kind: 'present', path: { attr: subDef.name } }
          : { kind: 'compare', path: { attr: subDef.name }, op: f.op, value: f.value };
      return this.compile({ kind: 'valuePath', path: pathOf(r), filter: synthetic });
    }
    if (leaf.type === 'complex') {
      if (f.kind === 'present') return `(${this.docJson(r)} IS NOT NULL AND ${this.docJson(r)} <> 'null'::jsonb)`;
      throw badRequest('invalidFilter', `"${r.key}" is complex; compare one of its sub-attributes`);
    }
    const expr = r.sub ? `(${this.docJson(r)}->>'${r.sub.name}')` : `(${this.docJson(r).replace(/->'([^']*)'$/, "->>'$1'")})`;
    if (f.kind === 'present') return `(${expr} IS NOT NULL AND ${expr} <> '')`;
    return this.compareText(expr, leaf, f.op, f.value);
  }

  private compareColumn(col: ColumnSpec, r: ResolvedAttr, op: CompareOp, value: CompareValue): string {
    const leaf = r.sub ?? r.def;
    if (value === null) return this.compareNull(col.sql, op, r.key);
    switch (col.type) {
      case 'text':
        return this.compareText(col.sql, leaf, op, value);
      case 'boolean': {
        const b = toBoolean(value, r.key);
        if (op === 'eq') return `(${col.sql} = ${this.param(b)})`;
        if (op === 'ne') return `(${col.sql} IS DISTINCT FROM ${this.param(b)})`;
        throw badRequest('invalidFilter', `Operator "${op}" is not supported on boolean attribute "${r.key}"`);
      }
      case 'uuid': {
        const s = String(value);
        const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
        if (op === 'eq') return isUuid ? `(${col.sql} = ${this.param(s.toLowerCase())}::uuid)` : 'false';
        if (op === 'ne') return isUuid ? `(${col.sql} IS DISTINCT FROM ${this.param(s.toLowerCase())}::uuid)` : `(${col.sql} IS NOT NULL)`;
        return this.compareText(`(${col.sql}::text)`, { ...leaf, caseExact: false }, op, s);
      }
      case 'timestamptz': {
        if (typeof value !== 'string' || !isDateTime(value)) {
          throw badRequest('invalidFilter', `"${r.key}" needs a date-time value such as "2024-01-31T12:00:00Z"`);
        }
        const sqlOp = SQL_ORDER_OPS[op];
        if (op === 'eq') return `(${col.sql} = ${this.param(value)}::timestamptz)`;
        if (op === 'ne') return `(${col.sql} IS DISTINCT FROM ${this.param(value)}::timestamptz)`;
        if (!sqlOp) throw badRequest('invalidFilter', `Operator "${op}" is not supported on date-time attribute "${r.key}"`);
        return `(${col.sql} ${sqlOp} ${this.param(value)}::timestamptz)`;
      }
    }
  }

  private compareNull(expr: string, op: CompareOp, key: string): string {
    if (op === 'eq') return `(${expr} IS NULL)`;
    if (op === 'ne') return `(${expr} IS NOT NULL)`;
    throw badRequest('invalidFilter', `Operator "${op}" cannot compare "${key}" with null`);
  }

  /** Compares a text expression; case-insensitive unless the attribute is caseExact (RFC 7643 §2.2). */
  private compareText(expr: string, def: AttrDef, op: CompareOp, value: CompareValue): string {
    if (value === null) return this.compareNull(expr, op, def.name);
    if (def.type === 'boolean') {
      const b = String(toBoolean(value, def.name));
      if (op === 'eq') return `(${expr} = ${this.param(b)})`;
      if (op === 'ne') return `(${expr} IS DISTINCT FROM ${this.param(b)})`;
      throw badRequest('invalidFilter', `Operator "${op}" is not supported on boolean attribute "${def.name}"`);
    }
    const ci = !def.caseExact;
    const lhs = ci ? `lower(${expr})` : expr;
    const val = String(value);
    const rhs = () => (ci ? `lower(${this.param(val)})` : this.param(val));
    switch (op) {
      case 'eq':
        return `(${lhs} = ${rhs()})`;
      case 'ne':
        return `(${lhs} IS DISTINCT FROM ${rhs()})`;
      case 'co':
        return `(${lhs} LIKE ${this.param('%' + escapeLike(ci ? val.toLowerCase() : val) + '%')})`;
      case 'sw':
        return `(${lhs} LIKE ${this.param(escapeLike(ci ? val.toLowerCase() : val) + '%')})`;
      case 'ew':
        return `(${lhs} LIKE ${this.param('%' + escapeLike(ci ? val.toLowerCase() : val))})`;
      default:
        return `(${lhs} ${SQL_ORDER_OPS[op]} ${rhs()} COLLATE "C")`;
    }
  }
}

/** The string of an `<sub> eq "…"` term that must hold for the whole filter (AND-ed at the top). */
function conjunctEq(f: Filter, sub: string): string | undefined {
  if (f.kind === 'and') return conjunctEq(f.left, sub) ?? conjunctEq(f.right, sub);
  if (f.kind === 'compare' && f.op === 'eq' && typeof f.value === 'string') {
    const name = (f.path.sub ?? f.path.attr).toLowerCase();
    if (name === sub) return f.value;
  }
  return undefined;
}

// ISO 8601 / xsd:dateTime as SCIM sends it (RFC 7643 §2.3.5), also date-only and a space for `T`.
// Checked strictly because Date.parse accepts text PostgreSQL rejects ("1", "2024-02-30"), which
// would fail the query with a 500 instead of answering invalidFilter.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:[Zz]|[+-](\d{2})(?::?(\d{2}))?)?)?$/;

function isDateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, sec, oh, om] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return y >= 1 && days !== undefined && d >= 1 && d <= days && h <= 23 && mi <= 59 && sec <= 59 && oh <= 15 && om <= 59;
}

const SQL_ORDER_OPS: Partial<Record<CompareOp, string>> = { gt: '>', ge: '>=', lt: '<', le: '<=' };

function pathOf(r: ResolvedAttr): AttrPath {
  return { ...(r.schema && !r.key.startsWith(r.def.name) ? { uri: r.schema.id } : {}), attr: r.def.name };
}

function toBoolean(value: CompareValue, key: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw badRequest('invalidFilter', `"${key}" is boolean; compare it with true or false`);
}

/** Escapes LIKE wildcards; PostgreSQL's default LIKE escape character is backslash. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (m) => '\\' + m);
}

export function compileFilter(target: FilterTarget, filter: Filter): SqlFragment {
  const c = new Compiler(target);
  const sql = c.compile(filter);
  return { sql, params: c.params };
}

/** Resolves `sortBy` to an SQL expression (single-valued attributes, or a multi-valued one's primary value). */
export function sortExpression(target: FilterTarget, sortBy: string): string {
  const r = resolveAttr(target, parseSortPath(sortBy), 'invalidValue');
  const column = target.columns[r.key] ?? (r.def.multiValued ? target.columns[`${r.def.name}.primaryValue`] : undefined);
  if (column) return column.type === 'text' ? `lower(${column.sql})` : column.sql;
  const leaf = r.sub ?? r.def;
  if (r.def.multiValued || leaf.type === 'complex') {
    throw badRequest('invalidValue', `Cannot sort by "${sortBy}"`);
  }
  const keys = [...(r.schema && r.schema !== target.schemas[0] ? [r.schema.id] : []), r.def.name, ...(r.sub ? [r.sub.name] : [])];
  const last = keys.pop()!;
  return `lower(${target.docColumn}${keys.map((k) => `->'${k}'`).join('')}->>'${last}')`;
}

function parseSortPath(sortBy: string): AttrPath {
  try {
    return parseAttrPath(sortBy);
  } catch {
    throw badRequest('invalidValue', `Invalid sortBy "${sortBy}"`);
  }
}
