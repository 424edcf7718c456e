// Small helpers for the raw SQL that services run through MikroORM's knex (`?` placeholders).

/**
 * A PostgreSQL array literal for a text[] parameter. Knex expands JS arrays in bindings into value
 * lists, so arrays are sent as one literal and cast: `?::text[]`.
 */
export function pgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
