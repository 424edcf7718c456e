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

export type Mutation = {
  __typename?: 'Mutation';
  /** Admin only. Creates a SCIM secret token; several may be live at once, for rotation. */
  generateScimToken: GeneratedScimToken;
  /** Admin only. Revokes a SCIM token at once. */
  revokeScimToken: Scalars['Boolean']['output'];
  /** Admin only. Enables or disables SCIM provisioning. */
  updateProvisioningSettings: ProvisioningSettingsUpdate;
};


export type MutationGenerateScimTokenArgs = {
  input?: InputMaybe<GenerateScimTokenInput>;
};


export type MutationRevokeScimTokenArgs = {
  id: Scalars['ID']['input'];
};


export type MutationUpdateProvisioningSettingsArgs = {
  input: UpdateProvisioningSettingsInput;
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
  /** Admin only. */
  provisioningSettings: ProvisioningSettings;
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

export type UpdateProvisioningSettingsInput = {
  scimEnabled: Scalars['Boolean']['input'];
};
