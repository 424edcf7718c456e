// The plain-SQL helpers against real PostgreSQL: literals survive the round trip exactly (they are
// how person writes send values in one script), errors arrive as the ORM's exception classes, and
// a failed script leaves no transaction open on the pooled connection.
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Literals, withSql } from '../src/db/sql-client';
import { createTestApp, TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

test('literals of hostile strings, arrays, numbers and nulls read back unchanged', async () => {
  const strings = ["it's", 'back\\slash', "'; DROP TABLE person; --", '$1 ? $$ E\'x\'', 'ünïcødé ✓ 😀', '', 'line\nbreak\ttab'];
  const rows = await withSql(t.orm.em.fork(), async (sql) => {
    const lit = new Literals(sql);
    const [[row]] = await sql.script<{ s: string[]; a: string[]; n: number; b: boolean; z: null }>(
      `SELECT ARRAY[${strings.map((s) => lit.add(s)).join(', ')}]::text[] AS s, ${lit.add(strings)}::text[] AS a, ${lit.add(42.5)}::float8 AS n, ${lit.add(true)} AS b, ${lit.add(null)}::text AS z`,
    );
    return row;
  });
  expect(rows).toEqual({ s: strings, a: strings, n: 42.5, b: true, z: null });
});

test('values a literal cannot carry are refused before anything is sent', async () => {
  await withSql(t.orm.em.fork(), async (sql) => {
    const lit = new Literals(sql);
    expect(() => lit.add('nul\u0000inside')).toThrow(/NUL/);
    expect(() => lit.add(Number.NaN)).toThrow(/non-finite/);
    expect(() => lit.add({})).toThrow(/object/);
  });
});

test('a failing script raises the ORM exception and rolls back; the connection is clean afterwards', async () => {
  const em = t.orm.em.fork();
  await withSql(em, (sql) => sql.script('CREATE TABLE IF NOT EXISTS sql_client_probe (k text PRIMARY KEY)'));
  const attempt = withSql(em, (sql) =>
    sql.script("BEGIN; INSERT INTO sql_client_probe VALUES ('a'); INSERT INTO sql_client_probe VALUES ('a'); COMMIT"),
  );
  await expect(attempt).rejects.toBeInstanceOf(UniqueConstraintViolationException);
  // The pool has one connection per test database here as often as not; either way none is left in a transaction.
  for (let i = 0; i < 12; i++) {
    const [[state]] = await withSql(em, (sql) => sql.script<{ n: string; inside: boolean }>(
      "SELECT count(*) AS n, now() <> statement_timestamp() AS inside FROM sql_client_probe",
    ));
    expect(state).toEqual({ n: '0', inside: false });
  }
});

test("a SCIM user's meta dates are the row's timestamps (text from the driver, parsed as UTC)", async () => {
  const ws = await t.workspace();
  const res = await ws.scim.post('/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'meta@example.com' });
  expect(res.status).toBe(201);
  const [row] = await t.orm.em.fork().getConnection().execute<{ c: string; u: string }[]>(
    `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS c, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS u FROM person WHERE id = ?`,
    [res.body.id],
  );
  expect(res.body.meta.created).toBe(row.c);
  expect(res.body.meta.lastModified).toBe(row.u);
  const got = await ws.scim.get(`/Users/${res.body.id}`);
  expect(got.body.meta).toEqual(res.body.meta);
});

test('pooled connections carry the session settings search relies on', async () => {
  const [[settings]] = await withSql(t.orm.em, (sql) =>
    sql.script<{ work_mem: string; threshold: string }>("SELECT current_setting('work_mem') AS work_mem, current_setting('pg_trgm.word_similarity_threshold') AS threshold"),
  );
  expect(settings).toEqual({ work_mem: '32MB', threshold: '0.4' });
});
