// Maps errors to GraphQL `extensions.code`, once. Domain codes map exhaustively; anything unknown is
// logged by the caller and answered without internals.
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { DomainError, DomainErrorCode } from '../domain/errors.js';

export function codeFor(code: DomainErrorCode): string {
  switch (code) {
    case 'NOT_FOUND':
      return 'NOT_FOUND';
    case 'CONFLICT':
      return 'CONFLICT';
    case 'INVALID_VALUE':
    case 'MUTABILITY':
      return 'BAD_USER_INPUT';
    case 'PRECONDITION_FAILED':
      return 'PRECONDITION_FAILED';
    case 'UNAUTHENTICATED':
      return 'UNAUTHENTICATED';
    case 'FORBIDDEN':
      return 'FORBIDDEN';
  }
}

export const unauthenticated = (message = 'Authentication required: send an admin token as "Authorization: Bearer <token>"') =>
  new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } });

export const forbidden = (message: string) => new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });

/** Apollo's formatError: returns the client-safe error and whether it was unexpected. */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): { error: GraphQLFormattedError; unexpected: boolean } {
  const original = error instanceof GraphQLError ? error.originalError ?? error : error;
  if (original instanceof DomainError) {
    return {
      error: { message: original.message, path: formatted.path, locations: formatted.locations, extensions: { code: codeFor(original.code), ...(original.field ? { field: original.field } : {}) } },
      unexpected: false,
    };
  }
  if (original instanceof GraphQLError || (formatted.extensions?.code && formatted.extensions.code !== 'INTERNAL_SERVER_ERROR')) {
    const { stacktrace: _drop, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { error: { ...formatted, extensions }, unexpected: false };
  }
  return {
    error: { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    unexpected: true,
  };
}
