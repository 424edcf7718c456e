// The default workspace and its bootstrap admin credential; operator-created workspaces; config.
import { ConfigError, loadConfig } from '../src/config';
import { hashSecret } from '../src/domain/auth/credential.service';
import { createTestApp, TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const adminQuery = (token: string) =>
  t.http.post('/graphql').set('Content-Type', 'application/json').set('Authorization', `Bearer ${token}`).send({ query: '{ provisioningSettings { scimEnabled } }' });

test('first start without ADMIN_TOKEN generates one admin token, once; later starts do not', async () => {
  const first = await t.app.services.workspaces.bootstrap(undefined);
  expect(first.workspace.slug).toBe('default');
  expect(first.generatedAdminToken).toMatch(/^orgraph_admin_/);
  expect((await adminQuery(first.generatedAdminToken!)).body.data.provisioningSettings.scimEnabled).toBe(false);
  const second = await t.app.services.workspaces.bootstrap(undefined);
  expect(second.generatedAdminToken).toBeUndefined();
  expect(second.workspace.id).toBe(first.workspace.id);
});

test('ADMIN_TOKEN becomes the bootstrap admin credential (hash only); changing it rotates', async () => {
  const tokenA = 'env-admin-token-aaaaaaaaaaaaaaaaaaaaaaaa';
  const tokenB = 'env-admin-token-bbbbbbbbbbbbbbbbbbbbbbbb';
  await t.app.services.workspaces.bootstrap(tokenA);
  expect((await adminQuery(tokenA)).body.data).toBeTruthy();
  const rows = await t.orm.em.fork().getConnection().execute(`SELECT secret_hash FROM credential WHERE label = 'bootstrap (ADMIN_TOKEN)'`);
  expect(rows.map((r) => r.secret_hash)).toEqual([hashSecret(tokenA)]);
  await t.app.services.workspaces.bootstrap(tokenA); // idempotent
  await t.app.services.workspaces.bootstrap(tokenB);
  expect((await adminQuery(tokenA)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  expect((await adminQuery(tokenB)).body.data).toBeTruthy();
});

test('operators add workspaces with their own admin token; slugs are validated and unique', async () => {
  const { workspace, adminToken } = await t.app.services.workspaces.create('globex', 'Globex Corp');
  expect(workspace.name).toBe('Globex Corp');
  expect((await adminQuery(adminToken)).body.data.provisioningSettings.scimEnabled).toBe(false);
  await expect(t.app.services.workspaces.create('globex')).rejects.toMatchObject({ code: 'CONFLICT' });
  await expect(t.app.services.workspaces.create('Not A Slug!')).rejects.toMatchObject({ code: 'INVALID_VALUE' });
});

describe('configuration', () => {
  test('defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 4000, host: '0.0.0.0', dataDir: './.data', publicUrl: 'http://localhost:4000', logLevel: 'info' });
    expect(c.databaseUrl).toBeUndefined();
  });

  test('PUBLIC_URL builds the tenant URL; trailing slashes are dropped; empty values mean unset', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://dir.example.com/', PORT: '' }).publicUrl).toBe('https://dir.example.com');
  });

  test('bad values stop the start with a message naming each variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', PUBLIC_URL: 'nope', ADMIN_TOKEN: 'short' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', PUBLIC_URL: 'nope', ADMIN_TOKEN: 'short' });
    } catch (e) {
      const msg = (e as Error).message;
      for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'PUBLIC_URL', 'ADMIN_TOKEN']) expect(msg).toContain(name);
    }
  });
});
