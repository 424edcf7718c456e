// Builds the domain services by hand (no container): every adapter receives this object.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { OidcConfig } from '../config.js';
import { AuthService } from './auth/auth.service.js';
import { CredentialService } from './auth/credential.service.js';
import { GroupService } from './group/group.service.js';
import { OidcVerifier } from './auth/oidc-verifier.js';
import { DirectoryService } from './directory/directory.service.js';
import { OrgGraphService } from './directory/org-graph.service.js';
import { ExportService } from './directory/export.service.js';
import { OrgHealthService } from './health/org-health.service.js';
import { SyncReportService } from './provisioning-log/sync-report.service.js';
import { NotificationService } from './notification/notification.service.js';
import { PersonService } from './person/person.service.js';
import { ProvisioningLogService } from './provisioning-log/provisioning-log.service.js';
import { WorkspaceService } from './workspace/workspace.service.js';

export interface Services {
  auth: AuthService;
  credentials: CredentialService;
  workspaces: WorkspaceService;
  people: PersonService;
  notifications: NotificationService;
  groups: GroupService;
  provisioningLog: ProvisioningLogService;
  directory: DirectoryService;
  orgGraph: OrgGraphService;
  directoryExport: ExportService;
  health: OrgHealthService;
  syncReports: SyncReportService;
}

export function createServices(em: EntityManager, options: { oidc?: OidcConfig } = {}): Services {
  const credentials = new CredentialService(em);
  const workspaces = new WorkspaceService(em, credentials);
  const provisioningLog = new ProvisioningLogService(em);
  const orgGraph = new OrgGraphService(em);
  const notifications = new NotificationService(em);
  return {
    auth: new AuthService(credentials, workspaces, options.oidc ? new OidcVerifier(options.oidc) : null),
    credentials,
    provisioningLog,
    workspaces,
    people: new PersonService(em, provisioningLog, notifications),
    notifications,
    groups: new GroupService(em, provisioningLog),
    directory: new DirectoryService(em),
    orgGraph,
    directoryExport: new ExportService(em),
    health: new OrgHealthService(em, orgGraph),
    syncReports: new SyncReportService(em),
  };
}
