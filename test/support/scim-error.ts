// For the pure SCIM tests beside src/scim: the ScimError a function throws.
import { ScimError } from '../../src/scim/scim-errors';

/** Runs fn, expecting a ScimError; returns it. */
export function scimError(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ScimError);
    return e as ScimError;
  }
  throw new Error('expected a ScimError, nothing was thrown');
}
