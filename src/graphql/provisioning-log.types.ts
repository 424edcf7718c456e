// GraphQL types of the provisioning log (admin only). Entries name attributes and reasons, never
// attribute values; the person is looked up live (null once deleted).
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ProvisioningEvent, ProvisioningOutcome } from '../domain/provisioning-log/provisioning-log.entity.js';
import { PageInfo } from './pagination.js';

export enum ProvisioningLogOutcome {
  SUCCESS = 'success',
  REFUSED = 'refused',
}
registerEnumType(ProvisioningLogOutcome, { name: 'ProvisioningLogOutcome', description: 'Whether the SCIM call was applied or refused.' });

export enum ProvisioningLogEvent {
  CREATED = 'created',
  UPDATED = 'updated',
  DEACTIVATED = 'deactivated',
  REACTIVATED = 'reactivated',
  DELETED = 'deleted',
  UNCHANGED = 'unchanged',
  REFUSED = 'refused',
}
registerEnumType(ProvisioningLogEvent, {
  name: 'ProvisioningLogEvent',
  description: 'What the call did to the resource. UNCHANGED: nothing changed but something was dropped at ingest (see warnings).',
});

// Compile-time guard: the GraphQL enums hold exactly the domain's values.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _outcomes: Same<`${ProvisioningLogOutcome}`, ProvisioningOutcome> = true;
const _events: Same<`${ProvisioningLogEvent}`, ProvisioningEvent> = true;
void _outcomes;
void _events;

@ObjectType({ description: 'A value dropped or tolerated at ingest: the attribute and why (never the value).' })
export class ProvisioningLogWarning {
  @Field()
  attribute!: string;

  @Field()
  reason!: string;
}

@ObjectType('ProvisioningLogEntry', { description: 'One SCIM call that changed or was refused.' })
export class ProvisioningLogEntryNode {
  @Field(() => ID)
  id!: string;

  @Field()
  at!: Date;

  @Field(() => String, { nullable: true, description: 'Label of the token that made the call (null when it has none).' })
  tokenLabel!: string | null;

  @Field({ description: 'create, replace, patch or delete.' })
  operation!: string;

  @Field({ description: 'User or Group.' })
  resourceType!: string;

  @Field(() => ID, { nullable: true, description: 'The resource id (kept after the resource is deleted).' })
  resourceId!: string | null;

  @Field(() => String, { nullable: true })
  externalId!: string | null;

  @Field(() => [String], { description: 'Names of the attributes the call changed.' })
  changedAttributes!: string[];

  @Field(() => ProvisioningLogOutcome)
  outcome!: ProvisioningLogOutcome;

  @Field(() => ProvisioningLogEvent, { nullable: true })
  event!: ProvisioningLogEvent | null;

  @Field(() => Int, { description: 'The HTTP status answered.' })
  status!: number;

  @Field(() => String, { nullable: true, description: 'SCIM error type of a refusal (e.g. uniqueness).' })
  scimType!: string | null;

  @Field(() => String, { nullable: true, description: 'Why a call was refused.' })
  detail!: string | null;

  @Field(() => [ProvisioningLogWarning])
  warnings!: ProvisioningLogWarning[];

  @Field(() => Int, { description: "Manager references this call resolved (the person's own and their waiting reports')." })
  managerLinksResolved!: number;

  @Field({ description: "After this call the person's manager reference named nobody provisioned yet." })
  managerPending!: boolean;
}

@ObjectType()
export class ProvisioningLogEdge {
  @Field()
  cursor!: string;

  @Field(() => ProvisioningLogEntryNode)
  node!: ProvisioningLogEntryNode;
}

@ObjectType({ description: 'Newest first.' })
export class ProvisioningLogConnection {
  /** Set by the resolver; the count only runs when `totalCount` is selected. */
  countEntries!: () => Promise<number>;

  @Field(() => Int, { description: 'Entries matching the filter (counted only when selected).' })
  totalCount(): Promise<number> {
    return this.countEntries();
  }

  @Field(() => [ProvisioningLogEdge])
  edges!: ProvisioningLogEdge[];

  @Field(() => [ProvisioningLogEntryNode])
  nodes!: ProvisioningLogEntryNode[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@InputType()
export class ProvisioningLogFilter {
  @Field(() => ProvisioningLogOutcome, { nullable: true })
  outcome?: ProvisioningLogOutcome | null;

  @Field(() => ProvisioningLogEvent, { nullable: true })
  event?: ProvisioningLogEvent | null;

  @Field(() => ID, { nullable: true, description: 'Entries about this person (also after they were deleted).' })
  personId?: string | null;

  @Field(() => Date, { nullable: true, description: 'Entries at or after this time.' })
  since?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Entries before this time.' })
  until?: Date | null;
}
