// Parser for the SCIM filter grammar (RFC 7644 §3.4.2.2) into an AST, plus the quirks identity
// providers send: operators and keywords in any letter case, unquoted values (`externalId eq jyoung`,
// seen from Entra), `True`/`False`, and a value path followed by a sub-attribute comparison
// (`emails[type eq "work"].value eq "x"`), which means "some element matches both".
//
// Hand-written on purpose: the maintained npm parsers we tried (scim2-parse-filter 0.2) reject
// unquoted values and turn `emails[type eq "work"].value eq "x"` into two independent conditions,
// which matches users whose *work* email differs from x as long as *some* email is x.
import { badRequest } from '../scim-errors.js';

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
export type CompareValue = string | number | boolean | null;

/** `urn:…:User:attr.sub` → { uri, attr, sub }. `uri` is kept as written; resolution happens later. */
export interface AttrPath {
  uri?: string;
  attr: string;
  sub?: string;
}

export type Filter =
  | { kind: 'compare'; path: AttrPath; op: CompareOp; value: CompareValue }
  | { kind: 'present'; path: AttrPath }
  | { kind: 'and' | 'or'; left: Filter; right: Filter }
  | { kind: 'not'; filter: Filter }
  /** Some element of the multi-valued `path` matches `filter` (paths inside are element-relative). */
  | { kind: 'valuePath'; path: AttrPath; filter: Filter };

const COMPARE_OPS = new Set<CompareOp>(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);

type Token =
  | { t: 'word'; v: string; pos: number }
  | { t: 'string'; v: string; pos: number }
  | { t: '(' | ')' | '[' | ']'; pos: number }
  | { t: 'end'; pos: number };

export const MAX_FILTER_LENGTH = 4096;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '(' || c === ')' || c === '[' || c === ']') {
      tokens.push({ t: c, pos: i });
      i++;
    } else if (c === '"') {
      // A JSON string: find the closing quote, honouring backslash escapes, then let JSON decode it.
      let j = i + 1;
      while (j < input.length && input[j] !== '"') j += input[j] === '\\' ? 2 : 1;
      if (j >= input.length) throw badRequest('invalidFilter', `Unterminated string starting at position ${i + 1}`);
      const raw = input.slice(i, j + 1);
      let v: string;
      try {
        v = JSON.parse(raw) as string;
      } catch {
        throw badRequest('invalidFilter', `Invalid string ${raw} at position ${i + 1}`);
      }
      tokens.push({ t: 'string', v, pos: i });
      i = j + 1;
    } else {
      let j = i;
      while (j < input.length && !' \t\n\r()[]"'.includes(input[j])) j++;
      tokens.push({ t: 'word', v: input.slice(i, j), pos: i });
      i = j;
    }
  }
  tokens.push({ t: 'end', pos: input.length });
  return tokens;
}

const ATTR_NAME = /^[A-Za-z$][\w$-]*$/;

/** Parses `attr`, `attr.sub`, `urn:…:attr` or `urn:…:attr.sub`. */
export function parseAttrPath(text: string, pos = 0): AttrPath {
  let uri: string | undefined;
  let rest = text;
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0) {
    uri = text.slice(0, lastColon);
    rest = text.slice(lastColon + 1);
    if (!/^urn:/i.test(uri)) throw badRequest('invalidFilter', `Invalid attribute path "${text}" at position ${pos + 1}`);
  }
  const parts = rest.split('.');
  if (parts.length > 2 || !parts.every((p) => ATTR_NAME.test(p))) {
    throw badRequest('invalidFilter', `Invalid attribute path "${text}" at position ${pos + 1}`);
  }
  return { ...(uri ? { uri } : {}), attr: parts[0], ...(parts[1] ? { sub: parts[1] } : {}) };
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i];
  }
  private next(): Token {
    return this.tokens[this.i++];
  }
  private isWord(tok: Token, word: string): boolean {
    return tok.t === 'word' && tok.v.toLowerCase() === word;
  }
  private fail(tok: Token, what: string): never {
    const found = tok.t === 'end' ? 'end of filter' : tok.t === 'word' || tok.t === 'string' ? `"${tok.v}"` : `"${tok.t}"`;
    throw badRequest('invalidFilter', `Expected ${what} but found ${found} at position ${tok.pos + 1}`);
  }

  parseFilter(depth = 0): Filter {
    if (depth > 50) throw badRequest('invalidFilter', 'Filter is nested too deeply');
    let left = this.parseAnd(depth);
    while (this.isWord(this.peek(), 'or')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd(depth) };
    }
    return left;
  }

  private parseAnd(depth: number): Filter {
    let left = this.parseUnary(depth);
    while (this.isWord(this.peek(), 'and')) {
      this.next();
      left = { kind: 'and', left, right: this.parseUnary(depth) };
    }
    return left;
  }

  private parseUnary(depth: number): Filter {
    const tok = this.peek();
    if (this.isWord(tok, 'not') && this.tokens[this.i + 1]?.t === '(') {
      this.next();
      return { kind: 'not', filter: this.parseUnary(depth + 1) };
    }
    if (tok.t === '(') {
      this.next();
      const inner = this.parseFilter(depth + 1);
      if (this.peek().t !== ')') this.fail(this.peek(), '")"');
      this.next();
      return inner;
    }
    return this.parseAttrExp(depth);
  }

  private parseAttrExp(depth: number): Filter {
    const tok = this.next();
    if (tok.t !== 'word') this.fail(tok, 'an attribute name');
    const path = parseAttrPath(tok.v, tok.pos);
    if (this.peek().t === '[') {
      if (path.sub) throw badRequest('invalidFilter', `A value filter cannot follow a sub-attribute ("${tok.v}")`);
      this.next();
      const inner = this.parseFilter(depth + 1);
      if (this.peek().t !== ']') this.fail(this.peek(), '"]"');
      this.next();
      // `emails[type eq "work"].value eq "x"`: one element must satisfy both.
      const after = this.peek();
      if (after.t === 'word' && after.v.startsWith('.')) {
        this.next();
        const sub = after.v.slice(1);
        if (!ATTR_NAME.test(sub)) this.fail(after, 'a sub-attribute name');
        const cond = this.parseCondition({ attr: sub });
        return { kind: 'valuePath', path, filter: { kind: 'and', left: inner, right: cond } };
      }
      return { kind: 'valuePath', path, filter: inner };
    }
    return this.parseCondition(path);
  }

  private parseCondition(path: AttrPath): Filter {
    const opTok = this.next();
    if (opTok.t !== 'word') this.fail(opTok, 'an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr)');
    const op = opTok.v.toLowerCase();
    if (op === 'pr') return { kind: 'present', path };
    if (!COMPARE_OPS.has(op as CompareOp)) this.fail(opTok, 'an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr)');
    return { kind: 'compare', path, op: op as CompareOp, value: this.parseValue() };
  }

  private parseValue(): CompareValue {
    const tok = this.next();
    if (tok.t === 'string') return tok.v;
    if (tok.t !== 'word') this.fail(tok, 'a value');
    const lower = tok.v.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    if (lower === 'null') return null;
    // A JSON number only: `00123` is not one, and Number() would turn it into 123.
    if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(tok.v)) return Number(tok.v);
    // Unquoted value (Entra sends `externalId eq jyoung`, `employeeNumber eq 00123`): take the word as a string.
    return tok.v;
  }

  expectEnd(): void {
    if (this.peek().t !== 'end') this.fail(this.peek(), '"and", "or" or the end of the filter');
  }
}

export function parseFilter(input: string): Filter {
  if (input.length > MAX_FILTER_LENGTH) throw badRequest('invalidFilter', `Filter is longer than ${MAX_FILTER_LENGTH} characters`);
  if (!input.trim()) throw badRequest('invalidFilter', 'Filter is empty');
  const parser = new Parser(tokenize(input));
  const filter = parser.parseFilter();
  parser.expectEnd();
  return filter;
}
