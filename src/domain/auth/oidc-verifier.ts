// Verifies OpenID Connect ID and access tokens from Entra ID: RS256 signature against the issuer's
// JWKS (fetched and cached by jose), `iss`, `aud`, `exp`/`nbf`, and the `tid`/`oid` claims that
// select the workspace and the person. Failures come back as messages fit for the caller: they name
// the reason, never the token or its claims.
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { OidcConfig } from '../../config.js';

/** Entra signs with RS256; anything else (HS*, none, …) is refused before the key is looked up. */
const ALGORITHMS = ['RS256'];
/** Seconds of clock skew allowed on `exp` and `nbf`. */
export const CLOCK_TOLERANCE_S = 60;
const TENANT_PLACEHOLDER = '{tenantid}';
/** Entra tenant and object ids are GUIDs; the tenant id becomes part of the expected issuer. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Sign-in tokens are a few KB; a bigger bearer is refused before any parsing. */
const MAX_TOKEN_LENGTH = 16_384;

/** header.payload.signature in base64url; the signature is empty for `alg: none` (refused later, clearly). */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Whether a bearer is meant as a JWT: JWS compact form whose header names an algorithm. */
export function looksLikeJwt(bearer: string): boolean {
  if (bearer.length > MAX_TOKEN_LENGTH || !JWT_SHAPE.test(bearer)) return false;
  try {
    return typeof decodeProtectedHeader(bearer).alg === 'string';
  } catch {
    return false;
  }
}

export interface SignIn {
  tenantId: string;
  objectId: string;
  subject: string;
}

export type OidcVerification =
  | { ok: true; signIn: SignIn }
  /** `fault` is set when the service, not the token, is at fault (e.g. the JWKS is unreachable). */
  | { ok: false; failure: string; fault?: unknown };

export class OidcVerifier {
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;
  private readonly multiTenant: boolean;

  constructor(private readonly config: OidcConfig) {
    // Cached for 10 minutes; an unknown `kid` triggers a refetch at most every 30 s (key rotation).
    this.keys = createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 600_000 });
    this.multiTenant = config.issuer.includes(TENANT_PLACEHOLDER);
  }

  async verify(token: string): Promise<OidcVerification> {
    if (token.length > MAX_TOKEN_LENGTH) return fail('The sign-in token is too large');
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        algorithms: ALGORITHMS,
        audience: this.config.audiences,
        // A multi-tenant issuer depends on the token's own `tid`: checked below, after the signature.
        issuer: this.multiTenant ? undefined : this.config.issuer,
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['iss', 'aud', 'exp', 'sub', 'tid', 'oid'],
      }));
    } catch (err) {
      return explain(err);
    }
    const { tid, oid, sub, iss } = payload as Record<string, unknown>;
    if (typeof tid !== 'string' || !GUID.test(tid)) return fail('The sign-in token has no valid "tid" (tenant) claim');
    if (typeof oid !== 'string' || !oid) return fail('The sign-in token has no valid "oid" (object id) claim');
    if (typeof sub !== 'string' || !sub) return fail('The sign-in token has no valid "sub" claim');
    if (this.multiTenant && iss !== this.config.issuer.replace(TENANT_PLACEHOLDER, tid.toLowerCase())) {
      return fail('The sign-in token was not issued by the configured issuer (iss)');
    }
    return { ok: true, signIn: { tenantId: tid.toLowerCase(), objectId: oid, subject: sub } };
  }
}

const fail = (failure: string, fault?: unknown): OidcVerification => ({ ok: false, failure, ...(fault ? { fault } : {}) });

const CLAIM_NAMES: Record<string, string> = {
  iss: 'was not issued by the configured issuer (iss)',
  aud: 'is not meant for this service (aud)',
  nbf: 'is not valid yet (nbf)',
};

function explain(err: unknown): OidcVerification {
  if (err instanceof errors.JWTExpired) return fail('The sign-in token has expired (exp)');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.reason === 'missing') return fail(`The sign-in token has no "${err.claim}" claim`);
    return fail(`The sign-in token ${CLAIM_NAMES[err.claim] ?? `has an invalid "${err.claim}" claim`}`);
  }
  if (err instanceof errors.JOSEAlgNotAllowed) return fail(`The sign-in token's signing algorithm is not accepted (only ${ALGORITHMS.join(', ')})`);
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) {
    return fail("The sign-in token was signed with a key the issuer does not publish (kid)");
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) return fail("The sign-in token's signature is invalid");
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid || err instanceof errors.JOSENotSupported || err instanceof errors.JWKInvalid) {
    return fail('The bearer token is not a well-formed sign-in token (JWT)');
  }
  // JWKS timeouts, HTTP errors, an invalid JWKS document, network failures: ours to fix, not the caller's.
  return fail("The sign-in token could not be verified right now: the identity provider's signing keys are unavailable", err);
}
