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

  constructor(private readonly em: EntityManager) {}

  /** Resolves a bearer secret to its live credential and workspace, or null. */
  async authenticate(secret: string): Promise<CredentialPrincipal | null> {
    if (!secret || secret.length > 512) return null;
    const em = this.em.fork();
    const cred = await em.findOne(
      Credential,
      { secretHash: hashSecret(secret), revokedAt: null },
      { populate: ['workspace'] },
    );
    if (!cred) return null;
    this.touch(cred.id);
    return {
      credentialId: cred.id,
      kind: cred.kind,
      workspaceId: cred.workspace.id,
      workspaceSlug: cred.workspace.slug,
      scimEnabled: cred.workspace.scimEnabled,
    };
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
