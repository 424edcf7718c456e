// Developer tool: writes a new migration for the difference between the entities and the schema the
// existing migrations produce. Uses a scratch database, so it needs no setup:
//   npm run migration:create
// Review the file, then add it to migrations/index.ts.
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../src/db/orm-config.js';
import { withScratchDatabase } from './scratch-database.js';

async function main(): Promise<void> {
  await withScratchDatabase(async (url) => {
    const orm = await MikroORM.init(ormConfig(url, { migrations: { ...ormConfig(url).migrations, path: 'migrations', emit: 'ts' } }));
    try {
      await orm.migrator.up();
      const result = await orm.migrator.createMigration('migrations', false, false);
      if (!result.fileName) console.log('No changes: the migrations already match the entities.');
      else console.log(`Wrote migrations/${result.fileName}\n${result.diff.up.join('\n')}`);
    } finally {
      await orm.close(true);
    }
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
