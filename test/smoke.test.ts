import { createTestApp, TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

test('creates a user from the Entra fixture', async () => {
  const ws = await t.workspace();
  const res = await ws.scim.post('/Users', { userName: 'a@b.c', externalId: 'x1' });
  expect(res.status).toBe(201);
  expect(res.body.userName).toBe('a@b.c');
});
