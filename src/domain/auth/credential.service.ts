// Bearer secrets: admin tokens (workspace admins), SCIM tokens (identity providers) and read-only
// directory API tokens (intranet back ends). Secrets are 256-bit random with a recognisable prefix
// (so secret scanners and people can tell what leaked); only their SHA-256 is stored. Several SCIM
// tokens may be live at once, so an admin can rotate without downtime: generate the new one, paste
// it into Entra, revoke the old one.
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../errors.js';
import { Workspace } from '../workspace/workspace.entity.js';
import { Credential, CredentialKind } from './credential.entity.js';
import type { CredentialPrincipal } from './principal.js';

const SECRET_PREFIX: Record<CredentialKind, string> = { admin: 'orgraph_admin_', scim: 'orgraph_scim_', api: 'orgraph_api_' };
/** Every opaque token we issue starts with this; anything else is not ours (e.g. a JWT). */
export const OPAQUE_TOKEN_PREFIX = 'orgraph_';
/** How many characters of a secret we keep to help people recognise it (prefix + 6 random). */
const SHOWN_LENGTH = 6;
/** lastUsedAt is written at most this often per credential, so authentication stays read-only. */
const LAST_USED_RESOLUTION_MS = 60_000;
/**
 * How long a process trusts a looked-up credential before asking the database again. Every SCIM
 * and GraphQL request authenticates, and the lookup was a third of a SCIM call's CPU (bench
 * orm-overhead). Revoking a token or switching SCIM off clears this process's cache at once; other
 * processes of the same deployment notice within this time.
 */
export const CREDENTIAL_CACHE_MS = 5_000;
/** Only live credentials are cached (unknown secrets never are), so this bounds a deployment's token count, not an attacker's. */
const CREDENTIAL_CACHE_MAX = 10_000;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function newSecret(kind: CredentialKind): string {
  return SECRET_PREFIX[kind] + randomBytes(32).toString('base64url');
}

/** The SCIM adapter's name for a credential principal (see principal.ts for all kinds). */
export type { CredentialPrincipal as Principal } from './principal.js';

export class CredentialService {
  private readonly lastTouched = new Map<string, number>();
  /** secret hash → principal, while fresh (see CREDENTIAL_CACHE_MS). */
  private readonly cache = new Map<string, { principal: CredentialPrincipal; until: number }>();
  /** Bumped by every invalidation, so a lookup that started before one does not refill the cache with what it read. */
  private generation = 0;

  constructor(private readonly em: EntityManager) {}

  /** Resolves a bearer secret to its live credential and workspace, or null. */
  async authenticate(secret: string): Promise<CredentialPrincipal | null> {
    if (!secret || secret.length > 512) return null;
    const hash = hashSecret(secret);
    const now = Date.now();
    const cached = this.cache.get(hash);
    if (cached && cached.until > now) {
      this.touch(cached.principal.credentialId);
      return cached.principal;
    }
    this.cache.delete(hash);
    const generation = this.generation;
    // Plain SQL: the entity lookup with populate cost ~0.7 ms of CPU per request for one row.
    const [row] = await this.em.fork().execute<{ id: string; kind: CredentialKind; workspace_id: string; slug: string; scim_enabled: boolean }[]>(
      `SELECT c.id, c.kind, c.workspace_id, w.slug, w.scim_enabled
         FROM credential c JOIN workspace w ON w.id = c.workspace_id
        WHERE c.secret_hash = ? AND c.revoked_at IS NULL`,
      [hash],
    );
    if (!row) return null;
    const principal: CredentialPrincipal = {
      credentialId: row.id,
      kind: row.kind,
      workspaceId: row.workspace_id,
      workspaceSlug: row.slug,
      scimEnabled: row.scim_enabled,
    };
    if (generation === this.generation) {
      if (this.cache.size >= CREDENTIAL_CACHE_MAX) this.cache.clear();
      this.cache.set(hash, { principal, until: now + CREDENTIAL_CACHE_MS });
    }
    this.touch(row.id);
    return principal;
  }

  /** Forgets every cached credential: call after anything that revokes a token or changes what a principal may do. */
  invalidate(): void {
    this.generation += 1;
    this.cache.clear();
  }

  /** Records use without delaying the request; at most once a minute per credential and process. */
  private touch(id: string): void {
    const now = Date.now();
    if ((this.lastTouched.get(id) ?? 0) > now - LAST_USED_RESOLUTION_MS) return;
    this.lastTouched.set(id, now);
    this.em
      .fork()
      .nativeUpdate(Credential, { id }, { lastUsedAt: new Date(now) })
      .catch(() => this.lastTouched.delete(id));
  }

  async issue(workspaceId: string, kind: CredentialKind, label: string | null, secret = newSecret(kind)): Promise<{ credential: Credential; secret: string }> {
    const em = this.em.fork();
    const credential = em.create(Credential, {
      workspace: em.getReference(Workspace, workspaceId),
      kind,
      label: label?.trim() || null,
      prefix: secret.slice(0, secret.startsWith(SECRET_PREFIX[kind]) ? SECRET_PREFIX[kind].length + SHOWN_LENGTH : SHOWN_LENGTH),
      secretHash: hashSecret(secret),
    });
    await em.persistAndFlush(credential);
    return { credential, secret };
  }

  async list(workspaceId: string, kind: CredentialKind): Promise<Credential[]> {
    return this.em.fork().find(
      Credential,
      { workspace: workspaceId, kind, revokedAt: null },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
  }

  /** Revokes a live credential of this workspace; anything else (other workspace, unknown) is NOT_FOUND. */
  async revoke(workspaceId: string, kind: CredentialKind, id: string): Promise<void> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new DomainError('NOT_FOUND', 'No such token');
    const n = await this.em
      .fork()
      .nativeUpdate(Credential, { id, workspace: workspaceId, kind, revokedAt: null }, { revokedAt: new Date() });
    this.invalidate();
    if (n === 0) throw new DomainError('NOT_FOUND', 'No such token');
  }

  /**
   * Makes ADMIN_TOKEN the bootstrap admin credential of a workspace: adds it when new and revokes
   * an earlier bootstrap secret that the environment no longer names (so changing the variable rotates it).
   */
  async ensureBootstrapAdmin(workspaceId: string, secret: string): Promise<void> {
    const em = this.em.fork();
    const hash = hashSecret(secret);
    const label = 'bootstrap (ADMIN_TOKEN)';
    await em.nativeUpdate(
      Credential,
      { workspace: workspaceId, kind: 'admin', label, revokedAt: null, secretHash: { $ne: hash } },
      { revokedAt: new Date() },
    );
    this.invalidate();
    const existing = await em.findOne(Credential, { secretHash: hash });
    if (existing) {
      if (existing.workspace.id !== workspaceId || existing.kind !== 'admin') {
        throw new DomainError('CONFLICT', 'ADMIN_TOKEN is already used by another credential');
      }
      if (existing.revokedAt) await em.nativeUpdate(Credential, { id: existing.id }, { revokedAt: null });
      return;
    }
    await this.issue(workspaceId, 'admin', label, secret);
  }

  async hasAdmin(workspaceId: string): Promise<boolean> {
    return (await this.em.fork().count(Credential, { workspace: workspaceId, kind: 'admin', revokedAt: null })) > 0;
  }
}
