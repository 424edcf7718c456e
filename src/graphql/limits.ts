// Refuses expensive operations before execution: nesting depth, aliases, page sizes and an estimated
// cost (each field costs 1, times the page sizes of the lists it sits in). Runs as an Apollo plugin
// after the operation is resolved, so variables are known.
import type { ApolloServerPlugin } from '@apollo/server';
import { FragmentDefinitionNode, GraphQLError, Kind, OperationDefinitionNode, SelectionSetNode, ValueNode } from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './page-size.js';

export interface Limits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
}

export const DEFAULT_LIMITS: Limits = { maxDepth: 12, maxAliases: 20, maxCost: 25_000 };

/** Lists without a `first` argument and the size we assume for them. */
const IMPLICIT_LIST_SIZE: Record<string, number> = { managers: 10, nodes: 1, edges: 1, orgChart: 200, newJoiners: 50, upcomingBirthdays: 50, upcomingWorkAnniversaries: 50, tokens: 10, apiTokens: 10, cycles: 50, duplicateWorkEmails: 50 };

/** Connection fields whose page size defaults to DEFAULT_PAGE_SIZE when `first` is omitted. */
const PAGED_FIELDS = new Set([
  'people', 'directReports', 'reports', 'peers', 'groups', 'members', 'provisioningLog', 'notificationOutbox', 'entries',
  'roots', 'unresolvedManagers', 'inactiveManagersWithActiveReports', 'selfManaged', 'missing', 'droppedValues',
]);

export interface OperationCost {
  depth: number;
  aliases: number;
  cost: number;
  /** A `first` argument above the maximum page size, when one is found. */
  oversizedPage?: number;
}

function argValue(node: ValueNode | undefined, variables: Record<string, unknown>): unknown {
  if (!node) return undefined;
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  if (node.kind === Kind.INT) return Number(node.value);
  return undefined;
}

export function measureOperation(
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): OperationCost {
  const result: OperationCost = { depth: 0, aliases: 0, cost: 0 };
  const visit = (set: SelectionSetNode, depth: number, multiplier: number, seen: Set<string>): void => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = fragments[sel.name.value];
        if (frag && !seen.has(frag.name.value)) visit(frag.selectionSet, depth, multiplier, new Set([...seen, frag.name.value]));
        continue;
      }
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        visit(sel.selectionSet, depth, multiplier, seen);
        continue;
      }
      if (sel.alias) result.aliases += 1;
      const name = sel.name.value;
      if (name.startsWith('__')) continue;
      result.depth = Math.max(result.depth, depth);
      result.cost += multiplier;
      if (!sel.selectionSet) continue;
      const firstArg = sel.arguments?.find((a) => a.name.value === 'first');
      let size = IMPLICIT_LIST_SIZE[name] ?? 1;
      if (firstArg) {
        const v = argValue(firstArg.value, variables);
        size = typeof v === 'number' ? v : DEFAULT_PAGE_SIZE;
        if (typeof v === 'number' && v > MAX_PAGE_SIZE) result.oversizedPage = v;
      } else if (PAGED_FIELDS.has(name)) {
        size = DEFAULT_PAGE_SIZE;
      }
      visit(sel.selectionSet, depth + 1, multiplier * Math.max(1, size), seen);
    }
  };
  visit(operation.selectionSet, 1, 1, new Set());
  return result;
}

function refuse(message: string, code: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra, http: { status: 400 } } });
}

export function limitsPlugin(limits: Limits = DEFAULT_LIMITS): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (!operation) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
          const m = measureOperation(operation, fragments, (request.variables ?? {}) as Record<string, unknown>);
          if (m.oversizedPage !== undefined) {
            throw refuse(`"first" is at most ${MAX_PAGE_SIZE} (got ${m.oversizedPage})`, 'BAD_USER_INPUT', { argumentName: 'first' });
          }
          if (m.depth > limits.maxDepth) throw refuse(`The query is nested ${m.depth} levels deep; the limit is ${limits.maxDepth}`, 'QUERY_TOO_DEEP', { depth: m.depth, limit: limits.maxDepth });
          if (m.aliases > limits.maxAliases) throw refuse(`The query uses ${m.aliases} aliases; the limit is ${limits.maxAliases}`, 'TOO_MANY_ALIASES', { aliases: m.aliases, limit: limits.maxAliases });
          if (m.cost > limits.maxCost) {
            throw refuse(`The query could touch about ${m.cost} objects; the limit is ${limits.maxCost}. Ask for smaller pages or fewer nested lists`, 'QUERY_TOO_COMPLEX', { cost: m.cost, limit: limits.maxCost });
          }
        },
      };
    },
  };
}
