// Authentication: admin, SCIM and read-only directory API tokens, and Entra ID sign-in tokens (OIDC)
// verified against a JWKS served locally from a key pair generated here.
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { CompactSign, exportJWK, exportSPKI, generateKeyPair, JWTPayload, KeyLike, SignJWT } from 'jose';
import type { OidcConfig } from '../src/config';
import { AuthService } from '../src/domain/auth/auth.service';
import { OidcVerifier } from '../src/domain/auth/oidc-verifier';
import type { Principal } from '../src/domain/auth/principal';
import { GraphQLContext, requireAdmin, requireReader } from '../src/graphql/context';
import {
  ApiTokensDocument,
  CreateApiTokenDocument,
  GenerateScimTokenDocument,
  PersonByExternalIdDocument,
  RevokeApiTokenDocument,
  UpdateProvisioningSettingsDocument,
  UpdateWorkspaceSettingsDocument,
  ViewerDocument,
  WorkspaceSettingsDocument,
} from './generated/operations';
import { createTestApp, TestApp } from './support/test-app';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const TENANT_B = '0b1f6e5e-3c2a-4d8e-9f00-aa11bb22cc33';
const TENANT_C = 'c0c0c0c0-1111-4222-8333-444455556666';
const TENANT_UNLINKED = 'deadbeef-0000-4000-8000-000000000000';
const CLIENT_ID = '6e74172b-be56-4843-9ff4-e66a39bb12e3';
const OID = '00000000-0000-0000-66f3-3332eca7ea81';
const entraIssuer = (tid: string) => `https://login.microsoftonline.com/${tid}/v2.0`;

let jwks: Server;
let jwksRequests = 0;
let signing: { publicKey: KeyLike; privateKey: KeyLike };
let unpublished: { publicKey: KeyLike; privateKey: KeyLike };
let oidc: OidcConfig;
let t: TestApp; // single-tenant issuer
let m: TestApp; // multi-tenant issuer ({tenantid})
let logs = '';
const minted = new Set<string>();

beforeAll(async () => {
  signing = await generateKeyPair('RS256');
  unpublished = await generateKeyPair('RS256');
  const body = JSON.stringify({ keys: [{ ...(await exportJWK(signing.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] });
  jwks = createServer((req, res) => {
    jwksRequests++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/discovery/v2.0/keys`;
  oidc = { issuer: entraIssuer(TENANT), audiences: [CLIENT_ID, `api://${CLIENT_ID}`], jwksUrl };
  const logStream = new Writable({ write: (chunk, _enc, done) => ((logs += String(chunk)), done()) });
  [t, m] = await Promise.all([
    createTestApp({ oidc, logStream }),
    createTestApp({ oidc: { ...oidc, issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0' } }),
  ]);
});
afterAll(async () => {
  await Promise.all([t?.close(), m?.close()]);
  await new Promise((resolve) => jwks?.close(resolve));
});

type GqlResult<R> = { status: number; data?: R | null; errors?: { message: string; extensions: { code: string } }[] };

async function gql<R, V>(app: TestApp, doc: TypedDocumentNode<R, V>, variables: V, token?: string): Promise<GqlResult<R>> {
  const req = app.http.post('/graphql').set('Content-Type', 'application/json');
  const res = await (token ? req.set('Authorization', `Bearer ${token}`) : req).send({ query: print(doc), variables });
  expect(res.status).toBeLessThan(500);
  return { status: res.status, ...res.body };
}

const codeOf = (r: GqlResult<unknown>) => r.errors?.[0]?.extensions.code;

/** A signed token; `claims` override (undefined removes) the defaults of a valid Entra token. */
async function mint(
  claims: Record<string, unknown> = {},
  opts: { key?: KeyLike | Uint8Array; kid?: string; alg?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    iss: entraIssuer(TENANT),
    aud: CLIENT_ID,
    sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ',
    tid: TENANT,
    oid: OID,
    name: 'Megan Bowen',
    iat: now,
    nbf: now,
    exp: now + 3600,
    ...claims,
  };
  for (const k of Object.keys(payload)) if (payload[k] === undefined) delete payload[k];
  const token = await new SignJWT(payload as JWTPayload)
    .setProtectedHeader({ alg: opts.alg ?? 'RS256', kid: opts.kid ?? 'k1', typ: 'JWT' })
    .sign(opts.key ?? signing.privateKey);
  minted.add(token);
  return token;
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('OpenID Connect sign-in tokens (Entra ID)', () => {
  let workspaceId: string;
  let adminToken: string;
  beforeAll(async () => {
    const ws = await t.workspace('contoso');
    workspaceId = ws.id;
    adminToken = ws.adminToken;
    await t.app.services.workspaces.setEntraTenantId(ws.id, TENANT.toUpperCase());
  });

  test('a valid token for the workspace tenant is a user principal carrying oid and sub', async () => {
    const token = await mint();
    const auth = await t.app.services.auth.authenticate(token);
    expect(auth).toEqual({
      principal: {
        kind: 'user',
        workspaceId,
        workspaceSlug: 'contoso',
        scimEnabled: true,
        externalId: OID,
        subject: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ',
        tenantId: TENANT,
      },
    });
    // Over HTTP: authenticated, but a person is not an admin.
    const res = await gql(t, ApiTokensDocument, {}, token);
    expect(codeOf(res)).toBe('FORBIDDEN');
    // A second configured audience (the App ID URI of an access token) is accepted too.
    expect((await t.app.services.auth.authenticate(await mint({ aud: `api://${CLIENT_ID}` }))).principal?.kind).toBe('user');
    expect((await t.app.services.auth.authenticate(await mint({ aud: ['someone-else', CLIENT_ID] }))).principal?.kind).toBe('user');
  });

  test('clock skew within the tolerance is accepted', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await t.app.services.auth.authenticate(await mint({ exp: now - 30 }))).principal?.kind).toBe('user');
    expect((await t.app.services.auth.authenticate(await mint({ nbf: now + 30 }))).principal?.kind).toBe('user');
  });

  test.each([
    ['wrong issuer', () => mint({ iss: 'https://sts.windows.net/' + TENANT + '/' }), /issuer \(iss\)/],
    ['wrong audience', () => mint({ aud: 'api://another-app' }), /not meant for this service \(aud\)/],
    ['expired', () => mint({ exp: Math.floor(Date.now() / 1000) - 120 }), /expired/],
    ['not yet valid', () => mint({ nbf: Math.floor(Date.now() / 1000) + 120 }), /not valid yet/],
    ['without exp', () => mint({ exp: undefined }), /no "exp" claim/],
    ['without oid', () => mint({ oid: undefined }), /no "oid" claim/],
    ['with a tid that is not a GUID', () => mint({ tid: 'contoso.onmicrosoft.com' }), /"tid"/],
    ['unknown kid', () => mint({}, { key: unpublished.privateKey, kid: 'k2' }), /key the issuer does not publish/],
    ['signed by another key under the known kid', () => mint({}, { key: unpublished.privateKey }), /signature is invalid/],
    ['HS256 keyed with the public key (algorithm confusion)', async () => mint({}, { alg: 'HS256', key: new TextEncoder().encode(await exportSPKI(signing.publicKey)) }), /algorithm is not accepted/],
    ['alg none', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: entraIssuer(TENANT), aud: CLIENT_ID, tid: TENANT, oid: OID, sub: 's', exp: 9e9 })}.`, /algorithm is not accepted/],
    ['validly signed, but its payload is not JSON', () => new CompactSign(new TextEncoder().encode('not json')).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(signing.privateKey), /not a well-formed sign-in token/],
    ['garbage in JWT shape', async () => 'abc.def.ghi', /unknown or has been revoked/],
    ['garbage', async () => 'hello!world', /unknown or has been revoked/],
    ['a tenant no workspace is linked to', () => mint({ tid: TENANT_UNLINKED }), /No workspace is linked/],
  ])('%s → UNAUTHENTICATED with a reason, never the token', async (_name, make, reason) => {
    const token = await make();
    minted.add(token);
    const auth = await t.app.services.auth.authenticate(token);
    expect(auth.principal).toBeNull();
    expect(auth.failure).toMatch(reason);
    expect(auth.fault).toBeUndefined();
    const res = await gql(t, ApiTokensDocument, {}, token);
    expect(res.data).toBeNull();
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    expect(res.errors![0].message).toMatch(reason);
    expect(JSON.stringify(res)).not.toContain(token.slice(0, 40));
  });

  test('end to end: the signed-in person is the viewer; an API token reads but is nobody', async () => {
    const ws = await t.workspace();
    await t.app.services.workspaces.setEntraTenantId(ws.id, TENANT_C);
    const created = await ws.scim.post('/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'megan@contoso.example',
      externalId: OID,
      displayName: 'Megan Bowen',
    });
    expect(created.status).toBe(201);
    const token = await mint({ tid: TENANT_C });
    expect((await gql(t, ViewerDocument, {}, token)).data!.viewer).toEqual({ externalId: OID });
    expect((await gql(t, ViewerDocument, {}, await mint({ tid: TENANT_C, oid: 'someone-not-provisioned' }))).data!.viewer).toBeNull();
    const { token: api } = (await gql(t, CreateApiTokenDocument, { input: null }, ws.adminToken)).data!.createApiToken;
    expect((await gql(t, ViewerDocument, {}, api)).data!.viewer).toBeNull();
    expect((await gql(t, PersonByExternalIdDocument, { externalId: OID }, api)).data!.personByExternalId).not.toBeNull();
    const expired = await gql(t, ViewerDocument, {}, await mint({ tid: TENANT_C, exp: Math.floor(Date.now() / 1000) - 300 }));
    expect(codeOf(expired)).toBe('UNAUTHENTICATED');
    expect(codeOf(await gql(t, ViewerDocument, {}, ws.scimToken))).toBe('FORBIDDEN');
  });

  test('the JWKS is fetched once and cached across requests', async () => {
    const before = jwksRequests;
    for (let i = 0; i < 5; i++) expect((await t.app.services.auth.authenticate(await mint())).principal).not.toBeNull();
    expect(jwksRequests).toBe(before);
    expect(before).toBeGreaterThanOrEqual(1);
  });

  test('unlinking the tenant stops its sign-in tokens; a SCIM endpoint never accepts them', async () => {
    const token = await mint();
    expect((await t.http.get('/scim/v2/Users').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    const unlinked = await gql(t, UpdateWorkspaceSettingsDocument, { input: { entraTenantId: null } }, adminToken);
    expect(unlinked.data!.updateWorkspaceSettings).toEqual({ slug: 'contoso', entraTenantId: null });
    expect((await t.app.services.auth.authenticate(token)).failure).toMatch(/No workspace is linked/);
    const relinked = await gql(t, UpdateWorkspaceSettingsDocument, { input: { entraTenantId: TENANT } }, adminToken);
    expect(relinked.data!.updateWorkspaceSettings.entraTenantId).toBe(TENANT);
    expect((await t.app.services.auth.authenticate(token)).principal?.kind).toBe('user');
  });

  test('without OIDC configuration JWTs are simply refused', async () => {
    const plain = new AuthService(t.app.services.credentials, t.app.services.workspaces, null);
    const auth = await plain.authenticate(await mint());
    expect(auth).toEqual({ principal: null, failure: expect.stringMatching(/OpenID Connect is not configured/) });
    // Opaque tokens are unaffected.
    expect((await plain.authenticate(adminToken)).principal?.kind).toBe('admin');
  });

  test("an operator's ADMIN_TOKEN of any shape is still an admin token next to OIDC", async () => {
    for (const secret of ['env-admin-token-aaaaaaaaaaaaaaaaaaaaaaaa', 'my.admin.token-bbbbbbbbbbbbbbbbbbbb']) {
      await t.app.services.workspaces.bootstrap(secret);
      expect((await t.app.services.auth.authenticate(secret)).principal).toMatchObject({ kind: 'admin', workspaceSlug: 'default' });
    }
  });

  test('unreachable signing keys: refused, and the fault is for the log', async () => {
    const verifier = new OidcVerifier({ ...oidc, jwksUrl: 'http://127.0.0.1:1/keys' });
    const result = await verifier.verify(await mint());
    expect(result).toMatchObject({ ok: false, failure: expect.stringMatching(/signing keys are unavailable/) });
    expect(result.ok === false && result.fault).toBeTruthy();
  });
});

describe('multi-tenant issuer ({tenantid} placeholder)', () => {
  let a: string;
  let b: string;
  beforeAll(async () => {
    a = (await m.workspace('tenant-a')).id;
    b = (await m.workspace('tenant-b')).id;
    await m.app.services.workspaces.setEntraTenantId(a, TENANT);
    await m.app.services.workspaces.setEntraTenantId(b, TENANT_B);
  });

  test('tid selects the workspace, and iss must name that same tenant', async () => {
    const inA = await m.app.services.auth.authenticate(await mint());
    expect(inA.principal).toMatchObject({ kind: 'user', workspaceId: a, externalId: OID, tenantId: TENANT });
    const inB = await m.app.services.auth.authenticate(await mint({ tid: TENANT_B, iss: entraIssuer(TENANT_B), oid: 'b-oid' }));
    expect(inB.principal).toMatchObject({ kind: 'user', workspaceId: b, externalId: 'b-oid' });

    // A token from tenant A claiming tenant B's tid (or the reverse) matches no issuer.
    const crossed = await m.app.services.auth.authenticate(await mint({ tid: TENANT_B }));
    expect(crossed).toMatchObject({ principal: null, failure: expect.stringMatching(/issuer \(iss\)/) });
    expect(codeOf(await gql(m, ApiTokensDocument, {}, await mint({ tid: TENANT_B })))).toBe('UNAUTHENTICATED');
    // The placeholder is not a wildcard for anything else in the issuer.
    const other = await m.app.services.auth.authenticate(await mint({ iss: 'https://evil.example/' + TENANT + '/v2.0' }));
    expect(other.principal).toBeNull();
    // A consistent token from a tenant no workspace is linked to.
    const unlinked = await m.app.services.auth.authenticate(await mint({ tid: TENANT_UNLINKED, iss: entraIssuer(TENANT_UNLINKED) }));
    expect(unlinked.failure).toMatch(/No workspace is linked/);
  });
});

describe('read-only directory API tokens', () => {
  test('admins create, list and revoke them; only hashes are stored; a revoked token stops working', async () => {
    const ws = await t.workspace();
    const created = await gql(t, CreateApiTokenDocument, { input: { label: 'Intranet back end' } }, ws.adminToken);
    const { token, info } = created.data!.createApiToken;
    expect(token).toMatch(/^orgraph_api_[A-Za-z0-9_-]{43}$/);
    expect(info).toMatchObject({ label: 'Intranet back end', lastUsedAt: null });
    expect(info.prefix).toMatch(/^orgraph_api_.{6}$/);
    expect(token.startsWith(info.prefix)).toBe(true);
    const second = await gql(t, CreateApiTokenDocument, { input: null }, ws.adminToken);

    const auth = await t.app.services.auth.authenticate(token);
    expect(auth.principal).toMatchObject({ kind: 'api', workspaceId: ws.id, credentialId: info.id });
    // Used once above: lastUsedAt is recorded without delaying the request.
    let listed = await gql(t, ApiTokensDocument, {}, ws.adminToken);
    for (let i = 0; i < 20 && !listed.data!.apiTokens[0].lastUsedAt; i++) {
      await new Promise((r) => setTimeout(r, 50));
      listed = await gql(t, ApiTokensDocument, {}, ws.adminToken);
    }
    expect(listed.data!.apiTokens.map((x) => [x.id, x.label])).toEqual([
      [info.id, 'Intranet back end'],
      [second.data!.createApiToken.info.id, null],
    ]);
    expect(listed.data!.apiTokens[0].lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(token);
    // API tokens are not SCIM tokens and not listed as such, nor the other way round.
    expect((await t.app.services.credentials.list(ws.id, 'scim')).map((c) => c.id)).not.toContain(info.id);

    const rows: { kind: string; secret_hash: string }[] = await t.orm.em
      .fork()
      .getConnection()
      .execute(`SELECT kind, secret_hash FROM credential WHERE workspace_id = ?`, [ws.id]);
    expect(rows.filter((r) => r.kind === 'api')).toHaveLength(2);
    for (const row of rows) {
      expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.secret_hash).not.toBe(token);
    }

    const revoked = await gql(t, RevokeApiTokenDocument, { id: info.id }, ws.adminToken);
    expect(revoked.data!.revokeApiToken).toBe(true);
    const after = await t.app.services.auth.authenticate(token);
    expect(after).toEqual({ principal: null, failure: 'The token is unknown or has been revoked' });
    const refused = await gql(t, ApiTokensDocument, {}, token);
    expect(codeOf(refused)).toBe('UNAUTHENTICATED');
    expect(refused.errors![0].message).toContain('revoked');
    expect((await gql(t, ApiTokensDocument, {}, ws.adminToken)).data!.apiTokens.map((x) => x.id)).toEqual([second.data!.createApiToken.info.id]);
    expect(codeOf(await gql(t, RevokeApiTokenDocument, { id: info.id }, ws.adminToken))).toBe('NOT_FOUND');
  });

  test("another workspace's admin cannot list or revoke them; revoking a SCIM token id as an API token fails", async () => {
    const owner = await t.workspace();
    const stranger = await t.workspace();
    const { token, info } = (await gql(t, CreateApiTokenDocument, { input: { label: 'x' } }, owner.adminToken)).data!.createApiToken;
    expect((await gql(t, ApiTokensDocument, {}, stranger.adminToken)).data!.apiTokens).toEqual([]);
    expect(codeOf(await gql(t, RevokeApiTokenDocument, { id: info.id }, stranger.adminToken))).toBe('NOT_FOUND');
    expect((await t.app.services.auth.authenticate(token)).principal?.kind).toBe('api');

    const scim = (await gql(t, GenerateScimTokenDocument, { input: null }, owner.adminToken)).data!.generateScimToken;
    expect(codeOf(await gql(t, RevokeApiTokenDocument, { id: scim.info.id }, owner.adminToken))).toBe('NOT_FOUND');
    expect(codeOf(await gql(t, RevokeApiTokenDocument, { id: 'nope' }, owner.adminToken))).toBe('NOT_FOUND');
    expect(codeOf(await gql(t, CreateApiTokenDocument, { input: { label: 'x'.repeat(201) } }, owner.adminToken))).toBe('BAD_USER_INPUT');
  });

  test('an API token cannot administer (FORBIDDEN) nor provision over SCIM (401)', async () => {
    const ws = await t.workspace();
    const { token } = (await gql(t, CreateApiTokenDocument, { input: null }, ws.adminToken)).data!.createApiToken;
    expect(codeOf(await gql(t, ApiTokensDocument, {}, token))).toBe('FORBIDDEN');
    expect(codeOf(await gql(t, CreateApiTokenDocument, { input: null }, token))).toBe('FORBIDDEN');
    expect(codeOf(await gql(t, UpdateProvisioningSettingsDocument, { input: { scimEnabled: false } }, token))).toBe('FORBIDDEN');
    expect(codeOf(await gql(t, UpdateWorkspaceSettingsDocument, { input: { entraTenantId: TENANT_UNLINKED } }, token))).toBe('FORBIDDEN');
    expect((await t.http.get('/scim/v2/Users').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    // And the admin token is not a SCIM token either, while the SCIM token still works.
    expect((await t.http.get('/scim/v2/Users').set('Authorization', `Bearer ${ws.adminToken}`)).status).toBe(401);
    expect((await ws.scim.get('/Users')).status).toBe(200);
  });

  test('a SCIM token on GraphQL → FORBIDDEN; no token or an unknown one → UNAUTHENTICATED', async () => {
    const ws = await t.workspace();
    expect(codeOf(await gql(t, ApiTokensDocument, {}, ws.scimToken))).toBe('FORBIDDEN');
    expect(codeOf(await gql(t, ApiTokensDocument, {}))).toBe('UNAUTHENTICATED');
    const unknown = await gql(t, ApiTokensDocument, {}, 'orgraph_api_' + 'A'.repeat(43));
    expect(codeOf(unknown)).toBe('UNAUTHENTICATED');
    expect(unknown.errors![0].message).toBe('The token is unknown or has been revoked');
  });
});

describe('requireReader / requireAdmin', () => {
  const ctx = (principal: Principal | null, authFailure?: string) => ({ principal, authFailure }) as GraphQLContext;
  const base = { workspaceId: 'w', workspaceSlug: 'w', scimEnabled: true };
  const codeThrown = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return { code: (e as { extensions?: { code?: string } }).extensions?.code, message: (e as Error).message };
    }
    return null;
  };

  test('admins, API tokens and signed-in people may read; SCIM tokens may not; nobody is UNAUTHENTICATED', () => {
    const admin: Principal = { ...base, kind: 'admin', credentialId: 'a' };
    const api: Principal = { ...base, kind: 'api', credentialId: 'b' };
    const user: Principal = { ...base, kind: 'user', externalId: OID, subject: 's', tenantId: TENANT };
    const scim: Principal = { ...base, kind: 'scim', credentialId: 'c' };
    for (const p of [admin, api, user]) expect(requireReader(ctx(p))).toBe(p);
    expect(codeThrown(() => requireReader(ctx(scim)))?.code).toBe('FORBIDDEN');
    expect(codeThrown(() => requireReader(ctx(null)))?.code).toBe('UNAUTHENTICATED');
    expect(codeThrown(() => requireReader(ctx(null, 'The sign-in token has expired (exp)')))).toEqual({ code: 'UNAUTHENTICATED', message: 'The sign-in token has expired (exp)' });
    expect(requireAdmin(ctx(admin))).toBe(admin);
    for (const p of [api, user, scim]) expect(codeThrown(() => requireAdmin(ctx(p)))?.code).toBe('FORBIDDEN');
  });
});

describe('workspace settings: the Entra tenant link', () => {
  test('admins link, normalise, refuse duplicates and bad ids', async () => {
    const ws = await t.workspace();
    const other = await t.workspace();
    expect((await gql(t, WorkspaceSettingsDocument, {}, ws.adminToken)).data!.workspaceSettings).toEqual({ slug: ws.slug, name: ws.slug, entraTenantId: null });
    const set = await gql(t, UpdateWorkspaceSettingsDocument, { input: { entraTenantId: ` ${TENANT_B.toUpperCase()} ` } }, ws.adminToken);
    expect(set.data!.updateWorkspaceSettings.entraTenantId).toBe(TENANT_B);
    // Omitted leaves it as it is.
    expect((await gql(t, UpdateWorkspaceSettingsDocument, { input: {} }, ws.adminToken)).data!.updateWorkspaceSettings.entraTenantId).toBe(TENANT_B);
    expect(codeOf(await gql(t, UpdateWorkspaceSettingsDocument, { input: { entraTenantId: TENANT_B } }, other.adminToken))).toBe('CONFLICT');
    expect(codeOf(await gql(t, UpdateWorkspaceSettingsDocument, { input: { entraTenantId: 'contoso.onmicrosoft.com' } }, other.adminToken))).toBe('BAD_USER_INPUT');
    expect(codeOf(await gql(t, WorkspaceSettingsDocument, {}, ws.scimToken))).toBe('FORBIDDEN');
    expect(codeOf(await gql(t, WorkspaceSettingsDocument, {}))).toBe('UNAUTHENTICATED');
  });
});

afterAll(() => {
  // Checked last: no token we minted or refused appears in any log line.
  expect(logs.length).toBeGreaterThan(0);
  for (const token of minted) expect(logs).not.toContain(token.split('.')[2] || token);
});
