// Opens the database the configuration names (or the embedded default), and brings its schema up to
// date with the checked-in migrations before anything else touches it.
import { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { runningEmbeddedUrl, startEmbeddedPostgres } from './embedded-postgres.js';
import { ormConfig } from './orm-config.js';

export interface Database {
  orm: MikroORM;
  /** Where it is, with the password removed (for logs). */
  description: string;
  close(): Promise<void>;
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}

export async function migrate(orm: MikroORM, logger?: Logger): Promise<void> {
  const applied = await orm.migrator.up();
  if (applied.length) logger?.info({ migrations: applied.map((m) => m.name) }, 'applied migrations');
}

export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  logger: Logger,
  opts: { reuseRunningEmbedded?: boolean } = {},
): Promise<Database> {
  let url = config.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let description: string;
  if (url) {
    description = redactUrl(url);
  } else {
    const running = opts.reuseRunningEmbedded ? await runningEmbeddedUrl(config.dataDir) : undefined;
    if (running) {
      url = running;
      description = `embedded PostgreSQL of the running service (${config.dataDir})`;
    } else {
      logger.info({ dataDir: config.dataDir }, 'DATABASE_URL is not set: starting embedded PostgreSQL');
      const embedded = await startEmbeddedPostgres(config.dataDir, (m) => logger.debug({ postgres: m }, 'embedded postgres'));
      url = embedded.url;
      stopEmbedded = embedded.stop;
      description = `embedded PostgreSQL in ${config.dataDir} (${redactUrl(url)})`;
    }
  }
  let orm: MikroORM;
  try {
    orm = await MikroORM.init(ormConfig(url, { logger: (m) => logger.debug({ orm: m }, 'mikro-orm') }));
    await migrate(orm, logger);
  } catch (err) {
    if (stopEmbedded) await stopEmbedded().catch(() => undefined);
    throw err;
  }
  return {
    orm,
    description,
    async close() {
      await orm.close(true);
      if (stopEmbedded) await stopEmbedded();
    },
  };
}
