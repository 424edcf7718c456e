// GraphQL types of the directory (separate from the ORM entity: storage fields such as raw manager
// references, hashes or the SCIM document never reach the API).
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { DirectoryPerson } from '../../domain/directory/directory-person.js';
import type { Person as PersonEntity } from '../../domain/person/person.entity.js';
import { PageInfo } from '../pagination.js';

@ObjectType({ description: 'A birthday. Everyone sees month and day; only admins see the year.' })
export class Birthday {
  @Field(() => Int)
  month!: number;

  @Field(() => Int)
  day!: number;

  @Field(() => Int, { nullable: true, description: 'Admins only; null for everyone else.' })
  year!: number | null;
}

@ObjectType({ description: 'A person in the directory.' })
export class Person {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'The identity provider key (Entra objectId).' })
  externalId!: string | null;

  @Field()
  userName!: string;

  @Field(() => String, { nullable: true })
  displayName!: string | null;

  @Field(() => String, { nullable: true })
  givenName!: string | null;

  @Field(() => String, { nullable: true })
  familyName!: string | null;

  @Field(() => String, { nullable: true, description: 'Primary (else work) email.' })
  email!: string | null;

  @Field(() => String, { nullable: true })
  jobTitle!: string | null;

  @Field(() => String, { nullable: true })
  department!: string | null;

  @Field(() => String, { nullable: true, description: 'Admins only; null for everyone else.' })
  employeeNumber!: string | null;

  @Field(() => String, { nullable: true })
  locality!: string | null;

  @Field(() => String, { nullable: true })
  region!: string | null;

  @Field(() => String, { nullable: true })
  countryCode!: string | null;

  @Field(() => String, { nullable: true, description: 'IANA time zone, e.g. Europe/Berlin.' })
  timezone!: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD.' })
  joinDate!: string | null;

  @Field(() => Birthday, { nullable: true })
  birthday!: Birthday | null;

  @Field(() => String, { nullable: true, description: 'Absolute https URL.' })
  photoUrl!: string | null;

  @Field()
  active!: boolean;

  // Not exposed: used by field resolvers.
  managerId!: string | null;
}

/**
 * Maps a stored person to its API shape, applying the privacy rules of the caller. Takes the
 * directory's plain records (its reads) as well as entities (people other services return).
 */
export function toPerson(p: DirectoryPerson | PersonEntity, isAdmin: boolean): Person {
  const [y, m, d] = p.birthday ? p.birthday.split('-').map(Number) : [];
  const node = new Person();
  Object.assign(node, {
    id: p.id,
    externalId: p.externalId ?? null,
    userName: p.userName,
    displayName: p.displayName ?? null,
    givenName: p.givenName ?? null,
    familyName: p.familyName ?? null,
    email: p.email ?? null,
    jobTitle: p.title ?? null,
    department: p.department ?? null,
    employeeNumber: isAdmin ? (p.employeeNumber ?? null) : null,
    locality: p.locality ?? null,
    region: p.region ?? null,
    countryCode: p.countryCode ?? null,
    timezone: p.timezone ?? null,
    joinDate: p.joinDate ?? null,
    birthday: p.birthday ? { month: m, day: d, year: isAdmin ? y : null } : null,
    photoUrl: p.photoUrl ?? null,
    active: p.active,
    managerId: 'managerId' in p ? p.managerId : p.manager ? p.manager.id : null,
  });
  return node;
}

@ObjectType()
export class PersonEdge {
  @Field()
  cursor!: string;

  @Field(() => Person)
  node!: Person;
}

@ObjectType()
export class PersonConnection {
  @Field(() => Int)
  totalCount!: number;

  @Field(() => [PersonEdge])
  edges!: PersonEdge[];

  @Field(() => [Person])
  nodes!: Person[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

export enum PersonOrder {
  RELEVANCE = 'RELEVANCE',
  NAME = 'NAME',
  JOIN_DATE = 'JOIN_DATE',
  JOIN_DATE_DESC = 'JOIN_DATE_DESC',
}
registerEnumType(PersonOrder, { name: 'PersonOrder', description: 'RELEVANCE applies with a search (its default); NAME is the default otherwise.' });

@InputType()
export class PeopleFilter {
  @Field(() => String, { nullable: true })
  department?: string | null;

  @Field(() => String, { nullable: true })
  locality?: string | null;

  @Field(() => String, { nullable: true })
  region?: string | null;

  @Field(() => String, { nullable: true })
  countryCode?: string | null;

  @Field(() => ID, { nullable: true, description: "Direct reports of this manager id." })
  managerId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Admins only: false lists inactive people.' })
  active?: boolean | null;
}

@ObjectType()
export class OrgChartNode {
  @Field(() => Person)
  person!: Person;

  @Field(() => ID, { nullable: true, description: "The node's parent in this chart; null for the chart's roots." })
  managerId!: string | null;

  @Field(() => Int, { description: '0 for the roots of this chart.' })
  depth!: number;

  @Field(() => Int)
  directReportCount!: number;

  @Field(() => Int)
  headcount!: number;
}

@ObjectType()
export class OrgChart {
  @Field(() => [OrgChartNode], { description: 'Breadth first: roots, then their reports, and so on.' })
  nodes!: OrgChartNode[];

  @Field({ description: 'True when the chart was cut at the node limit.' })
  truncated!: boolean;
}

@ObjectType()
export class DatedPerson {
  @Field(() => Person)
  person!: Person;

  @Field({ description: 'YYYY-MM-DD: the join date (new joiners) or the next occurrence (birthdays, anniversaries).' })
  date!: string;

  @Field(() => Int, { nullable: true, description: 'Completed years on that date (work anniversaries).' })
  years!: number | null;
}
