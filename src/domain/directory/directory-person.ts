// A person as the directory reads return it: a plain record of the columns the API may show, built
// straight from the SQL row. Reads never write back, so they need neither the identity map nor
// entity hydration (`em.map` costs ~40–50 µs a row: ~19 ms for an org chart of 400 nodes, see
// bench/orm-overhead.ts); a plain copy costs well under 1 µs. Only these columns are selected, so
// storage fields (the SCIM document, raw manager references, email_values, search_text) never
// leave the database on these paths.
import type { DerivedColumns } from '../person/person-document.js';

/** The profile columns derived at ingest (person-document.ts), minus the storage-only ones. */
export interface DirectoryPerson extends Omit<DerivedColumns, 'emailValues' | 'searchText'> {
  id: string;
  /** The resolved manager (null while pending or at the top). */
  managerId: string | null;
}

/**
 * The select list for `person p` that `toDirectoryPerson` reads. Dates come back as text already
 * (MikroORM's PostgreSQL connection keeps `date` columns as strings), so the copy converts nothing.
 */
export const DIRECTORY_PERSON_COLUMNS = [
  'id',
  'external_id',
  'user_name',
  'active',
  'display_name',
  'given_name',
  'family_name',
  'email',
  'title',
  'department',
  'employee_number',
  'locality',
  'region',
  'country_code',
  'timezone',
  'join_date',
  'birthday',
  'photo_url',
  'manager_id',
] as const;

/** `p.id, p.external_id, …` for a query whose person table is aliased `alias`. */
export const directoryPersonColumns = (alias = 'p') => DIRECTORY_PERSON_COLUMNS.map((c) => `${alias}.${c}`).join(', ');

export function toDirectoryPerson(r: Record<string, unknown>): DirectoryPerson {
  return {
    id: r.id as string,
    externalId: (r.external_id as string | null) ?? null,
    userName: r.user_name as string,
    active: r.active as boolean,
    displayName: (r.display_name as string | null) ?? null,
    givenName: (r.given_name as string | null) ?? null,
    familyName: (r.family_name as string | null) ?? null,
    email: (r.email as string | null) ?? null,
    title: (r.title as string | null) ?? null,
    department: (r.department as string | null) ?? null,
    employeeNumber: (r.employee_number as string | null) ?? null,
    locality: (r.locality as string | null) ?? null,
    region: (r.region as string | null) ?? null,
    countryCode: (r.country_code as string | null) ?? null,
    timezone: (r.timezone as string | null) ?? null,
    joinDate: (r.join_date as string | null) ?? null,
    birthday: (r.birthday as string | null) ?? null,
    photoUrl: (r.photo_url as string | null) ?? null,
    managerId: (r.manager_id as string | null) ?? null,
  };
}
