// Operator commands: `npm run cli -- <command>`.
//   workspace:create <slug> [name]   adds a workspace and prints its first admin token (once)
//   workspace:list                   lists workspaces
//   workspace:set-tenant <slug> <tid|none>  links the Entra tenant whose sign-in tokens open it
// Uses DATABASE_URL, or the embedded PostgreSQL in DATA_DIR (the running service's, if it is up).
import 'reflect-metadata';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { DomainError } from './domain/errors.js';
import { createServices } from './domain/services.js';
import { Workspace } from './domain/workspace/workspace.entity.js';
import { createLogger } from './http/logger.js';

const USAGE = `Usage:
  npm run cli -- workspace:create <slug> [display name]
  npm run cli -- workspace:list
  npm run cli -- workspace:set-tenant <slug> <Entra tenant id | none>`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const db = await openDatabase(config, logger, { reuseRunningEmbedded: true });
  try {
    const services = createServices(db.orm.em);
    switch (command) {
      case 'workspace:create': {
        const [slug, ...name] = args;
        if (!slug) {
          console.error(USAGE);
          return 2;
        }
        const { workspace, adminToken } = await services.workspaces.create(slug, name.join(' ') || undefined);
        console.log(`Created workspace "${workspace.slug}" (${workspace.id}).`);
        console.log(`Admin token (shown once; store it now):\n\n  ${adminToken}\n`);
        return 0;
      }
      case 'workspace:list': {
        const all = await db.orm.em.fork().find(Workspace, {}, { orderBy: { createdAt: 'asc' } });
        for (const w of all) console.log(`${w.slug}\t${w.name}\tscim ${w.scimEnabled ? 'on' : 'off'}\t${w.id}\ttenant ${w.entraTenantId ?? '-'}`);
        return 0;
      }
      case 'workspace:set-tenant': {
        const [slug, tid] = args;
        if (!slug || !tid) {
          console.error(USAGE);
          return 2;
        }
        const found = await services.workspaces.findBySlug(slug);
        if (!found) throw new DomainError('NOT_FOUND', `No workspace "${slug}"`);
        const ws = await services.workspaces.setEntraTenantId(found.id, tid === 'none' ? null : tid);
        console.log(ws.entraTenantId ? `Workspace "${ws.slug}" accepts sign-in tokens of Entra tenant ${ws.entraTenantId}.` : `Workspace "${ws.slug}" is linked to no Entra tenant.`);
        return 0;
      }
      default:
        console.error(`Unknown command "${command}".\n${USAGE}`);
        return 2;
    }
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((err) => {
    if (err instanceof ConfigError || err instanceof DomainError) console.error(err.message);
    else console.error(err);
    process.exit(1);
  });
