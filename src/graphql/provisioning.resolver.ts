// Admin API for provisioning settings: enable SCIM, generate/revoke SCIM tokens (seed guide, phase 1).
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { DomainError } from '../domain/errors.js';
import { credentialInfo } from './credential.types.js';
import { requireAdmin } from './context.js';
import type { GraphQLContext } from './context.js';
import {
  GeneratedScimToken,
  GenerateScimTokenInput,
  ProvisioningSettings,
  ProvisioningSettingsUpdate,
  UpdateProvisioningSettingsInput,
} from './provisioning.types.js';

const toToken = credentialInfo; // shown as ScimToken in the schema

const scimBaseUrl = (ctx: GraphQLContext) => `${ctx.publicUrl}/scim/v2`;

@Resolver()
export class ProvisioningResolver {
  @Query(() => ProvisioningSettings, { description: 'Admin only.' })
  async provisioningSettings(@Ctx() ctx: GraphQLContext): Promise<ProvisioningSettings> {
    const { workspaceId } = requireAdmin(ctx);
    const [workspace, tokens] = await Promise.all([
      ctx.services.workspaces.get(workspaceId),
      ctx.services.credentials.list(workspaceId, 'scim'),
    ]);
    return { scimEnabled: workspace.scimEnabled, scimBaseUrl: scimBaseUrl(ctx), tokens: tokens.map(toToken) };
  }

  @Mutation(() => ProvisioningSettingsUpdate, { description: 'Admin only. Enables or disables SCIM provisioning.' })
  async updateProvisioningSettings(
    @Arg('input', () => UpdateProvisioningSettingsInput) input: UpdateProvisioningSettingsInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ProvisioningSettingsUpdate> {
    const { workspaceId } = requireAdmin(ctx);
    const ws = await ctx.services.workspaces.setScimEnabled(workspaceId, input.scimEnabled);
    return { scimEnabled: ws.scimEnabled, scimBaseUrl: scimBaseUrl(ctx) };
  }

  @Mutation(() => GeneratedScimToken, {
    description: 'Admin only. Creates a SCIM secret token; several may be live at once, for rotation.',
  })
  async generateScimToken(
    @Arg('input', () => GenerateScimTokenInput, { nullable: true }) input: GenerateScimTokenInput | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<GeneratedScimToken> {
    const { workspaceId } = requireAdmin(ctx);
    const label = input?.label ?? null;
    if (label && label.length > 200) {
      throw new DomainError('INVALID_VALUE', 'A token label is at most 200 characters', 'label');
    }
    const { credential, secret } = await ctx.services.credentials.issue(workspaceId, 'scim', label);
    return { token: secret, scimBaseUrl: scimBaseUrl(ctx), info: toToken(credential) };
  }

  @Mutation(() => Boolean, { description: 'Admin only. Revokes a SCIM token at once.' })
  async revokeScimToken(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    const { workspaceId } = requireAdmin(ctx);
    await ctx.services.credentials.revoke(workspaceId, 'scim', id);
    return true;
  }
}
