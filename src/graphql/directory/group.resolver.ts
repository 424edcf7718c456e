// Teams in the directory: groups pushed by the identity provider, their members, a person's groups.
// Inactive members are hidden (and not counted) unless an admin asks for them.
import DataLoader from 'dataloader';
import { Arg, Ctx, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Group as GroupEntity } from '../../domain/group/group.entity.js';
import type { GroupPage } from '../../domain/group/group.service.js';
import type { GraphQLContext } from '../context.js';
import { PageInfo, pageRequest, toConnection } from '../pagination.js';
import { readerOf, requireAdminArgument } from './access.js';
import { prime } from './loaders.js';
import { Person, PersonConnection, toPerson } from './person.types.js';

@ObjectType({ description: 'A group (team, distribution list) provisioned by the identity provider.' })
export class Group {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  externalId!: string | null;

  @Field()
  displayName!: string;
}

@ObjectType()
export class GroupEdge {
  @Field()
  cursor!: string;

  @Field(() => Group)
  node!: Group;
}

@ObjectType()
export class GroupConnection {
  @Field(() => Int)
  totalCount!: number;

  @Field(() => [GroupEdge])
  edges!: GroupEdge[];

  @Field(() => [Group])
  nodes!: Group[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

const toGroup = (g: GroupEntity): Group => Object.assign(new Group(), { id: g.id, externalId: g.externalId ?? null, displayName: g.displayName });

const memberCountLoaders = new WeakMap<GraphQLContext, DataLoader<string, number>>();
function memberCountLoader(ctx: GraphQLContext, workspaceId: string): DataLoader<string, number> {
  let l = memberCountLoaders.get(ctx);
  if (!l) {
    l = new DataLoader(async (ids) => {
      const m = await ctx.services.groups.memberCounts(workspaceId, ids, { includeInactive: false });
      return ids.map((id) => m.get(id) ?? 0);
    });
    memberCountLoaders.set(ctx, l);
  }
  return l;
}

@Resolver(() => Group)
export class GroupResolver {
  @Query(() => Group, { nullable: true })
  async group(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Group | null> {
    const reader = readerOf(ctx);
    const [g] = await ctx.services.groups.byIds(reader.workspaceId, [id]);
    return g ? toGroup(g) : null;
  }

  @Query(() => GroupConnection, { description: 'Groups by name; `search` matches part of the name.' })
  async groups(
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('search', () => String, { nullable: true }) search?: string,
  ): Promise<GroupConnection> {
    const reader = readerOf(ctx);
    const page = pageRequest(first, after);
    const { total, items } = await ctx.services.groups.search(reader.workspaceId, { limit: page.limit, offset: page.offset, search, includeInactive: false });
    const counts = memberCountLoader(ctx, reader.workspaceId);
    for (const { group, memberCount } of items) counts.prime(group.id, memberCount);
    return toConnection(items.map(({ group }) => toGroup(group)), total, page);
  }

  @FieldResolver(() => Int, { description: 'Active members.' })
  async memberCount(@Root() group: Group, @Ctx() ctx: GraphQLContext): Promise<number> {
    return memberCountLoader(ctx, readerOf(ctx).workspaceId).load(group.id);
  }

  @FieldResolver(() => PersonConnection, { description: 'Members by name; inactive ones only for admins with includeInactive.' })
  async members(
    @Root() group: Group,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('includeInactive', () => Boolean, { nullable: true, defaultValue: false }) includeInactive?: boolean,
  ): Promise<PersonConnection> {
    const reader = readerOf(ctx);
    if (includeInactive) requireAdminArgument(reader, 'includeInactive');
    const page = pageRequest(first, after);
    const { total, items } = await ctx.services.groups.members(reader.workspaceId, group.id, { limit: page.limit, offset: page.offset, includeInactive: !!includeInactive });
    prime(ctx, reader.workspaceId, items);
    return toConnection(items.map((p) => toPerson(p, reader.isAdmin)), total, page);
  }
}

const firstGroupLoaders = new WeakMap<GraphQLContext, Map<number, DataLoader<string, GroupPage<GroupEntity>>>>();

/** Per request and page size: the first page of groups of every person the response shows. */
function firstGroupsLoader(ctx: GraphQLContext, workspaceId: string, limit: number): DataLoader<string, GroupPage<GroupEntity>> {
  let bySize = firstGroupLoaders.get(ctx);
  if (!bySize) firstGroupLoaders.set(ctx, (bySize = new Map()));
  let loader = bySize.get(limit);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const pages = await ctx.services.groups.firstGroupsOf(workspaceId, ids, limit);
      return ids.map((id) => pages.get(id)!);
    });
    bySize.set(limit, loader);
  }
  return loader;
}

@Resolver(() => Person)
export class PersonGroupsResolver {
  @FieldResolver(() => GroupConnection, { description: "The person's groups, by name." })
  async groups(
    @Root() person: Person,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<GroupConnection> {
    const reader = readerOf(ctx);
    const page = pageRequest(first, after);
    // First pages (what a list of people asks for) are batched into one statement per page size.
    const { total, items } =
      page.offset === 0
        ? await firstGroupsLoader(ctx, reader.workspaceId, page.limit).load(person.id)
        : await ctx.services.groups.groupsOf(reader.workspaceId, person.id, { limit: page.limit, offset: page.offset });
    return toConnection(items.map(toGroup), total, page);
  }
}
