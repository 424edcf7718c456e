import type { Logger } from 'pino';
import type { CredentialPrincipal, Principal } from '../domain/auth/principal.js';
import type { Services } from '../domain/services.js';
import { forbidden, unauthenticated } from './graphql-errors.js';

/** Built once per request. */
export interface GraphQLContext {
  /** Null without a usable bearer; then `authFailure` says why a presented token was refused. */
  principal: Principal | null;
  authFailure?: string;
  services: Services;
  publicUrl: string;
  log: Logger;
}

/** The workspace of an admin caller, or a GraphQL error. */
export function requireAdmin(ctx: GraphQLContext): CredentialPrincipal {
  if (!ctx.principal) throw unauthenticated(ctx.authFailure);
  if (ctx.principal.kind !== 'admin') throw forbidden('This operation needs an admin token');
  return ctx.principal;
}

/** A caller that may read the directory: an admin, a directory API token or a signed-in person. */
export function requireReader(ctx: GraphQLContext): Principal {
  if (!ctx.principal) {
    throw unauthenticated(ctx.authFailure ?? 'Authentication required: send an admin token, a directory API token or an Entra ID sign-in token as "Authorization: Bearer <token>"');
  }
  if (ctx.principal.kind === 'scim') throw forbidden('SCIM tokens are for provisioning only; use a directory API token to read the directory');
  return ctx.principal;
}
