// The person's profile document and the rules that hold for every write, whatever the transport:
// bad dates and non-https photo URLs are dropped (the rest of the person is kept) and reported,
// exactly one manager reference survives, and the indexed columns are derived from the document.
// The document is shaped like a SCIM User (RFC 7643) because that is what identity providers send.

export const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const HAYSTACK_URN = 'urn:ietf:params:scim:schemas:extension:haystack:1.0:User';

export type PersonDocument = Record<string, unknown>;
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const ext = (doc: PersonDocument, urn: string): Obj => (isObj(doc[urn]) ? (doc[urn] as Obj) : {});

export interface IngestIssue {
  attribute: string;
  reason: string;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;

/** `YYYY-MM-DD`, or the date part of an ISO date-time, when it is a real calendar date. */
export function parseProfileDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const v = value.trim();
  const m = DATE_ONLY.exec(v) ?? DATE_TIME.exec(v);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d || y < 1800) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

export function isHttpsUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const u = new URL(value);
    return u.protocol === 'https:' && u.hostname.length > 0;
  } catch {
    return false;
  }
}

/**
 * Drops values that must not be stored and says why. Never throws for bad values: a person is never
 * lost because one attribute is malformed.
 */
export function sanitizeDocument(input: PersonDocument): { doc: PersonDocument; issues: IngestIssue[] } {
  const doc = structuredClone(input);
  const issues: IngestIssue[] = [];
  delete doc.password;

  const hay = ext(doc, HAYSTACK_URN);
  for (const key of ['joinDate', 'birthday']) {
    if (hay[key] === undefined) continue;
    const parsed = parseProfileDate(hay[key]);
    if (parsed) hay[key] = parsed;
    else {
      delete hay[key];
      issues.push({ attribute: `${HAYSTACK_URN}:${key}`, reason: 'not a YYYY-MM-DD date or ISO 8601 date-time' });
    }
  }
  if (doc[HAYSTACK_URN] !== undefined && Object.keys(hay).length === 0) delete doc[HAYSTACK_URN];

  if (Array.isArray(doc.photos)) {
    const kept = (doc.photos as unknown[]).filter((p) => isObj(p) && isHttpsUrl(p.value));
    if (kept.length !== doc.photos.length) {
      issues.push({ attribute: 'photos', reason: 'photo URL is not an absolute https URL' });
    }
    if (kept.length) doc.photos = kept;
    else delete doc.photos;
  }

  for (const key of ['emails', 'phoneNumbers', 'addresses', 'photos', 'ims']) {
    const list = doc[key];
    if (!Array.isArray(list)) continue;
    // At most one primary (RFC 7643 §2.4): keep the first.
    let seen = false;
    for (const e of list) {
      if (isObj(e) && e.primary === true) {
        if (seen) e.primary = false;
        seen = true;
      }
    }
  }
  return { doc, issues };
}

export type ManagerReference = { kind: 'externalId' | 'id'; ref: string } | null;

export function managerReference(doc: PersonDocument): ManagerReference {
  const byExternalId = str(ext(doc, HAYSTACK_URN).managerExternalId);
  if (byExternalId) return { kind: 'externalId', ref: byExternalId.trim() };
  const manager = ext(doc, ENTERPRISE_URN).manager;
  const byId = isObj(manager) ? str(manager.value) : null;
  if (byId) return { kind: 'id', ref: byId.trim() };
  return null;
}

/**
 * A person has one manager. When a write leaves both forms present, the one this write changed wins
 * (the other is removed from the document); on a fresh document `managerExternalId` wins, as the
 * setup guide maps Entra's manager to it.
 */
export function reconcileManager(previous: PersonDocument | undefined, next: PersonDocument): PersonDocument {
  const hayNext = ext(next, HAYSTACK_URN).managerExternalId;
  const entNext = ext(next, ENTERPRISE_URN).manager;
  if (hayNext === undefined || entNext === undefined) return next;
  const doc = structuredClone(next);
  const entChanged =
    previous !== undefined && JSON.stringify(ext(previous, ENTERPRISE_URN).manager) !== JSON.stringify(entNext);
  const hayChanged = previous === undefined || ext(previous, HAYSTACK_URN).managerExternalId !== hayNext;
  if (entChanged && !hayChanged) delete (doc[HAYSTACK_URN] as Obj).managerExternalId;
  else delete (doc[ENTERPRISE_URN] as Obj).manager;
  for (const urn of [HAYSTACK_URN, ENTERPRISE_URN]) {
    if (isObj(doc[urn]) && Object.keys(doc[urn] as Obj).length === 0) delete doc[urn];
  }
  return doc;
}

export interface DerivedColumns {
  userName: string;
  externalId: string | null;
  active: boolean;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  email: string | null;
  emailValues: string[];
  title: string | null;
  department: string | null;
  employeeNumber: string | null;
  locality: string | null;
  region: string | null;
  countryCode: string | null;
  timezone: string | null;
  /** YYYY-MM-DD. */
  joinDate: string | null;
  /** YYYY-MM-DD. */
  birthday: string | null;
  photoUrl: string | null;
  /** Lower-cased names, email, title, department and location: what people search matches (trigram index). */
  searchText: string;
}

function pick(list: unknown, preferType?: string): Obj | undefined {
  if (!Array.isArray(list)) return undefined;
  const items = list.filter(isObj);
  return (
    items.find((e) => e.primary === true) ??
    (preferType ? items.find((e) => typeof e.type === 'string' && e.type.toLowerCase() === preferType) : undefined) ??
    items[0]
  );
}

/** Derives the indexed columns from a sanitised document. `userName` must already be validated. */
export function deriveColumns(doc: PersonDocument): DerivedColumns {
  const name = isObj(doc.name) ? doc.name : {};
  const ent = ext(doc, ENTERPRISE_URN);
  const hay = ext(doc, HAYSTACK_URN);
  const emails = Array.isArray(doc.emails) ? (doc.emails as unknown[]).filter(isObj) : [];
  const addresses = Array.isArray(doc.addresses) ? (doc.addresses as unknown[]).filter(isObj) : [];
  // The location comes from our extension; without it, from the work address (then the primary one).
  const workAddress =
    addresses.find((a) => typeof a.type === 'string' && a.type.toLowerCase() === 'work') ?? pick(addresses);
  const given = str(name.givenName);
  const family = str(name.familyName);
  // The location is one place: our extension's when it names any part of it, else the work address's
  // (mixing London from one with Lisboa/PT from the other would describe nowhere).
  const hasExtLocation = !!(str(hay.locality) || str(hay.region) || str(hay.countryCode));
  const location = hasExtLocation
    ? { locality: str(hay.locality), region: str(hay.region), countryCode: str(hay.countryCode) }
    : { locality: str(workAddress?.locality), region: str(workAddress?.region), countryCode: str(workAddress?.country) };
  const cols: Omit<DerivedColumns, 'searchText'> = {
    userName: String(doc.userName),
    externalId: str(doc.externalId),
    active: doc.active === undefined ? true : doc.active === true,
    displayName: str(doc.displayName) ?? str(name.formatted) ?? ([given, family].filter(Boolean).join(' ') || null),
    givenName: given,
    familyName: family,
    email: str(pick(emails, 'work')?.value),
    emailValues: [...new Set(emails.map((e) => str(e.value)?.toLowerCase()).filter((v): v is string => !!v))],
    title: str(doc.title),
    department: str(ent.department),
    employeeNumber: str(ent.employeeNumber),
    ...location,
    timezone: str(doc.timezone),
    joinDate: str(hay.joinDate),
    birthday: str(hay.birthday),
    photoUrl: str(pick(doc.photos, 'photo')?.value),
  };
  const searchText = [cols.displayName, given, family, str(doc.nickName), cols.email, cols.title, cols.department, cols.locality, cols.region, cols.countryCode]
    .filter((v): v is string => !!v)
    .join(' ')
    .toLowerCase();
  return { ...cols, searchText };
}

/** Names of the attributes that differ between two documents (extension attributes URN-qualified). */
export function changedAttributes(before: PersonDocument | undefined, after: PersonDocument): string[] {
  const b = before ?? {};
  const changed: string[] = [];
  const keys = new Set([...Object.keys(b), ...Object.keys(after)]);
  for (const key of keys) {
    if (key.startsWith('urn:')) {
      const be = isObj(b[key]) ? (b[key] as Obj) : {};
      const af = isObj(after[key]) ? (after[key] as Obj) : {};
      for (const sub of new Set([...Object.keys(be), ...Object.keys(af)])) {
        if (JSON.stringify(be[sub]) !== JSON.stringify(af[sub])) changed.push(`${key}:${sub}`);
      }
    } else if (JSON.stringify(b[key]) !== JSON.stringify(after[key])) {
      changed.push(key);
    }
  }
  return changed.sort();
}
