// Plain SQL on a connection of the ORM's own pool (no EntityManager fork, no identity map), for the
// few hot paths where MikroORM and knex cost more than the work: a SCIM create spent ~45% of the
// service's CPU in the unit of work, query building and entity lookups around ~8 statements
// (bench/orm-overhead.ts, bench/results/). Paths that use this send a handful of hand-written
// statements (`$1` parameters, or scripts of several statements with escaped literals) and return
// plain records. Everything else keeps using the ORM.
//
// Errors are converted with the ORM driver's own converter, so callers catch the same
// UniqueConstraintViolationException / DeadlockException classes either way.
import type { EntityManager } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import { pgArray } from './sql.js';

export interface SqlResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Sql {
  /**
   * One statement with `$n` parameters (extended protocol). `prepare` keeps it as a named prepared
   * statement on the connection, so PostgreSQL parses and plans it once per connection: for the
   * few statements run on every request (at most PREPARED_MAX distinct texts per process).
   */
  query<T = Record<string, unknown>>(text: string, params?: unknown[], opts?: { prepare?: boolean }): Promise<SqlResult<T>>;
  /**
   * Several statements in one round trip (simple protocol, no parameters): only for text built
   * from literals that went through `literal()`, or from values we generated (uuids we validated).
   * Returns each statement's rows.
   */
  script<T = Record<string, unknown>>(text: string): Promise<T[][]>;
  /** A SQL string literal for `script`, escaped by the driver. */
  literal(value: string): string;
}

interface PgClient {
  query(
    text: string | { name: string; text: string; values: unknown[] },
    params?: unknown[],
  ): Promise<{ rows: unknown[]; rowCount: number | null } | { rows: unknown[] }[]>;
  escapeLiteral(value: string): string;
}

interface KnexClient {
  acquireConnection(): Promise<PgClient>;
  releaseConnection(conn: PgClient): Promise<void> | void;
}

/** Distinct statement texts this process prepares; beyond that, statements run unnamed (bounds backend memory). */
const PREPARED_MAX = 200;
const preparedNames = new Map<string, string>();

function preparedName(text: string): string | undefined {
  let name = preparedNames.get(text);
  if (!name && preparedNames.size < PREPARED_MAX) {
    name = `orgraph_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    preparedNames.set(text, name);
  }
  return name;
}

function sqlOn(client: PgClient, convert: (err: Error) => Error): Sql {
  const run = async <R>(fn: () => Promise<R>): Promise<R> => {
    try {
      return await fn();
    } catch (err) {
      throw err instanceof Error && 'code' in err ? convert(err) : err;
    }
  };
  return {
    query: <T>(text: string, params: unknown[] = [], opts: { prepare?: boolean } = {}) =>
      run(async () => {
        const name = opts.prepare ? preparedName(text) : undefined;
        const r = (await (name ? client.query({ name, text, values: params }) : client.query(text, params))) as { rows: T[]; rowCount: number | null };
        return { rows: r.rows, rowCount: r.rowCount ?? 0 };
      }),
    script: <T>(text: string) =>
      run(async () => {
        const r = await client.query(text);
        return (Array.isArray(r) ? r : [r]).map((x) => x.rows as T[]);
      }),
    literal: (value: string) => client.escapeLiteral(value),
  };
}

function parts(em: EntityManager): { pool: KnexClient; convert: (err: Error) => Error } {
  const knex = em.getConnection().getKnex() as unknown as { client: KnexClient };
  const driver = em.getDriver();
  return { pool: knex.client, convert: (err) => driver.convertException(err) };
}

/**
 * Runs `fn` with one pooled connection. Statements autocommit unless `fn` opens a transaction
 * (e.g. a script that starts with BEGIN and ends with COMMIT); when `fn` throws, an open
 * transaction is rolled back before the connection goes back to the pool.
 */
export async function withSql<T>(em: EntityManager, fn: (sql: Sql) => Promise<T>): Promise<T> {
  const { pool, convert } = parts(em);
  const client = await pool.acquireConnection();
  try {
    return await fn(sqlOn(client, convert));
  } catch (err) {
    // Outside a transaction this is only a warning; a failed one means a broken connection, which
    // the pool drops on its next validation.
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await pool.releaseConnection(client);
  }
}

/**
 * Rewrites knex-style `?` placeholders (what the SCIM filter compiler emits) as `$n`, numbered from
 * `first`. Question marks inside single-quoted literals are left alone.
 */
export function numberPlaceholders(text: string, first = 1): string {
  let n = first;
  let out = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === "'") quoted = !quoted;
    out += ch === '?' && !quoted ? `$${n++}` : ch;
  }
  return out;
}

/**
 * Values as escaped literals, for statements sent in a `script` together with others (one round
 * trip for BEGIN, locks, the write and COMMIT). Strings go through the driver's escapeLiteral;
 * arrays become text[] literals (the caller adds the cast); NUL characters, which PostgreSQL text
 * cannot hold, are refused (adapters reject them with a clear error before this point).
 */
export class Literals {
  constructor(private readonly sql: Sql) {}

  add(value: unknown): string {
    if (value === null || value === undefined) return 'NULL';
    if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new Error('a non-finite number cannot be a SQL literal');
      return String(value);
    }
    if (Array.isArray(value)) return this.add(pgArray(value.map(String)));
    if (typeof value !== 'string') throw new Error(`a ${typeof value} cannot be a SQL literal`);
    if (value.includes('\0')) throw new Error('a NUL character cannot be a SQL literal');
    return this.sql.literal(value);
  }
}
