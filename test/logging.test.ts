// Logs are structured, carry a request id, and never contain tokens or personal data.
import { PassThrough } from 'node:stream';
import { loggableError } from '../src/http/logger';
import { createTestApp, TestApp } from './support/test-app';

let t: TestApp;
const lines: string[] = [];

beforeAll(async () => {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  t = await createTestApp({ logStream: stream });
});
afterAll(async () => t.close());

test('a provisioning session leaves request logs without tokens, names, emails or filters', async () => {
  const ws = await t.workspace();
  const secretName = 'Zebulon.Quixote@private.example';
  await ws.scim.get(`/Users?filter=${encodeURIComponent(`userName eq "${secretName}"`)}`);
  const created = await ws.scim.post('/Users', { userName: secretName, externalId: 'zq-1', displayName: 'Zebulon Quixote', emails: [{ value: secretName }] });
  await ws.scim.patch(`/Users/${created.body.id}`, { Operations: [{ op: 'replace', path: 'displayName', value: 'Zeb Q' }] });
  await ws.scim.post('/Users', { userName: secretName });
  await ws.graphql('{ provisioningSettings { scimEnabled } }');
  await new Promise((r) => setImmediate(r));

  const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
  expect(requests.length).toBeGreaterThanOrEqual(5);
  for (const r of requests) {
    expect(r.reqId).toEqual(expect.any(String));
    expect(typeof r.status).toBe('number');
  }
  const all = lines.join('\n');
  for (const secret of [ws.scimToken, ws.adminToken, secretName, secretName.toLowerCase(), 'Zebulon', 'Quixote', 'zq-1']) {
    expect(all).not.toContain(secret);
  }
});

test('database errors are logged without their SQL and parameters', () => {
  const dbError = Object.assign(new Error("insert into person (user_name) values ('someone@private.example') - duplicate key"), {
    name: 'UniqueConstraintViolationException',
    code: '23505',
  });
  const logged = JSON.stringify(loggableError(dbError));
  expect(logged).not.toContain('someone@private.example');
  expect(logged).toContain('23505');
  expect(loggableError(new Error('plain failure'))).toMatchObject({ type: 'Error', message: 'plain failure' });
});
