// Admin API for authentication: read-only directory API tokens and the Entra tenant whose sign-in
// tokens open the workspace.
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { credentialInfo } from './credential.types.js';
import { DomainError } from '../domain/errors.js';
import type { Workspace } from '../domain/workspace/workspace.entity.js';
import { requireAdmin } from './context.js';
import type { GraphQLContext } from './context.js';
import { ApiToken, CreateApiTokenInput, CreatedApiToken, UpdateWorkspaceSettingsInput, WorkspaceSettings } from './auth.types.js';

const toToken = credentialInfo;

const toSettings = (w: Workspace): WorkspaceSettings => ({ slug: w.slug, name: w.name, entraTenantId: w.entraTenantId ?? null });

@Resolver()
export class AuthResolver {
  @Query(() => [ApiToken], { description: 'Admin only. The live directory API tokens of the workspace.' })
  async apiTokens(@Ctx() ctx: GraphQLContext): Promise<ApiToken[]> {
    const { workspaceId } = requireAdmin(ctx);
    return (await ctx.services.credentials.list(workspaceId, 'api')).map(toToken);
  }

  @Mutation(() => CreatedApiToken, { description: 'Admin only. Creates a read-only directory API token.' })
  async createApiToken(
    @Arg('input', () => CreateApiTokenInput, { nullable: true }) input: CreateApiTokenInput | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CreatedApiToken> {
    const { workspaceId } = requireAdmin(ctx);
    const label = input?.label ?? null;
    if (label && label.length > 200) throw new DomainError('INVALID_VALUE', 'A token label is at most 200 characters', 'label');
    const { credential, secret } = await ctx.services.credentials.issue(workspaceId, 'api', label);
    return { token: secret, info: toToken(credential) };
  }

  @Mutation(() => Boolean, { description: 'Admin only. Revokes a directory API token at once.' })
  async revokeApiToken(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    const { workspaceId } = requireAdmin(ctx);
    await ctx.services.credentials.revoke(workspaceId, 'api', id);
    return true;
  }

  @Query(() => WorkspaceSettings, { description: 'Admin only.' })
  async workspaceSettings(@Ctx() ctx: GraphQLContext): Promise<WorkspaceSettings> {
    const { workspaceId } = requireAdmin(ctx);
    return toSettings(await ctx.services.workspaces.get(workspaceId));
  }

  @Mutation(() => WorkspaceSettings, { description: 'Admin only. Links the workspace to the Entra ID tenant its people sign in with.' })
  async updateWorkspaceSettings(
    @Arg('input', () => UpdateWorkspaceSettingsInput) input: UpdateWorkspaceSettingsInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WorkspaceSettings> {
    const { workspaceId } = requireAdmin(ctx);
    if (input.entraTenantId === undefined) return toSettings(await ctx.services.workspaces.get(workspaceId));
    return toSettings(await ctx.services.workspaces.setEntraTenantId(workspaceId, input.entraTenantId));
  }
}
