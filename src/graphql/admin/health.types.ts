// GraphQL types of the admin's org-data health check and sync report.
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Person, PersonConnection } from '../directory/person.types.js';
import { PageInfo } from '../pagination.js';

export enum ProfileField {
  JOB_TITLE = 'JOB_TITLE',
  DEPARTMENT = 'DEPARTMENT',
  LOCATION = 'LOCATION',
  JOIN_DATE = 'JOIN_DATE',
}
registerEnumType(ProfileField, { name: 'ProfileField', description: 'Profile fields the health check looks for.' });

@ObjectType({ description: 'Counts; each has a list on OrgChartHealth. Counts are of active people unless said otherwise.' })
export class OrgChartHealthSummary {
  @Field(() => Int, { description: 'Active people.' })
  people!: number;

  @Field(() => Int, { description: 'Active people with no manager reference at all (the top of the org, or a missing mapping).' })
  roots!: number;

  @Field(() => Int, { description: 'Active people whose manager reference names nobody provisioned.' })
  unresolvedManagers!: number;

  @Field(() => Int, { description: 'Distinct reporting cycles of two or more people (any activity state).' })
  cycles!: number;

  @Field(() => Int)
  peopleInCycles!: number;

  @Field(() => Int, { description: 'People whose chain leads into a cycle (they have no top; the org chart cannot place them).' })
  peopleBelowCycles!: number;

  @Field(() => Int, { description: 'Inactive people with at least one active direct report.' })
  inactiveManagersWithActiveReports!: number;

  @Field(() => Int, { description: 'Active people whose manager reference names themselves.' })
  selfManaged!: number;

  @Field(() => Int)
  missingJobTitle!: number;

  @Field(() => Int)
  missingDepartment!: number;

  @Field(() => Int, { description: 'No locality, region or country code.' })
  missingLocation!: number;

  @Field(() => Int)
  missingJoinDate!: number;

  @Field(() => Int, { description: 'Work emails shared by more than one active person.' })
  duplicateWorkEmails!: number;

  @Field(() => Int, { description: 'People (any state) with a value dropped at ingest.' })
  peopleWithDroppedValues!: number;
}

@ObjectType()
export class UnresolvedManager {
  @Field(() => Person)
  person!: Person;

  @Field({ description: 'The reference as received: the manager\'s externalId (or Orgraph id for enterprise manager references).' })
  managerExternalId!: string;

  @Field({ description: 'externalId (managerExternalId) or id (enterprise manager).' })
  referenceKind!: string;

  @Field(() => Date, { nullable: true, description: 'Since when the reference has been pending.' })
  since!: Date | null;
}

@ObjectType()
export class UnresolvedManagerConnection {
  @Field(() => Int)
  totalCount!: number;

  @Field(() => [UnresolvedManager])
  nodes!: UnresolvedManager[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType()
export class ReportingCycle {
  @Field(() => Int)
  size!: number;

  @Field(() => [Person], { description: 'In reporting order: each reports to the next, the last to the first.' })
  members!: Person[];
}

@ObjectType()
export class InactiveManager {
  @Field(() => Person)
  person!: Person;

  @Field(() => Int)
  activeReportCount!: number;
}

@ObjectType()
export class InactiveManagerConnection {
  @Field(() => Int)
  totalCount!: number;

  @Field(() => [InactiveManager])
  nodes!: InactiveManager[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType()
export class DuplicateEmail {
  @Field()
  email!: string;

  @Field(() => [Person])
  people!: Person[];
}

@ObjectType()
export class DroppedValue {
  @Field(() => Person)
  person!: Person;

  @Field({ description: 'The attribute, URN-qualified for extension attributes.' })
  attribute!: string;

  @Field()
  reason!: string;
}

@ObjectType()
export class DroppedValueConnection {
  @Field(() => Int)
  totalCount!: number;

  @Field(() => [DroppedValue])
  nodes!: DroppedValue[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

/** The parent object of the health field resolvers; work happens only for the fields asked for. */
@ObjectType({ description: 'Admin only. What is wrong with the org data; ask only for the lists you need.' })
export class OrgChartHealth {
  workspaceId!: string;
  cycleAnalysis!: () => Promise<import('../../domain/health/org-health.service.js').CycleAnalysis>;
}

@ObjectType()
export class SyncCounts {
  @Field(() => Int) created!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) deactivated!: number;
  @Field(() => Int) reactivated!: number;
  @Field(() => Int) deleted!: number;
  @Field(() => Int) refused!: number;
  @Field(() => Int, { description: 'Calls that changed nothing (but were logged for a warning).' }) unchanged!: number;
  @Field(() => Int, { description: 'Calls that dropped or ignored a value.' }) withWarnings!: number;
  @Field(() => Int, { description: 'Manager references resolved (a person\'s own, or reports waiting for them).' }) managerLinksResolved!: number;
  @Field(() => Int, { description: 'Writes after which the person\'s manager was still pending.' }) leftManagerPending!: number;
}

@ObjectType()
export class RefusalReason {
  @Field(() => Int) status!: number;
  @Field(() => String, { nullable: true }) scimType!: string | null;
  @Field() operation!: string;
  @Field(() => Int) count!: number;
  @Field(() => String, { nullable: true }) exampleDetail!: string | null;
}

@ObjectType({ description: 'Admin only. What provisioning did in a window (from the provisioning log).' })
export class SyncReport {
  @Field() since!: Date;
  @Field() until!: Date;
  @Field(() => SyncCounts) counts!: SyncCounts;
  @Field(() => [RefusalReason], { description: 'Refusals grouped by status, scimType and operation, most frequent first.' }) refusals!: RefusalReason[];
  @Field(() => Int, { description: 'Active people whose manager is pending right now.' }) pendingManagersNow!: number;
  @Field(() => Int, { description: 'Distinct people touched in the window.' }) peopleTouched!: number;
  @Field(() => Date, { nullable: true }) firstEntryAt!: Date | null;
  @Field(() => Date, { nullable: true }) lastEntryAt!: Date | null;
}

export { PersonConnection };
