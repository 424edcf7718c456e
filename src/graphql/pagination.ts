// Relay-style connections over offset pages. Cursors are opaque (base64 of the position); page size
// is bounded (also checked before execution by the limits plugin).
import { GraphQLError } from 'graphql';
import { Field, ObjectType } from 'type-graphql';

import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './page-size.js';

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE };

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export const encodeCursor = (position: number): string => Buffer.from(`o:${position}`, 'utf8').toString('base64url');

export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^o:(\d{1,9})$/.exec(text);
  if (!m) throw new GraphQLError('Invalid cursor: pass a cursor from a previous page', { extensions: { code: 'BAD_USER_INPUT', argumentName: 'after' } });
  return Number(m[1]);
}

export interface PageRequest {
  offset: number;
  limit: number;
}

/** `first`/`after` → offset and limit, validated. */
export function pageRequest(first: number | null | undefined, after: string | null | undefined): PageRequest {
  const limit = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) {
    throw new GraphQLError(`"first" must be between 0 and ${MAX_PAGE_SIZE}`, { extensions: { code: 'BAD_USER_INPUT', argumentName: 'first' } });
  }
  return { offset: after ? decodeCursor(after) + 1 : 0, limit };
}

export interface Connection<T> {
  totalCount: number;
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
}

export function toConnection<T>(items: T[], total: number, page: PageRequest): Connection<T> {
  const edges = items.map((node, i) => ({ cursor: encodeCursor(page.offset + i), node }));
  return {
    totalCount: total,
    edges,
    nodes: items,
    pageInfo: {
      hasNextPage: page.offset + items.length < total,
      hasPreviousPage: page.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
