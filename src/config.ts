// The one place configuration is read. Parsed once at start; a bad value stops the process with a
// message that names the variable, instead of failing later in some request.
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const TENANT_SAMPLE = '00000000-0000-0000-0000-000000000000';

/** https, or plain http to this machine only (keys fetched over plain http could be forged in transit). */
function isSecureUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || (u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname));
  } catch {
    return false;
  }
}

const audiences = (value: string) => value.split(',').map((a) => a.trim()).filter(Boolean);

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
    // Days provisioning log entries are kept; 0 keeps them forever.
    PROVISIONING_LOG_RETENTION_DAYS: z.coerce.number().int('must be a whole number of days').min(0, 'must be 0 (keep forever) or more').max(36500).default(90),
    // OpenID Connect sign-in tokens (Entra ID): all three, or none (then JWTs are not accepted).
    OIDC_ISSUER: z
      .string()
      .refine((u) => (u.match(/\{tenantid\}/gi) ?? []).length <= 1, 'may hold the {tenantid} placeholder at most once')
      .refine((u) => isSecureUrl(u.replace(/\{tenantid\}/i, TENANT_SAMPLE)), 'must be an https:// URL, e.g. https://login.microsoftonline.com/{tenantid}/v2.0')
      .optional(),
    OIDC_AUDIENCE: z
      .string()
      .refine((a) => audiences(a).length > 0, "must name the application's client id (comma-separated for several)")
      .optional(),
    OIDC_JWKS_URL: z
      .string()
      .refine(isSecureUrl, 'must be an https:// URL (http:// only for localhost), e.g. https://login.microsoftonline.com/common/discovery/v2.0/keys')
      .optional(),
  })
  .superRefine((env, ctx) => {
    const oidc = ['OIDC_ISSUER', 'OIDC_AUDIENCE', 'OIDC_JWKS_URL'] as const;
    if (oidc.some((k) => env[k] !== undefined)) {
      for (const k of oidc) {
        if (env[k] === undefined) ctx.addIssue({ code: 'custom', path: [k], message: `is required when any of ${oidc.join(', ')} is set` });
      }
    }
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
    provisioningLogRetentionDays: env.PROVISIONING_LOG_RETENTION_DAYS,
    oidc:
      env.OIDC_ISSUER && env.OIDC_AUDIENCE && env.OIDC_JWKS_URL
        ? { issuer: env.OIDC_ISSUER.replace(/\{tenantid\}/i, '{tenantid}'), audiences: audiences(env.OIDC_AUDIENCE), jwksUrl: env.OIDC_JWKS_URL }
        : undefined,
  }));

/** Where sign-in tokens come from and whom they must be for. */
export interface OidcConfig {
  /** Expected `iss`; `{tenantid}` (multi-tenant Entra) stands for the token's own `tid` claim. */
  issuer: string;
  /** Accepted `aud` values (the application's client id, or its App ID URI). */
  audiences: string[];
  jwksUrl: string;
}

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
