// Records what provisioning did. Successful changes are written in the same transaction as the
// change itself (so the log never claims what did not happen); refusals are written on their own.
import type { EntityManager } from '@mikro-orm/postgresql';
import { Workspace } from '../workspace/workspace.entity.js';
import { ProvisioningEvent, ProvisioningLogEntry, ProvisioningOutcome, ProvisioningWarning } from './provisioning-log.entity.js';

export interface LogInput {
  workspaceId: string;
  credentialId: string | null;
  operation: string;
  resourceType?: string;
  resourceId?: string | null;
  externalId?: string | null;
  changedAttributes?: string[];
  outcome: ProvisioningOutcome;
  status: number;
  scimType?: string | null;
  detail?: string | null;
  warnings?: ProvisioningWarning[];
  event?: ProvisioningEvent | null;
  managerLinksResolved?: number;
  managerPending?: boolean;
}

export class ProvisioningLogService {
  constructor(private readonly em: EntityManager) {}

  /** Adds an entry to the given (transactional) EntityManager; flushed with the caller's change. */
  add(em: EntityManager, input: LogInput): void {
    em.persist(this.build(em, input));
  }

  /** Writes an entry on its own, for refused calls whose own transaction rolled back. */
  async record(input: LogInput): Promise<void> {
    const em = this.em.fork();
    await em.persistAndFlush(this.build(em, input));
  }

  private build(em: EntityManager, input: LogInput): ProvisioningLogEntry {
    return em.create(ProvisioningLogEntry, {
      workspace: em.getReference(Workspace, input.workspaceId),
      credentialId: input.credentialId,
      operation: input.operation,
      resourceType: input.resourceType ?? 'User',
      resourceId: input.resourceId ?? null,
      externalId: input.externalId ?? null,
      changedAttributes: input.changedAttributes ?? [],
      outcome: input.outcome,
      status: input.status,
      scimType: input.scimType ?? null,
      // Details are our own messages; cap them so a hostile body cannot bloat the log.
      detail: input.detail ? input.detail.slice(0, 1000) : null,
      warnings: input.warnings ?? [],
      event: input.event ?? (input.outcome === 'refused' ? 'refused' : null),
      managerLinksResolved: input.managerLinksResolved ?? 0,
      managerPending: input.managerPending ?? false,
    });
  }

  /** Entries of one workspace, newest first (the full reader comes with the admin API). */
  async recent(workspaceId: string, limit = 100): Promise<ProvisioningLogEntry[]> {
    return this.em.fork().find(ProvisioningLogEntry, { workspace: workspaceId }, { orderBy: { id: 'desc' }, limit });
  }
}
