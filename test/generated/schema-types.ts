export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar.This scalar is serialized to a string in ISO 8601 format and parsed from a string in ISO 8601 format. */
  DateTimeISO: { input: string; output: string; }
};

/** A live read-only directory API token. The secret itself is only shown once, when created. */
export type ApiToken = {
  __typename?: 'ApiToken';
  createdAt: Scalars['DateTimeISO']['output'];
  id: Scalars['ID']['output'];
  label?: Maybe<Scalars['String']['output']>;
  /** Last authenticated use (updated at most once a minute). */
  lastUsedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** The first characters of the secret, to recognise it. */
  prefix: Scalars['String']['output'];
};

/** A birthday. Everyone sees month and day; only admins see the year. */
export type Birthday = {
  __typename?: 'Birthday';
  day: Scalars['Int']['output'];
  month: Scalars['Int']['output'];
  /** Admins only; null for everyone else. */
  year?: Maybe<Scalars['Int']['output']>;
};

export type CreateApiTokenInput = {
  /** A name to recognise the token by, e.g. "Intranet back end". */
  label?: InputMaybe<Scalars['String']['input']>;
};

export type CreatedApiToken = {
  __typename?: 'CreatedApiToken';
  info: ApiToken;
  /** The secret token (orgraph_api_…). Shown only in this response: store it now. */
  token: Scalars['String']['output'];
};

export type DatedPerson = {
  __typename?: 'DatedPerson';
  /** YYYY-MM-DD: the join date (new joiners) or the next occurrence (birthdays, anniversaries). */
  date: Scalars['String']['output'];
  person: Person;
  /** Completed years on that date (work anniversaries). */
  years?: Maybe<Scalars['Int']['output']>;
};

export type DroppedValue = {
  __typename?: 'DroppedValue';
  /** The attribute, URN-qualified for extension attributes. */
  attribute: Scalars['String']['output'];
  person: Person;
  reason: Scalars['String']['output'];
};

export type DroppedValueConnection = {
  __typename?: 'DroppedValueConnection';
  nodes: Array<DroppedValue>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type DuplicateEmail = {
  __typename?: 'DuplicateEmail';
  email: Scalars['String']['output'];
  people: Array<Person>;
};

export type GenerateScimTokenInput = {
  /** A name to recognise the token by, e.g. "Entra production". */
  label?: InputMaybe<Scalars['String']['input']>;
};

export type GeneratedScimToken = {
  __typename?: 'GeneratedScimToken';
  info: ScimToken;
  scimBaseUrl: Scalars['String']['output'];
  /** The secret token. Shown only in this response: copy it into the identity provider now. */
  token: Scalars['String']['output'];
};

/** A group (team, distribution list) provisioned by the identity provider. */
export type Group = {
  __typename?: 'Group';
  displayName: Scalars['String']['output'];
  externalId?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** Active members. */
  memberCount: Scalars['Int']['output'];
  /** Members by name; inactive ones only for admins with includeInactive. */
  members: PersonConnection;
};


/** A group (team, distribution list) provisioned by the identity provider. */
export type GroupMembersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeInactive?: InputMaybe<Scalars['Boolean']['input']>;
};

export type GroupConnection = {
  __typename?: 'GroupConnection';
  edges: Array<GroupEdge>;
  nodes: Array<Group>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type GroupEdge = {
  __typename?: 'GroupEdge';
  cursor: Scalars['String']['output'];
  node: Group;
};

export type InactiveManager = {
  __typename?: 'InactiveManager';
  activeReportCount: Scalars['Int']['output'];
  person: Person;
};

export type InactiveManagerConnection = {
  __typename?: 'InactiveManagerConnection';
  nodes: Array<InactiveManager>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Admin only. Creates a read-only directory API token. */
  createApiToken: CreatedApiToken;
  /** Admin only. Creates a SCIM secret token; several may be live at once, for rotation. */
  generateScimToken: GeneratedScimToken;
  /** Admin or directory API token. Records a failed delivery: status failed, attempts + 1. */
  markNotificationFailed?: Maybe<Notification>;
  /** Admin or directory API token. Marks delivered messages as sent; returns how many changed (unknown or already sent ids are ignored). At most 500 ids. */
  markNotificationsSent: Scalars['Int']['output'];
  /** Admin or directory API token. Puts a failed message back in the queue. */
  retryNotification?: Maybe<Notification>;
  /** Admin only. Revokes a directory API token at once. */
  revokeApiToken: Scalars['Boolean']['output'];
  /** Admin only. Revokes a SCIM token at once. */
  revokeScimToken: Scalars['Boolean']['output'];
  /** Admin only. Switches channels on or off (omitted: unchanged). Affects people provisioned from now on only; nothing is sent retroactively. */
  updateNotificationSettings: NotificationSettings;
  /** Admin only. Enables or disables SCIM provisioning. */
  updateProvisioningSettings: ProvisioningSettingsUpdate;
  /** Admin only. Links the workspace to the Entra ID tenant its people sign in with. */
  updateWorkspaceSettings: WorkspaceSettings;
};


export type MutationCreateApiTokenArgs = {
  input?: InputMaybe<CreateApiTokenInput>;
};


export type MutationGenerateScimTokenArgs = {
  input?: InputMaybe<GenerateScimTokenInput>;
};


export type MutationMarkNotificationFailedArgs = {
  error: Scalars['String']['input'];
  id: Scalars['ID']['input'];
};


export type MutationMarkNotificationsSentArgs = {
  ids: Array<Scalars['ID']['input']>;
};


export type MutationRetryNotificationArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRevokeApiTokenArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRevokeScimTokenArgs = {
  id: Scalars['ID']['input'];
};


export type MutationUpdateNotificationSettingsArgs = {
  input: UpdateNotificationSettingsInput;
};


export type MutationUpdateProvisioningSettingsArgs = {
  input: UpdateProvisioningSettingsInput;
};


export type MutationUpdateWorkspaceSettingsArgs = {
  input: UpdateWorkspaceSettingsInput;
};

/** A message in the notification outbox. Orgraph sends nothing itself: the notifier delivers and marks it. */
export type Notification = {
  __typename?: 'Notification';
  /** Delivery attempts reported by the notifier (sent or failed). */
  attempts: Scalars['Int']['output'];
  channel: NotificationChannel;
  createdAt: Scalars['DateTimeISO']['output'];
  id: Scalars['ID']['output'];
  /** What to send; "welcome" for now. */
  kind: Scalars['String']['output'];
  /** The last reported delivery error. */
  lastError?: Maybe<Scalars['String']['output']>;
  /** The recipient, as the directory shows them to the caller. */
  person: Person;
  status: NotificationStatus;
  updatedAt: Scalars['DateTimeISO']['output'];
};

export type NotificationChannel =
  | 'email'
  | 'mobile';

export type NotificationConnection = {
  __typename?: 'NotificationConnection';
  edges: Array<NotificationEdge>;
  nodes: Array<Notification>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type NotificationEdge = {
  __typename?: 'NotificationEdge';
  cursor: Scalars['String']['output'];
  node: Notification;
};

export type NotificationFilter = {
  channel?: InputMaybe<NotificationChannel>;
  status?: InputMaybe<NotificationStatus>;
};

/** Which channels get a welcome message when provisioning creates or reactivates an active person. */
export type NotificationSettings = {
  __typename?: 'NotificationSettings';
  email: Scalars['Boolean']['output'];
  mobile: Scalars['Boolean']['output'];
};

/** queued → sent | failed; a failed one can be re-queued. */
export type NotificationStatus =
  | 'failed'
  | 'queued'
  | 'sent';

export type OrgChart = {
  __typename?: 'OrgChart';
  /** Breadth first: roots, then their reports, and so on. */
  nodes: Array<OrgChartNode>;
  /** True when the chart was cut at the node limit. */
  truncated: Scalars['Boolean']['output'];
};

/** Admin only. What is wrong with the org data; ask only for the lists you need. */
export type OrgChartHealth = {
  __typename?: 'OrgChartHealth';
  /** Each cycle with its members (at most `first`, default 50, ≤ 100). */
  cycles: Array<ReportingCycle>;
  /** Values dropped at ingest: bad dates, non-https photo URLs. */
  droppedValues: DroppedValueConnection;
  /** Work emails shared by several active people (at most `first`, default 50). */
  duplicateWorkEmails: Array<DuplicateEmail>;
  inactiveManagersWithActiveReports: InactiveManagerConnection;
  /** Active people missing the given profile field. */
  missing: PersonConnection;
  /** Active people with no manager reference at all. */
  roots: PersonConnection;
  selfManaged: PersonConnection;
  summary: OrgChartHealthSummary;
  /** Longest pending first. */
  unresolvedManagers: UnresolvedManagerConnection;
};


/** Admin only. What is wrong with the org data; ask only for the lists you need. */
export type OrgChartHealthCyclesArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Admin only. What is wrong with the org data; ask only for the lists you need. */
export type OrgChartHealthDroppedValuesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Admin only. What is wrong with the org data; ask only for the lists you need. */
export type OrgChartHealthDuplicateWorkEmailsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Admin only. What is wrong with the org data; ask only for the lists you need. */
export type OrgChartHealthInactiveManagersWithActiveReportsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Admin only. What is wrong with the org data; ask only for the lists you need. */
export type OrgChartHealthMissingArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  field: ProfileField;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Admin only. What is wrong with the org data; ask only for the lists you need. */
export type OrgChartHealthRootsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Admin only. What is wrong with the org data; ask only for the lists you need. */
export type OrgChartHealthSelfManagedArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Admin only. What is wrong with the org data; ask only for the lists you need. */
export type OrgChartHealthUnresolvedManagersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** Counts; each has a list on OrgChartHealth. Counts are of active people unless said otherwise. */
export type OrgChartHealthSummary = {
  __typename?: 'OrgChartHealthSummary';
  /** Distinct reporting cycles of two or more people (any activity state). */
  cycles: Scalars['Int']['output'];
  /** Work emails shared by more than one active person. */
  duplicateWorkEmails: Scalars['Int']['output'];
  /** Inactive people with at least one active direct report. */
  inactiveManagersWithActiveReports: Scalars['Int']['output'];
  missingDepartment: Scalars['Int']['output'];
  missingJobTitle: Scalars['Int']['output'];
  missingJoinDate: Scalars['Int']['output'];
  /** No locality, region or country code. */
  missingLocation: Scalars['Int']['output'];
  /** Active people. */
  people: Scalars['Int']['output'];
  /** People whose chain leads into a cycle (they have no top; the org chart cannot place them). */
  peopleBelowCycles: Scalars['Int']['output'];
  peopleInCycles: Scalars['Int']['output'];
  /** People (any state) with a value dropped at ingest. */
  peopleWithDroppedValues: Scalars['Int']['output'];
  /** Active people with no manager reference at all (the top of the org, or a missing mapping). */
  roots: Scalars['Int']['output'];
  /** Active people whose manager reference names themselves. */
  selfManaged: Scalars['Int']['output'];
  /** Active people whose manager reference names nobody provisioned. */
  unresolvedManagers: Scalars['Int']['output'];
};

export type OrgChartNode = {
  __typename?: 'OrgChartNode';
  /** 0 for the roots of this chart. */
  depth: Scalars['Int']['output'];
  directReportCount: Scalars['Int']['output'];
  headcount: Scalars['Int']['output'];
  /** The node's parent in this chart; null for the chart's roots. */
  managerId?: Maybe<Scalars['ID']['output']>;
  person: Person;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
};

export type PeopleFilter = {
  /** Admins only: false lists inactive people. */
  active?: InputMaybe<Scalars['Boolean']['input']>;
  countryCode?: InputMaybe<Scalars['String']['input']>;
  department?: InputMaybe<Scalars['String']['input']>;
  locality?: InputMaybe<Scalars['String']['input']>;
  /** Direct reports of this manager id. */
  managerId?: InputMaybe<Scalars['ID']['input']>;
  region?: InputMaybe<Scalars['String']['input']>;
};

/** A person in the directory. */
export type Person = {
  __typename?: 'Person';
  active: Scalars['Boolean']['output'];
  birthday?: Maybe<Birthday>;
  countryCode?: Maybe<Scalars['String']['output']>;
  department?: Maybe<Scalars['String']['output']>;
  /** Active direct reports. */
  directReportCount: Scalars['Int']['output'];
  /** Active direct reports, by name. */
  directReports: PersonConnection;
  displayName?: Maybe<Scalars['String']['output']>;
  /** Primary (else work) email. */
  email?: Maybe<Scalars['String']['output']>;
  /** Admins only; null for everyone else. */
  employeeNumber?: Maybe<Scalars['String']['output']>;
  /** The identity provider key (Entra objectId). */
  externalId?: Maybe<Scalars['String']['output']>;
  familyName?: Maybe<Scalars['String']['output']>;
  givenName?: Maybe<Scalars['String']['output']>;
  /** The person's groups, by name. */
  groups: GroupConnection;
  /** Active people whose chain of managers includes this person. */
  headcount: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  jobTitle?: Maybe<Scalars['String']['output']>;
  /** YYYY-MM-DD. */
  joinDate?: Maybe<Scalars['String']['output']>;
  /** Distance to the top of the chain (0 for a top person). */
  level?: Maybe<Scalars['Int']['output']>;
  locality?: Maybe<Scalars['String']['output']>;
  /** The direct manager (looked up directly, so shown even when inactive). */
  manager?: Maybe<Person>;
  /** Managers up to the top, nearest first, ending before anyone would repeat. */
  managers: Array<Person>;
  /** Active colleagues with the same manager. */
  peers: PersonConnection;
  /** Absolute https URL. */
  photoUrl?: Maybe<Scalars['String']['output']>;
  region?: Maybe<Scalars['String']['output']>;
  /** Active reports at every level (or only direct ones with immediateOnly), by name. */
  reports: PersonConnection;
  /** IANA time zone, e.g. Europe/Berlin. */
  timezone?: Maybe<Scalars['String']['output']>;
  userName: Scalars['String']['output'];
};


/** A person in the directory. */
export type PersonDirectReportsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** A person in the directory. */
export type PersonGroupsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** A person in the directory. */
export type PersonPeersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** A person in the directory. */
export type PersonReportsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  immediateOnly?: InputMaybe<Scalars['Boolean']['input']>;
};

export type PersonConnection = {
  __typename?: 'PersonConnection';
  edges: Array<PersonEdge>;
  nodes: Array<Person>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type PersonEdge = {
  __typename?: 'PersonEdge';
  cursor: Scalars['String']['output'];
  node: Person;
};

/** RELEVANCE applies with a search (its default); NAME is the default otherwise. */
export type PersonOrder =
  | 'JOIN_DATE'
  | 'JOIN_DATE_DESC'
  | 'NAME'
  | 'RELEVANCE';

/** Profile fields the health check looks for. */
export type ProfileField =
  | 'DEPARTMENT'
  | 'JOB_TITLE'
  | 'JOIN_DATE'
  | 'LOCATION';

/** Newest first. */
export type ProvisioningLogConnection = {
  __typename?: 'ProvisioningLogConnection';
  edges: Array<ProvisioningLogEdge>;
  nodes: Array<ProvisioningLogEntry>;
  pageInfo: PageInfo;
  /** Entries matching the filter (counted only when selected). */
  totalCount: Scalars['Int']['output'];
};

export type ProvisioningLogEdge = {
  __typename?: 'ProvisioningLogEdge';
  cursor: Scalars['String']['output'];
  node: ProvisioningLogEntry;
};

/** One SCIM call that changed or was refused. */
export type ProvisioningLogEntry = {
  __typename?: 'ProvisioningLogEntry';
  at: Scalars['DateTimeISO']['output'];
  /** Names of the attributes the call changed. */
  changedAttributes: Array<Scalars['String']['output']>;
  /** Why a call was refused. */
  detail?: Maybe<Scalars['String']['output']>;
  event?: Maybe<ProvisioningLogEvent>;
  externalId?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** Manager references this call resolved (the person's own and their waiting reports'). */
  managerLinksResolved: Scalars['Int']['output'];
  /** After this call the person's manager reference named nobody provisioned yet. */
  managerPending: Scalars['Boolean']['output'];
  /** create, replace, patch or delete. */
  operation: Scalars['String']['output'];
  outcome: ProvisioningLogOutcome;
  /** The person the entry is about, as they are now; null once deleted (and for groups). */
  person?: Maybe<Person>;
  /** The resource id (kept after the resource is deleted). */
  resourceId?: Maybe<Scalars['ID']['output']>;
  /** User or Group. */
  resourceType: Scalars['String']['output'];
  /** SCIM error type of a refusal (e.g. uniqueness). */
  scimType?: Maybe<Scalars['String']['output']>;
  /** The HTTP status answered. */
  status: Scalars['Int']['output'];
  /** Label of the token that made the call (null when it has none). */
  tokenLabel?: Maybe<Scalars['String']['output']>;
  warnings: Array<ProvisioningLogWarning>;
};

/** What the call did to the resource. UNCHANGED: nothing changed but something was dropped at ingest (see warnings). */
export type ProvisioningLogEvent =
  | 'CREATED'
  | 'DEACTIVATED'
  | 'DELETED'
  | 'REACTIVATED'
  | 'REFUSED'
  | 'UNCHANGED'
  | 'UPDATED';

export type ProvisioningLogFilter = {
  event?: InputMaybe<ProvisioningLogEvent>;
  outcome?: InputMaybe<ProvisioningLogOutcome>;
  /** Entries about this person (also after they were deleted). */
  personId?: InputMaybe<Scalars['ID']['input']>;
  /** Entries at or after this time. */
  since?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Entries before this time. */
  until?: InputMaybe<Scalars['DateTimeISO']['input']>;
};

/** Whether the SCIM call was applied or refused. */
export type ProvisioningLogOutcome =
  | 'REFUSED'
  | 'SUCCESS';

/** A value dropped or tolerated at ingest: the attribute and why (never the value). */
export type ProvisioningLogWarning = {
  __typename?: 'ProvisioningLogWarning';
  attribute: Scalars['String']['output'];
  reason: Scalars['String']['output'];
};

export type ProvisioningSettings = {
  __typename?: 'ProvisioningSettings';
  /** The Tenant URL to paste into Entra ID (or the SCIM base URL for Okta). */
  scimBaseUrl: Scalars['String']['output'];
  /** Whether identity providers may provision this workspace over SCIM. */
  scimEnabled: Scalars['Boolean']['output'];
  tokens: Array<ScimToken>;
};

export type ProvisioningSettingsUpdate = {
  __typename?: 'ProvisioningSettingsUpdate';
  scimBaseUrl: Scalars['String']['output'];
  scimEnabled: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** Admin only. The live directory API tokens of the workspace. */
  apiTokens: Array<ApiToken>;
  group?: Maybe<Group>;
  /** Groups by name; `search` matches part of the name. */
  groups: GroupConnection;
  /** People who joined in the last `days` days (default 30), newest first. */
  newJoiners: Array<DatedPerson>;
  /** Admin or directory API token. The outbox, oldest first. */
  notificationOutbox: NotificationConnection;
  /** Admin only. */
  notificationSettings: NotificationSettings;
  /** The org chart from rootId (or from the top people) down to depth levels (default 2, at most 6; at most 2000 nodes). */
  orgChart: OrgChart;
  /** Admin only. What is wrong with the org data. */
  orgChartHealth: OrgChartHealth;
  /** People search and listing. Inactive people only for admins (includeInactive or filter.active). */
  people: PersonConnection;
  person?: Maybe<Person>;
  /** By any of the person's emails, ignoring case. */
  personByEmail?: Maybe<Person>;
  personByExternalId?: Maybe<Person>;
  /** Admin only. What provisioning did, newest first: every SCIM call that changed something or was refused. */
  provisioningLog: ProvisioningLogConnection;
  /** Admin only. */
  provisioningSettings: ProvisioningSettings;
  /** Admin only. What provisioning did from `since` (default: 24 hours ago) until `until` (default: now). */
  syncReport: SyncReport;
  /** Birthdays in the next `days` days (default 14), soonest first; wraps over the year end. */
  upcomingBirthdays: Array<DatedPerson>;
  /** Work anniversaries (1 year or more) in the next `days` days (default 14), soonest first. */
  upcomingWorkAnniversaries: Array<DatedPerson>;
  /** The signed-in person (OIDC tokens); null for API and admin tokens. */
  viewer?: Maybe<Person>;
  /** Admin only. */
  workspaceSettings: WorkspaceSettings;
};


export type QueryGroupArgs = {
  id: Scalars['ID']['input'];
};


export type QueryGroupsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
};


export type QueryNewJoinersArgs = {
  days?: InputMaybe<Scalars['Int']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  timeZone?: InputMaybe<Scalars['String']['input']>;
};


export type QueryNotificationOutboxArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<NotificationFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryOrgChartArgs = {
  depth?: InputMaybe<Scalars['Int']['input']>;
  rootId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryPeopleArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<PeopleFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeInactive?: InputMaybe<Scalars['Boolean']['input']>;
  orderBy?: InputMaybe<PersonOrder>;
  search?: InputMaybe<Scalars['String']['input']>;
};


export type QueryPersonArgs = {
  id: Scalars['ID']['input'];
};


export type QueryPersonByEmailArgs = {
  email: Scalars['String']['input'];
};


export type QueryPersonByExternalIdArgs = {
  externalId: Scalars['String']['input'];
};


export type QueryProvisioningLogArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ProvisioningLogFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QuerySyncReportArgs = {
  since?: InputMaybe<Scalars['DateTimeISO']['input']>;
  until?: InputMaybe<Scalars['DateTimeISO']['input']>;
};


export type QueryUpcomingBirthdaysArgs = {
  days?: InputMaybe<Scalars['Int']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  timeZone?: InputMaybe<Scalars['String']['input']>;
};


export type QueryUpcomingWorkAnniversariesArgs = {
  days?: InputMaybe<Scalars['Int']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  timeZone?: InputMaybe<Scalars['String']['input']>;
};

export type RefusalReason = {
  __typename?: 'RefusalReason';
  count: Scalars['Int']['output'];
  exampleDetail?: Maybe<Scalars['String']['output']>;
  operation: Scalars['String']['output'];
  scimType?: Maybe<Scalars['String']['output']>;
  status: Scalars['Int']['output'];
};

export type ReportingCycle = {
  __typename?: 'ReportingCycle';
  /** In reporting order: each reports to the next, the last to the first. */
  members: Array<Person>;
  size: Scalars['Int']['output'];
};

/** A live SCIM secret token. The secret itself is only shown once, when generated. */
export type ScimToken = {
  __typename?: 'ScimToken';
  createdAt: Scalars['DateTimeISO']['output'];
  id: Scalars['ID']['output'];
  label?: Maybe<Scalars['String']['output']>;
  /** Last authenticated use (updated at most once a minute). */
  lastUsedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** The first characters of the secret, to recognise it. */
  prefix: Scalars['String']['output'];
};

export type SyncCounts = {
  __typename?: 'SyncCounts';
  created: Scalars['Int']['output'];
  deactivated: Scalars['Int']['output'];
  deleted: Scalars['Int']['output'];
  /** Writes after which the person's manager was still pending. */
  leftManagerPending: Scalars['Int']['output'];
  /** Manager references resolved (a person's own, or reports waiting for them). */
  managerLinksResolved: Scalars['Int']['output'];
  reactivated: Scalars['Int']['output'];
  refused: Scalars['Int']['output'];
  /** Calls that changed nothing (but were logged for a warning). */
  unchanged: Scalars['Int']['output'];
  updated: Scalars['Int']['output'];
  /** Calls that dropped or ignored a value. */
  withWarnings: Scalars['Int']['output'];
};

/** Admin only. What provisioning did in a window (from the provisioning log). */
export type SyncReport = {
  __typename?: 'SyncReport';
  counts: SyncCounts;
  /** The window's log entries, newest first, optionally of one event or outcome. */
  entries: ProvisioningLogConnection;
  firstEntryAt?: Maybe<Scalars['DateTimeISO']['output']>;
  lastEntryAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Active people whose manager is pending right now. */
  pendingManagersNow: Scalars['Int']['output'];
  /** Distinct people touched in the window. */
  peopleTouched: Scalars['Int']['output'];
  /** Refusals grouped by status, scimType and operation, most frequent first. */
  refusals: Array<RefusalReason>;
  since: Scalars['DateTimeISO']['output'];
  until: Scalars['DateTimeISO']['output'];
};


/** Admin only. What provisioning did in a window (from the provisioning log). */
export type SyncReportEntriesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  event?: InputMaybe<ProvisioningLogEvent>;
  first?: InputMaybe<Scalars['Int']['input']>;
  outcome?: InputMaybe<ProvisioningLogOutcome>;
};

export type UnresolvedManager = {
  __typename?: 'UnresolvedManager';
  /** The reference as received: the manager's externalId (or Orgraph id for enterprise manager references). */
  managerExternalId: Scalars['String']['output'];
  person: Person;
  /** externalId (managerExternalId) or id (enterprise manager). */
  referenceKind: Scalars['String']['output'];
  /** Since when the reference has been pending. */
  since?: Maybe<Scalars['DateTimeISO']['output']>;
};

export type UnresolvedManagerConnection = {
  __typename?: 'UnresolvedManagerConnection';
  nodes: Array<UnresolvedManager>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type UpdateNotificationSettingsInput = {
  /** Omitted: unchanged. */
  email?: InputMaybe<Scalars['Boolean']['input']>;
  /** Omitted: unchanged. */
  mobile?: InputMaybe<Scalars['Boolean']['input']>;
};

export type UpdateProvisioningSettingsInput = {
  scimEnabled: Scalars['Boolean']['input'];
};

export type UpdateWorkspaceSettingsInput = {
  /** Links an Entra ID tenant (GUID); null unlinks it; omitted leaves it. */
  entraTenantId?: InputMaybe<Scalars['String']['input']>;
};

export type WorkspaceSettings = {
  __typename?: 'WorkspaceSettings';
  /** The Entra ID tenant (GUID) whose sign-in tokens open this workspace: their `tid` claim. */
  entraTenantId?: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  slug: Scalars['String']['output'];
};
