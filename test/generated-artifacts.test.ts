// CI's guard for generated artifacts: the checked-in GraphQL schema, the codegen output the tests
// use, and the migrations must all match the code. Each failure message says how to regenerate.
import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { promisify } from 'node:util';
import { ormConfig } from '../src/db/orm-config';
import { printGraphQLSchema } from '../src/graphql/schema';
import { createTestDatabase } from './support/test-app';

const root = path.resolve(__dirname, '..');

test('schema/schema.graphql is current (else: npm run schema:emit)', async () => {
  const checkedIn = await readFile(path.join(root, 'schema/schema.graphql'), 'utf8');
  expect(checkedIn).toBe(await printGraphQLSchema());
});

test('generated GraphQL operation types are current (else: npm run codegen)', async () => {
  // The codegen CLI is ESM-only inside; run it as its own process, writing into a scratch folder.
  const out = await mkdtemp(path.join(os.tmpdir(), 'orgraph-codegen-'));
  try {
    await promisify(execFile)(process.execPath, [path.join(root, 'node_modules/@graphql-codegen/cli/cjs/bin.js'), '--config', 'codegen.yml'], {
      cwd: root,
      env: { ...process.env, CODEGEN_OUT: out },
    });
    for (const file of ['schema-types.ts', 'operations.ts']) {
      const expected = await readFile(path.join(out, file), 'utf8');
      const onDisk = await readFile(path.join(root, 'test/generated', file), 'utf8');
      expect({ file, content: onDisk }).toEqual({ file, content: expected });
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});

test('the migrations cover every entity change (else: npm run migration:create)', async () => {
  const db = await createTestDatabase();
  const orm = await MikroORM.init(ormConfig(db.url, { logger: () => undefined }));
  try {
    expect(await orm.migrator.getPendingMigrations()).toEqual([]);
    const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  } finally {
    await orm.close(true);
    await db.drop();
  }
});
