// Pure serialisation of the org chart export: CSV (RFC 4180) and JSON, one batch of rows at a time.
// CSV cells that a spreadsheet would run as a formula (= + - @, tab, CR at the start) get a leading
// apostrophe (OWASP "CSV injection"); the JSON export carries the values unchanged.

export const EXPORT_COLUMNS = [
  'id',
  'externalId',
  'displayName',
  'email',
  'jobTitle',
  'department',
  'locality',
  'region',
  'countryCode',
  'managerId',
  'managerExternalId',
] as const;

export type ExportColumn = (typeof EXPORT_COLUMNS)[number];
export type ExportRow = Record<ExportColumn, string | null>;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV cell: null is empty; formula starts neutralised; quoted when it holds , " CR or LF. */
export function csvCell(value: string | null): string {
  if (value === null || value === '') return '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvHeader = (): string => EXPORT_COLUMNS.join(',') + '\r\n';

/** Rows as CSV lines, each ending in CRLF (RFC 4180). */
export const csvRows = (rows: ExportRow[]): string => rows.map((r) => EXPORT_COLUMNS.map((c) => csvCell(r[c])).join(',') + '\r\n').join('');

/**
 * A JSON array written in pieces: `jsonStart`, then each batch (with `first` true for the very
 * first row of the export), then `jsonEnd`. Keys follow EXPORT_COLUMNS; nulls are kept.
 */
export const jsonStart = (): string => '[';
export const jsonRows = (rows: ExportRow[], first: boolean): string =>
  rows.map((r, i) => (first && i === 0 ? '\n' : ',\n') + JSON.stringify(r, EXPORT_COLUMNS as unknown as string[])).join('');
export const jsonEnd = (wroteAny: boolean): string => (wroteAny ? '\n]\n' : ']\n');
