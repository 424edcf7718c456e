// The one place configuration is read. Parsed once at start; a bad value stops the process with a
// message that names the variable, instead of failing later in some request.
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    DATA_DIR: z.string().min(1).default('./.data'),
    PUBLIC_URL: z
      .string()
      .url('must be an absolute URL such as https://orgraph.example.com')
      .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://')
      .optional(),
    ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    // Seconds to wait for in-flight requests on SIGTERM before closing anyway.
    SHUTDOWN_TIMEOUT: z.coerce.number().int().min(0).default(25),
  })
  .transform((env) => ({
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    // Without PUBLIC_URL the service can only guess how clients reach it: localhost on its port.
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    adminToken: env.ADMIN_TOKEN,
    logLevel: env.LOG_LEVEL,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT * 1000,
  }));

export type Config = z.output<typeof schema>;

export class ConfigError extends Error {}

/** Reads and validates the environment; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset" (a common result of `FOO= npm start` or compose files).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
