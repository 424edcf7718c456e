// Structured logs (pino). Request logs carry the request id and workspace; never tokens, query
// strings (SCIM filters contain user names) or bodies.
import pino, { Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'orgraph' },
    redact: { paths: ['req.headers.authorization', '*.authorization', '*.token', '*.password'], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

/**
 * What of an unexpected error may be logged. Database driver errors carry the SQL with its
 * parameters inlined (user names, emails), so for those only the class, SQLSTATE and stack frames
 * are kept.
 */
export function loggableError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const e = err as Error & { code?: string; sqlState?: string };
  const isDriverError = /Exception$/.test(e.name) || 'sqlState' in e || /^[0-9A-Z]{5}$/.test(String(e.code ?? ''));
  const frames = (e.stack ?? '').split('\n').filter((l) => l.trimStart().startsWith('at ')).slice(0, 8).join('\n');
  return isDriverError
    ? { type: e.name, code: e.code ?? e.sqlState, stack: frames }
    : { type: e.name, message: e.message, stack: frames };
}
