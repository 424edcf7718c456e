// RFC 7644 §3.12 error bodies, and the single mapping from errors to SCIM responses.
import { DomainError } from '../domain/errors.js';
import { ERROR_SCHEMA } from './scim-schemas.js';

export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

/** An error found while parsing or applying SCIM input (pure functions throw these). */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: ScimType | undefined,
    detail: string,
  ) {
    super(detail);
    this.name = 'ScimError';
  }
}

export const badRequest = (scimType: ScimType, detail: string) => new ScimError(400, scimType, detail);

export interface ScimErrorBody {
  schemas: string[];
  status: string;
  scimType?: ScimType;
  detail: string;
}

export function errorBody(status: number, detail: string, scimType?: ScimType): ScimErrorBody {
  return { schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail };
}

/** Maps any thrown value to status + body; unknown errors become a generic 500 (logged by the caller). */
export function toScimError(err: unknown): { status: number; body: ScimErrorBody; unexpected: boolean } {
  if (err instanceof ScimError) {
    return { status: err.status, body: errorBody(err.status, err.message, err.scimType), unexpected: false };
  }
  if (err instanceof DomainError) {
    const [status, scimType] = ((): [number, ScimType | undefined] => {
      switch (err.code) {
        case 'NOT_FOUND':
          return [404, undefined];
        case 'CONFLICT':
          return [409, 'uniqueness'];
        case 'INVALID_VALUE':
          return [400, 'invalidValue'];
        case 'MUTABILITY':
          return [400, 'mutability'];
        case 'PRECONDITION_FAILED':
          return [412, undefined];
        case 'UNAUTHENTICATED':
          return [401, undefined];
        case 'FORBIDDEN':
          return [403, undefined];
      }
    })();
    return { status, body: errorBody(status, err.message, scimType), unexpected: false };
  }
  return { status: 500, body: errorBody(500, 'Internal server error'), unexpected: true };
}
