// Turns any bearer the GraphQL API accepts into a Principal: our opaque tokens (admin, SCIM, directory
// API; recognised by their `orgraph_` prefix) and, when OIDC is configured, Entra ID sign-in tokens.
// What each kind may do is the adapters' business.
import type { WorkspaceService } from '../workspace/workspace.service.js';
import { CredentialService, OPAQUE_TOKEN_PREFIX } from './credential.service.js';
import type { OidcVerifier } from './oidc-verifier.js';
import type { Authentication } from './principal.js';

/** header.payload.signature in base64url; the signature is empty for `alg: none` (refused later, clearly). */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

const refuse = (failure: string, fault?: unknown): Authentication => ({ principal: null, failure, ...(fault ? { fault } : {}) });

export class AuthService {
  constructor(
    private readonly credentials: CredentialService,
    private readonly workspaces: WorkspaceService,
    /** Null when OIDC is not configured: then sign-in tokens are refused. */
    private readonly oidc: OidcVerifier | null,
  ) {}

  async authenticate(bearer: string): Promise<Authentication> {
    if (bearer.startsWith(OPAQUE_TOKEN_PREFIX)) {
      const principal = await this.credentials.authenticate(bearer);
      return principal ? { principal } : refuse('The token is unknown or has been revoked');
    }
    if (!JWT_SHAPE.test(bearer)) return refuse('The bearer token is neither an Orgraph token nor a sign-in token (JWT)');
    if (!this.oidc) return refuse('Sign-in tokens are not accepted: OpenID Connect is not configured on this server');
    const result = await this.oidc.verify(bearer);
    if (!result.ok) return refuse(result.failure, result.fault);
    const { tenantId, objectId, subject } = result.signIn;
    const workspace = await this.workspaces.findByEntraTenantId(tenantId);
    if (!workspace) return refuse("No workspace is linked to the sign-in token's Entra tenant (tid)");
    return {
      principal: {
        kind: 'user',
        workspaceId: workspace.id,
        workspaceSlug: workspace.slug,
        scimEnabled: workspace.scimEnabled,
        externalId: objectId,
        subject,
        tenantId,
      },
    };
  }
}
