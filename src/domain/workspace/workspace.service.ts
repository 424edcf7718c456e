// Workspaces (tenants): the default one every installation has, the ones operators add, their
// provisioning switch and the Entra tenant whose sign-in tokens they accept.
import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { CredentialService } from '../auth/credential.service.js';
import { DomainError } from '../errors.js';
import { Workspace } from './workspace.entity.js';

export const DEFAULT_WORKSPACE_SLUG = 'default';
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class WorkspaceService {
  constructor(
    private readonly em: EntityManager,
    private readonly credentials: CredentialService,
  ) {}

  async get(id: string): Promise<Workspace> {
    const ws = await this.em.fork().findOne(Workspace, { id });
    if (!ws) throw new DomainError('NOT_FOUND', 'No such workspace');
    return ws;
  }

  async findBySlug(slug: string): Promise<Workspace | null> {
    return this.em.fork().findOne(Workspace, { slug });
  }

  /**
   * Creates a workspace with its first admin token. The secret is returned once and never stored.
   */
  async create(slug: string, name?: string, adminSecret?: string): Promise<{ workspace: Workspace; adminToken: string }> {
    if (!SLUG.test(slug)) {
      throw new DomainError('INVALID_VALUE', 'A workspace slug is 1-63 lower-case letters, digits and dashes', 'slug');
    }
    const em = this.em.fork();
    const workspace = em.create(Workspace, { slug, name: name?.trim() || slug });
    try {
      await em.persistAndFlush(workspace);
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) {
        throw new DomainError('CONFLICT', `A workspace "${slug}" already exists`, 'slug');
      }
      throw err;
    }
    const { secret } = await this.credentials.issue(workspace.id, 'admin', 'initial admin token', adminSecret);
    return { workspace, adminToken: secret };
  }

  /**
   * Makes sure the default workspace exists and has an admin credential. With ADMIN_TOKEN that is
   * the bootstrap credential; without it, the first start generates one and returns it (to print once).
   */
  async bootstrap(adminToken?: string): Promise<{ workspace: Workspace; generatedAdminToken?: string }> {
    let workspace = await this.findBySlug(DEFAULT_WORKSPACE_SLUG);
    if (!workspace) {
      try {
        const em = this.em.fork();
        workspace = em.create(Workspace, { slug: DEFAULT_WORKSPACE_SLUG, name: 'Default workspace' });
        await em.persistAndFlush(workspace);
      } catch (err) {
        // Another instance starting at the same moment created it.
        if (!(err instanceof UniqueConstraintViolationException)) throw err;
        workspace = (await this.findBySlug(DEFAULT_WORKSPACE_SLUG))!;
      }
    }
    if (adminToken) {
      await this.credentials.ensureBootstrapAdmin(workspace.id, adminToken);
      return { workspace };
    }
    if (await this.credentials.hasAdmin(workspace.id)) return { workspace };
    const { secret } = await this.credentials.issue(workspace.id, 'admin', 'generated at first start');
    return { workspace, generatedAdminToken: secret };
  }

  /** The workspace that sign-in tokens of this Entra tenant (`tid`) open, if any. */
  async findByEntraTenantId(tenantId: string): Promise<Workspace | null> {
    const tid = tenantId.toLowerCase();
    return TENANT_ID.test(tid) ? this.em.fork().findOne(Workspace, { entraTenantId: tid }) : null;
  }

  /** Links the workspace to an Entra tenant (a GUID), or unlinks it (null). One workspace per tenant. */
  async setEntraTenantId(workspaceId: string, tenantId: string | null): Promise<Workspace> {
    const tid = tenantId?.trim().toLowerCase() || null;
    if (tid !== null && !TENANT_ID.test(tid)) {
      throw new DomainError('INVALID_VALUE', 'An Entra tenant id is a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47', 'entraTenantId');
    }
    const em = this.em.fork();
    const ws = await em.findOne(Workspace, { id: workspaceId });
    if (!ws) throw new DomainError('NOT_FOUND', 'No such workspace');
    ws.entraTenantId = tid;
    try {
      await em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) {
        throw new DomainError('CONFLICT', 'Another workspace is already linked to this Entra tenant', 'entraTenantId');
      }
      throw err;
    }
    return ws;
  }

  async setScimEnabled(workspaceId: string, enabled: boolean): Promise<Workspace> {
    const em = this.em.fork();
    const ws = await em.findOne(Workspace, { id: workspaceId });
    if (!ws) throw new DomainError('NOT_FOUND', 'No such workspace');
    ws.scimEnabled = enabled;
    await em.flush();
    this.credentials.invalidate(); // cached principals carry scimEnabled
    return ws;
  }
}
