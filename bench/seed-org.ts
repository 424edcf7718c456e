// Bulk-loads a synthetic org straight into PostgreSQL (for read benchmarks; provisioning speed is
// measured separately over SCIM). Person i reports to person floor((i-1)/SPAN): a balanced tree.
// Ids are deterministic (md5-derived) so the tree can be written in one INSERT … SELECT.
import type { EntityManager } from '@mikro-orm/postgresql';

export const SPAN = 7;
const FIRST = ['Ada', 'John', 'Maria', 'Wei', 'Fatima', 'Lars', 'Priya', 'Kenji', 'Olga', 'Diego', 'Amara', 'Noah'];
const LAST = ['Smith', 'Garcia', 'Müller', 'Chen', 'Okafor', 'Johansson', 'Patel', 'Sato', 'Ivanova', 'Rossi', 'Dubois', 'Kowalski'];
const DEPTS = ['Engineering', 'Sales', 'Marketing', 'Finance', 'People', 'Legal', 'Support', 'Design'];
const CITIES = ['Berlin', 'Lisbon', 'London', 'Paris', 'Madrid', 'Warsaw', 'Tokyo', 'Austin'];
const TITLES = ['Engineer', 'Manager', 'Analyst', 'Designer', 'Account Executive', 'Specialist', 'Director', 'Consultant'];

const arr = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(',')}]`;

export async function seedOrg(em: EntityManager, workspaceId: string, people: number): Promise<void> {
  await em.execute(
    `INSERT INTO person (id, workspace_id, external_id, user_name, active, display_name, given_name, family_name, email, email_values,
                         title, department, locality, country_code, join_date, birthday, manager_ref_kind, manager_ref, manager_id,
                         manager_ref_at, scim, search_text, version, created_at, updated_at)
     SELECT md5(? || i)::uuid, ?, 'e' || i, 'user' || i || '@bench.example', (i % 50 <> 7),
            fn || ' ' || ln || ' ' || i, fn, ln, 'user' || i || '@bench.example', ARRAY['user' || i || '@bench.example'],
            t, d, c, 'DE', date '2015-01-01' + (i % 3650), date '1970-01-01' + (i * 37 % 12000),
            CASE WHEN i > 0 THEN 'externalId' END, CASE WHEN i > 0 THEN 'e' || ((i - 1) / ${SPAN}) END,
            CASE WHEN i > 0 THEN md5(? || ((i - 1) / ${SPAN}))::uuid END, now(),
            jsonb_build_object('userName', 'user' || i || '@bench.example', 'externalId', 'e' || i, 'displayName', fn || ' ' || ln || ' ' || i),
            lower(fn || ' ' || ln || ' ' || i || ' ' || fn || ' ' || ln || ' user' || i || '@bench.example ' || t || ' ' || d || ' ' || c || ' de'),
            1, now(), now()
       FROM (SELECT i, (${arr(FIRST)})[1 + i % ${FIRST.length}] AS fn, (${arr(LAST)})[1 + (i / 7) % ${LAST.length}] AS ln,
                    (${arr(TITLES)})[1 + i % ${TITLES.length}] AS t, (${arr(DEPTS)})[1 + (i / 3) % ${DEPTS.length}] AS d,
                    (${arr(CITIES)})[1 + (i / 11) % ${CITIES.length}] AS c
               FROM generate_series(0, ? - 1) AS i) s
      ORDER BY i`,
    [workspaceId, workspaceId, workspaceId, people],
  );
  await em.execute('ANALYZE person');
}

/** The id of person i (matches seedOrg). */
export const seededId = async (em: EntityManager, workspaceId: string, i: number): Promise<string> =>
  (await em.execute<{ id: string }[]>(`SELECT md5(? || ?::int)::uuid::text AS id`, [workspaceId, i]))[0].id;
