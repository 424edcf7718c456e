// GraphQL types of notification settings and the notification outbox.
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Notification as NotificationEntity } from '../domain/notification/notification.entity.js';
import { Person, toPerson } from './directory/person.types.js';
import { PageInfo } from './pagination.js';

// Values as stored (lower case), as the notifier sees them in the outbox.
export enum NotificationStatus {
  queued = 'queued',
  sent = 'sent',
  failed = 'failed',
}
registerEnumType(NotificationStatus, { name: 'NotificationStatus', description: 'queued → sent | failed; a failed one can be re-queued.' });

export enum NotificationChannel {
  email = 'email',
  mobile = 'mobile',
}
registerEnumType(NotificationChannel, { name: 'NotificationChannel' });

@ObjectType({ description: 'Which channels get a welcome message when provisioning creates or reactivates an active person.' })
export class NotificationSettings {
  @Field()
  email!: boolean;

  @Field()
  mobile!: boolean;
}

@InputType()
export class UpdateNotificationSettingsInput {
  @Field(() => Boolean, { nullable: true, description: 'Omitted: unchanged.' })
  email?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Omitted: unchanged.' })
  mobile?: boolean | null;
}

@ObjectType({ description: 'A message in the notification outbox. Orgraph sends nothing itself: the notifier delivers and marks it.' })
export class Notification {
  @Field(() => ID)
  id!: string;

  @Field(() => NotificationChannel)
  channel!: NotificationChannel;

  @Field({ description: 'What to send; "welcome" for now.' })
  kind!: string;

  @Field(() => NotificationStatus)
  status!: NotificationStatus;

  @Field(() => Int, { description: 'Delivery attempts reported by the notifier (sent or failed).' })
  attempts!: number;

  @Field(() => String, { nullable: true, description: 'The last reported delivery error.' })
  lastError!: string | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  @Field(() => Person, { description: 'The recipient, as the directory shows them to the caller.' })
  person!: Person;
}

export function toNotification(n: NotificationEntity, isAdmin: boolean): Notification {
  return {
    id: n.id,
    channel: n.channel as NotificationChannel,
    kind: n.kind,
    status: n.status as NotificationStatus,
    attempts: n.attempts,
    lastError: n.lastError ?? null,
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
    person: toPerson(n.person, isAdmin),
  };
}

@InputType()
export class NotificationFilter {
  @Field(() => NotificationStatus, { nullable: true })
  status?: NotificationStatus | null;

  @Field(() => NotificationChannel, { nullable: true })
  channel?: NotificationChannel | null;
}

@ObjectType()
export class NotificationEdge {
  @Field()
  cursor!: string;

  @Field(() => Notification)
  node!: Notification;
}

@ObjectType()
export class NotificationConnection {
  @Field(() => Int)
  totalCount!: number;

  @Field(() => [NotificationEdge])
  edges!: NotificationEdge[];

  @Field(() => [Notification])
  nodes!: Notification[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
