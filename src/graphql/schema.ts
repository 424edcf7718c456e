// Builds the executable schema from the type-graphql resolvers. `schema/schema.graphql` is printed
// from the same build (npm run schema:emit) and CI fails when it is stale.
import 'reflect-metadata';
import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AuthResolver } from './auth.resolver.js';
import { HealthResolver, SyncReportResolver } from './admin/health.resolver.js';
import { DirectoryResolver } from './directory/directory.resolver.js';
import { GroupResolver, PersonGroupsResolver } from './directory/group.resolver.js';
import { PersonResolver } from './directory/person.resolver.js';
import { NotificationResolver } from './notification.resolver.js';
import { ProvisioningLogResolver } from './provisioning-log.resolver.js';
import { ProvisioningResolver } from './provisioning.resolver.js';

export async function buildGraphQLSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: [ProvisioningResolver, DirectoryResolver, PersonResolver, GroupResolver, PersonGroupsResolver, HealthResolver, SyncReportResolver, AuthResolver, NotificationResolver, ProvisioningLogResolver], validate: false, emitSchemaFile: false });
}

export async function printGraphQLSchema(): Promise<string> {
  const header = '# Generated from the type-graphql classes in src/graphql by `npm run schema:emit`. Do not edit.\n\n';
  return header + printSchema(lexicographicSortSchema(await buildGraphQLSchema())) + '\n';
}
