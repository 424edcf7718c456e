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
