// Who may read the directory: admins, read-only API tokens and signed-in people (OIDC). SCIM tokens
// are for provisioning only (see requireReader).
import { GraphQLError } from 'graphql';
import type { GraphQLContext } from '../context.js';
import { requireReader } from '../context.js';

export interface Reader {
  workspaceId: string;
  isAdmin: boolean;
  /** The signed-in person's externalId (OIDC `oid`), when the caller is a person. */
  externalId?: string;
}

export function readerOf(ctx: GraphQLContext): Reader {
  const p = requireReader(ctx);
  return { workspaceId: p.workspaceId, isAdmin: p.kind === 'admin', externalId: p.kind === 'user' ? p.externalId : undefined };
}

/** Admin-only arguments (e.g. including inactive people) are refused for everyone else. */
export function requireAdminArgument(reader: Reader, argument: string): void {
  if (!reader.isAdmin) {
    throw new GraphQLError(`Only admins may use "${argument}"`, { extensions: { code: 'FORBIDDEN', argumentName: argument } });
  }
}
