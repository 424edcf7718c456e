import { Entity, Index, ManyToOne, OptionalProps, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { Person } from '../person/person.entity.js';
import { Group } from './group.entity.js';

/**
 * One membership. Written only by GroupService with set-based SQL (INSERT … SELECT … ON CONFLICT DO
 * NOTHING, DELETE … = ANY(…)); this class exists so the schema (and migrations) follow the code.
 * Deleting a group or a person removes their rows (foreign-key cascade).
 */
@Entity({ tableName: 'group_member' })
// "The groups of a person", and the cascade when a person is deleted.
@Index({ name: 'group_member_person_id_idx', properties: ['person'] })
export class GroupMember {
  [PrimaryKeyProp]?: ['group', 'person'];
  [OptionalProps]?: 'createdAt';

  @ManyToOne(() => Group, { primary: true, deleteRule: 'cascade', fieldName: 'group_id' })
  group!: Group;

  @ManyToOne(() => Person, { primary: true, deleteRule: 'cascade', fieldName: 'person_id' })
  person!: Person;

  /** The group's (and the person's) workspace, copied for workspace-scoped queries without a join. */
  @Property({ type: 'uuid' })
  workspaceId!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
