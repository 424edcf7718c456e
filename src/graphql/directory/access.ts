// Who may read the directory: admins, read-only API tokens and signed-in people (OIDC). SCIM tokens
// are for provisioning only.
import { GraphQLError } from 'graphql';
import type { GraphQLContext } from '../context.js';
import { unauthenticated } from '../graphql-errors.js';

export interface Reader {
  workspaceId: string;
  isAdmin: boolean;
  /** The signed-in person's externalId (OIDC `oid`), when the caller is a person. */
  externalId?: string;
}

const READER_KINDS = new Set(['admin', 'api', 'user']);

export function readerOf(ctx: GraphQLContext): Reader {
  const p = ctx.principal as (GraphQLContext['principal'] & { externalId?: string }) | null;
  if (!p) throw unauthenticated('Authentication required: send an API token, an admin token or a signed-in user\'s token as "Authorization: Bearer <token>"');
  if (!READER_KINDS.has(p.kind)) throw new GraphQLError('This token cannot read the directory', { extensions: { code: 'FORBIDDEN' } });
  return { workspaceId: p.workspaceId, isAdmin: p.kind === 'admin', externalId: p.externalId };
}

/** Admin-only arguments (e.g. including inactive people) are refused for everyone else. */
export function requireAdminArgument(reader: Reader, argument: string): void {
  if (!reader.isAdmin) {
    throw new GraphQLError(`Only admins may use "${argument}"`, { extensions: { code: 'FORBIDDEN', argumentName: argument } });
  }
}
