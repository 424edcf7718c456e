// Who is calling: one model for every kind of bearer the service accepts. Adapters decide what each
// kind may do (GraphQL: requireAdmin / requireReader; SCIM: only 'scim').
import type { CredentialKind } from './credential.entity.js';

export type PrincipalKind = CredentialKind | 'user';

interface PrincipalBase {
  kind: PrincipalKind;
  workspaceId: string;
  workspaceSlug: string;
  scimEnabled: boolean;
}

/** One of our opaque tokens: an admin, SCIM or read-only directory API token. */
export interface CredentialPrincipal extends PrincipalBase {
  kind: CredentialKind;
  credentialId: string;
}

/** A person signed in with an OpenID Connect token from Entra ID. */
export interface UserPrincipal extends PrincipalBase {
  kind: 'user';
  /** The `oid` claim: the person's SCIM externalId in this workspace. */
  externalId: string;
  /** The `sub` claim (pairwise per application in Entra). */
  subject: string;
  /** The `tid` claim that selected the workspace. */
  tenantId: string;
}

export type Principal = CredentialPrincipal | UserPrincipal;

/**
 * The outcome of checking a bearer: a principal, or why there is none. `failure` is safe to show the
 * caller (it never holds the token); `fault` is set when the service is at fault, for the log.
 */
export type Authentication =
  | { principal: Principal; failure?: undefined; fault?: undefined }
  | { principal: null; failure: string; fault?: unknown };
