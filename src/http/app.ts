// The Express application: request ids and logs, health, the SCIM adapter at /scim/v2 and the
// GraphQL API at /graphql. Everything is wired by hand from the arguments (no globals), so tests
// build the same app in-process against their own database.
import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { Express, NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createServices, Services } from '../domain/services.js';
import { loggableError } from './logger.js';
import type { GraphQLContext } from '../graphql/context.js';
import { formatGraphQLError } from '../graphql/graphql-errors.js';
import { limitsPlugin } from '../graphql/limits.js';
import { buildGraphQLSchema } from '../graphql/schema.js';
import { scimRouter } from '../scim/scim-router.js';
import { exportRouter } from './export-router.js';

export interface AppDeps {
  config: Pick<Config, 'publicUrl'> & Partial<Pick<Config, 'oidc'>> & { production?: boolean };
  orm: MikroORM;
  logger: Logger;
}

export interface App {
  express: Express;
  services: Services;
  /** Marks the app as shutting down (readiness fails) and stops Apollo. */
  close(): Promise<void>;
}

export async function createApp({ config, orm, logger }: AppDeps): Promise<App> {
  const services = createServices(orm.em, { oidc: config.oidc });
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  let shuttingDown = false;

  // Request id and a child logger per request; one line per request when it ends.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get('x-request-id');
    const id = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    res.set('X-Request-Id', id);
    const log = logger.child({ reqId: id });
    res.locals.log = log;
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // The path only: query strings carry SCIM filters with user names.
      (res.locals.log as Logger).info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    next();
  });

  app.get('/healthz', async (_req, res) => {
    try {
      await orm.em.getConnection().execute('SELECT 1');
      res.json({ status: 'ok', database: 'up' });
    } catch {
      res.status(503).json({ status: 'error', database: 'down' });
    }
  });
  app.get('/readyz', async (_req, res) => {
    if (shuttingDown) return void res.status(503).json({ status: 'shutting down' });
    try {
      await orm.em.getConnection().execute('SELECT 1');
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unavailable' });
    }
  });

  app.use('/scim/v2', scimRouter({ services, publicUrl: config.publicUrl }));
  app.use('/admin/export', exportRouter({ services }));

  const apollo = new ApolloServer<GraphQLContext>({
    schema: await buildGraphQLSchema(),
    introspection: !config.production,
    includeStacktraceInErrorResponses: false,
    // No HTTP cache hints are used; the default cache-control plugin wrapped every field (~6% of an
    // org chart's CPU). Responses are compact JSON (Apollo pretty-prints by default, ~4.5%).
    plugins: [limitsPlugin(), ApolloServerPluginCacheControlDisabled(), ...(config.production ? [ApolloServerPluginLandingPageDisabled()] : [])],
    stringifyResult: (value) => JSON.stringify(value),
    formatError: (formatted, error) => {
      const { error: out, unexpected } = formatGraphQLError(formatted, error);
      if (unexpected) logger.error({ err: loggableError(error instanceof Error && 'originalError' in error ? (error as { originalError?: unknown }).originalError ?? error : error) }, 'unexpected error in GraphQL request');
      return out;
    },
  });
  await apollo.start();
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<GraphQLContext> => {
        const m = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
        const auth = m ? await services.auth.authenticate(m[1]) : null;
        let log = res.locals.log as Logger;
        if (auth?.fault) log.warn({ err: loggableError(auth.fault) }, 'a sign-in token could not be verified');
        if (auth?.principal) res.locals.log = log = log.child({ workspace: auth.principal.workspaceSlug });
        return { principal: auth?.principal ?? null, authFailure: auth?.failure, services, publicUrl: config.publicUrl, log };
      },
    }),
  );

  app.use((_req, res) => res.status(404).json({ error: 'not found' }));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string; status?: number };
    if (e?.type === 'entity.parse.failed') return void res.status(400).json({ error: 'request body is not valid JSON' });
    if (e?.status && e.status < 500) return void res.status(e.status).json({ error: 'bad request' });
    ((res.locals.log as Logger | undefined) ?? logger).error({ err: loggableError(err) }, 'unexpected error');
    res.status(500).json({ error: 'internal server error' });
  });

  return {
    express: app,
    services,
    async close() {
      shuttingDown = true;
      await apollo.stop();
    },
  };
}
