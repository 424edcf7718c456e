// The SCIM schema definitions Orgraph serves (RFC 7643 §4, §7, §8.7) and uses internally: canonical
// attribute names (for case-insensitive input), types (for "True"/"False" coercion and filters), and
// the /Schemas discovery document. One source, so what we advertise is what we accept.

export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export { ENTERPRISE_URN as ENTERPRISE_USER, HAYSTACK_URN as HAYSTACK_USER } from '../domain/person/person-document.js';
import { ENTERPRISE_URN as ENTERPRISE_USER, HAYSTACK_URN as HAYSTACK_USER } from '../domain/person/person-document.js';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
/** The second schema URN Entra sends when it creates a group; accepted and ignored (groups have no extension). */
export const LEGACY_ENTRA_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';
export const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SEARCH_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export type AttrType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex';

export interface AttrDef {
  name: string;
  type: AttrType;
  multiValued?: boolean;
  caseExact?: boolean;
  required?: boolean;
  mutability?: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned?: 'always' | 'never' | 'default' | 'request';
  uniqueness?: 'none' | 'server' | 'global';
  description?: string;
  referenceTypes?: string[];
  canonicalValues?: string[];
  subAttributes?: AttrDef[];
}

export interface SchemaDef {
  id: string;
  name: string;
  description: string;
  attributes: AttrDef[];
}

const str = (name: string, description: string, extra: Partial<AttrDef> = {}): AttrDef => ({
  name,
  type: 'string',
  description,
  ...extra,
});

const multi = (name: string, description: string, sub: AttrDef[], canonicalValues: string[]): AttrDef => ({
  name,
  type: 'complex',
  multiValued: true,
  description,
  subAttributes: [
    ...sub,
    str('display', 'A human-readable name, primarily used for display purposes.'),
    str('type', 'A label indicating the attribute\'s function.', { canonicalValues }),
    { name: 'primary', type: 'boolean', description: 'Indicates the primary or preferred value.' },
  ],
});

export const userSchema: SchemaDef = {
  id: CORE_USER,
  name: 'User',
  description: 'User Account',
  attributes: [
    str('userName', 'Unique identifier for the User, typically used to sign in. Case-insensitive.', {
      required: true,
      uniqueness: 'server',
    }),
    {
      name: 'name',
      type: 'complex',
      description: "The components of the user's real name.",
      subAttributes: [
        str('formatted', 'The full name, formatted for display.'),
        str('familyName', 'The family name.'),
        str('givenName', 'The given name.'),
        str('middleName', 'The middle name(s).'),
        str('honorificPrefix', 'The honorific prefix(es).'),
        str('honorificSuffix', 'The honorific suffix(es).'),
      ],
    },
    str('displayName', 'The name of the User, suitable for display to end-users.'),
    str('nickName', 'The casual way to address the user.'),
    { name: 'profileUrl', type: 'reference', referenceTypes: ['external'], description: "URL of the user's profile." },
    str('title', "The user's title, such as \"Vice President\"."),
    str('userType', 'The relationship between the organization and the user.'),
    str('preferredLanguage', "The User's preferred written or spoken language."),
    str('locale', "The User's default location for localization."),
    str('timezone', "The User's time zone in IANA format, e.g. Europe/Berlin."),
    { name: 'active', type: 'boolean', description: "The User's administrative status." },
    {
      name: 'password',
      type: 'string',
      mutability: 'writeOnly',
      returned: 'never',
      description: 'Accepted for compatibility and discarded: Orgraph never stores passwords.',
    },
    multi('emails', 'Email addresses for the user.', [str('value', 'Email address.')], ['work', 'home', 'other']),
    multi(
      'phoneNumbers',
      'Phone numbers for the User.',
      [str('value', 'Phone number.')],
      ['work', 'home', 'mobile', 'fax', 'pager', 'other'],
    ),
    multi('ims', 'Instant messaging addresses for the User.', [str('value', 'Instant messaging address.')], []),
    multi(
      'photos',
      'URLs of photos of the User. Must be absolute https URLs; others are dropped.',
      [{ name: 'value', type: 'reference', referenceTypes: ['external'], description: 'URL of a photo.' }],
      ['photo', 'thumbnail'],
    ),
    {
      name: 'addresses',
      type: 'complex',
      multiValued: true,
      description: 'A physical mailing address for this User. The work address fills the location.',
      subAttributes: [
        str('formatted', 'The full mailing address.'),
        str('streetAddress', 'The full street address component.'),
        str('locality', 'The city or locality component.'),
        str('region', 'The state or region component.'),
        str('postalCode', 'The zip code or postal code component.'),
        str('country', 'The country name component.'),
        str('type', 'A label indicating the attribute\'s function.', { canonicalValues: ['work', 'home', 'other'] }),
        { name: 'primary', type: 'boolean', description: 'Indicates the primary address.' },
      ],
    },
    multi('entitlements', 'A list of entitlements for the User.', [str('value', 'The value of an entitlement.')], []),
    multi('roles', 'A list of roles for the User.', [str('value', 'The value of a role.')], []),
    multi('x509Certificates', 'A list of certificates issued to the User.', [str('value', 'The certificate.')], []),
  ],
};

export const enterpriseSchema: SchemaDef = {
  id: ENTERPRISE_USER,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    str('employeeNumber', 'Numeric or alphanumeric identifier assigned to a person.'),
    str('costCenter', 'Identifies the name of a cost center.'),
    str('organization', 'Identifies the name of an organization.'),
    str('division', 'Identifies the name of a division.'),
    str('department', 'Identifies the name of a department.'),
    {
      name: 'manager',
      type: 'complex',
      description:
        "The User's manager, by Orgraph id. Accepted as a string, an object or a one-element array; always returned as an object.",
      subAttributes: [
        { name: 'value', type: 'string', caseExact: true, description: 'The id of the SCIM resource representing the manager.' },
        { name: '$ref', type: 'reference', referenceTypes: ['User'], mutability: 'readOnly', description: 'The URI of the manager.' },
        { name: 'displayName', type: 'string', mutability: 'readOnly', description: "The manager's displayName." },
      ],
    },
  ],
};

export const haystackSchema: SchemaDef = {
  id: HAYSTACK_USER,
  name: 'HaystackUser',
  description: 'Orgraph (Haystack-compatible) profile extension: reporting line by externalId, location, dates.',
  attributes: [
    str('managerExternalId', "The externalId (Entra objectId) of the user's manager. Resolved when that person arrives.", {
      caseExact: true,
    }),
    str('locality', 'City. When absent, the work address locality is used.'),
    str('region', 'State or region. When absent, the work address region is used.'),
    str('countryCode', 'Country (ISO 3166-1 alpha-2 preferred). When absent, the work address country is used.'),
    str('joinDate', 'Start date, YYYY-MM-DD (an ISO date-time keeps its date). Other formats are dropped.'),
    str('birthday', 'Birthday, YYYY-MM-DD (an ISO date-time keeps its date). Shown to colleagues as month and day.'),
  ],
};

export const groupSchema: SchemaDef = {
  id: CORE_GROUP,
  name: 'Group',
  description: 'Group',
  attributes: [
    str('displayName', 'A human-readable name for the Group. Unique per workspace, case-insensitive.', { required: true, uniqueness: 'server' }),
    {
      name: 'members',
      type: 'complex',
      multiValued: true,
      description:
        'The Users in the Group (nested groups are not supported). Change them with PATCH add/remove/replace; exclude them with excludedAttributes=members.',
      subAttributes: [
        { name: 'value', type: 'string', caseExact: true, mutability: 'immutable', description: 'The id of a User of this workspace.' },
        { name: '$ref', type: 'reference', referenceTypes: ['User'], mutability: 'immutable', description: 'The URI of the User.' },
        { name: 'display', type: 'string', mutability: 'readOnly', description: "The User's displayName, else their userName." },
        { name: 'type', type: 'string', mutability: 'immutable', canonicalValues: ['User'], description: 'Always "User".' },
      ],
    },
  ],
};

export const USER_EXTENSIONS = [enterpriseSchema, haystackSchema];
export const ALL_USER_SCHEMAS = [userSchema, ...USER_EXTENSIONS];

/** Attributes common to every resource (RFC 7643 §3.1), not part of any schema's attribute list. */
export const COMMON_ATTRIBUTES: AttrDef[] = [
  { name: 'id', type: 'string', caseExact: true, mutability: 'readOnly', returned: 'always', uniqueness: 'server' },
  { name: 'externalId', type: 'string', caseExact: true, uniqueness: 'server' },
  {
    name: 'meta',
    type: 'complex',
    mutability: 'readOnly',
    subAttributes: [
      { name: 'resourceType', type: 'string', caseExact: true },
      { name: 'created', type: 'dateTime' },
      { name: 'lastModified', type: 'dateTime' },
      { name: 'location', type: 'reference' },
      { name: 'version', type: 'string', caseExact: true },
    ],
  },
];

/** Finds an attribute definition by name, ignoring letter case (RFC 7643 §2.1). */
export function findAttr(attrs: AttrDef[] | undefined, name: string): AttrDef | undefined {
  if (!attrs) return undefined;
  const lower = name.toLowerCase();
  return attrs.find((a) => a.name.toLowerCase() === lower);
}

/**
 * Resolves an extension URN ignoring case, plus the misspelling `…:enterprise:2.0User` seen in an old
 * Entra example. Returns the canonical schema or undefined.
 */
export function findExtension(urn: string): SchemaDef | undefined {
  const lower = urn.toLowerCase();
  const fixed = lower === 'urn:ietf:params:scim:schemas:extension:enterprise:2.0user' ? ENTERPRISE_USER.toLowerCase() : lower;
  return USER_EXTENSIONS.find((s) => s.id.toLowerCase() === fixed);
}

/**
 * Splits `urn:…:User:attr.sub` into the extension and the remaining attribute path, when the text
 * starts with a known extension URN (case-insensitive).
 */
export function splitExtensionPath(path: string): { schema: SchemaDef; rest: string } | undefined {
  const lower = path.toLowerCase();
  for (const s of [...USER_EXTENSIONS, userSchema]) {
    const id = s.id.toLowerCase();
    if (lower.startsWith(id + ':')) return { schema: s, rest: path.slice(id.length + 1) };
  }
  const typo = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0user:';
  if (lower.startsWith(typo)) return { schema: enterpriseSchema, rest: path.slice(typo.length) };
  return undefined;
}
