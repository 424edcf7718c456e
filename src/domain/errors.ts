// Domain errors carry a code; each transport maps codes once (src/scim/scim-errors.ts,
// src/graphql/graphql-errors.ts). Services never throw HTTP errors.

export type DomainErrorCode =
  | 'NOT_FOUND'
  | 'CONFLICT' // uniqueness
  | 'INVALID_VALUE'
  | 'PRECONDITION_FAILED' // stale If-Match
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'MUTABILITY';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Which attribute or field the error is about, when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
