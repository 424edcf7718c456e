// Structured logs (pino). Request logs carry the request id and workspace; never tokens, query
// strings (SCIM filters contain user names) or bodies.
import pino, { Logger } from 'pino';

/** Buffered log output is written at least this often (and whenever 4 KB have gathered). */
const LOG_FLUSH_MS = 1_000;

export function createLogger(level: string): Logger {
  // Writing every line with its own system call was ~10% of the service's CPU under SCIM load
  // (one "request completed" line per call). Lines are buffered up to 4 KB or one second and flushed
  // synchronously when the process exits; only a hard kill can lose the last second of lines.
  const destination = pino.destination({ dest: 1, minLength: 4096, sync: false });
  setInterval(() => destination.flush(), LOG_FLUSH_MS).unref();
  process.once('exit', () => {
    try {
      destination.flushSync();
    } catch {
      /* stdout already closed */
    }
  });
  return pino(
    {
      level,
      base: { service: 'orgraph' },
      redact: { paths: ['req.headers.authorization', '*.authorization', '*.token', '*.password'], censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
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
