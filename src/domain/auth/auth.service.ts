// Turns any bearer the GraphQL API accepts into a Principal: our opaque tokens (admin, SCIM, directory
// API: `orgraph_…`, or an operator's ADMIN_TOKEN of any shape) and, when OIDC is configured, Entra ID
// sign-in tokens (JWTs). What each kind may do is the adapters' business.
import type { WorkspaceService } from '../workspace/workspace.service.js';
import { CredentialService, OPAQUE_TOKEN_PREFIX } from './credential.service.js';
import { looksLikeJwt, OidcVerifier } from './oidc-verifier.js';
import type { Authentication } from './principal.js';

const refuse = (failure: string, fault?: unknown): Authentication => ({ principal: null, failure, ...(fault ? { fault } : {}) });

export class AuthService {
  constructor(
    private readonly credentials: CredentialService,
    private readonly workspaces: WorkspaceService,
    /** Null when OIDC is not configured: then sign-in tokens are refused. */
    private readonly oidc: OidcVerifier | null,
  ) {}

  async authenticate(bearer: string): Promise<Authentication> {
    if (bearer.startsWith(OPAQUE_TOKEN_PREFIX) || !looksLikeJwt(bearer)) {
      const principal = await this.credentials.authenticate(bearer);
      return principal ? { principal } : refuse('The token is unknown or has been revoked');
    }
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
