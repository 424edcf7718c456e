import type { Logger } from 'pino';
import type { Principal } from '../domain/auth/credential.service.js';
import type { Services } from '../domain/services.js';
import { forbidden, unauthenticated } from './graphql-errors.js';

/** Built once per request. */
export interface GraphQLContext {
  principal: Principal | null;
  services: Services;
  publicUrl: string;
  log: Logger;
}

/** The workspace of an admin caller, or a GraphQL error. */
export function requireAdmin(ctx: GraphQLContext): Principal {
  if (!ctx.principal) throw unauthenticated();
  if (ctx.principal.kind !== 'admin') throw forbidden('This operation needs an admin token');
  return ctx.principal;
}
