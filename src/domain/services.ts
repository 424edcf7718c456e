// Builds the domain services by hand (no container): every adapter receives this object.
import type { EntityManager } from '@mikro-orm/postgresql';
import { CredentialService } from './auth/credential.service.js';
import { PersonService } from './person/person.service.js';
import { ProvisioningLogService } from './provisioning-log/provisioning-log.service.js';
import { WorkspaceService } from './workspace/workspace.service.js';

export interface Services {
  credentials: CredentialService;
  workspaces: WorkspaceService;
  people: PersonService;
  provisioningLog: ProvisioningLogService;
}

export function createServices(em: EntityManager): Services {
  const credentials = new CredentialService(em);
  const provisioningLog = new ProvisioningLogService(em);
  return {
    credentials,
    provisioningLog,
    workspaces: new WorkspaceService(em, credentials),
    people: new PersonService(em, provisioningLog),
  };
}
