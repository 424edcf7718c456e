// GraphQL types for authentication settings: directory API tokens and the workspace's Entra tenant.
import { Field, InputType, ObjectType } from 'type-graphql';
import { CredentialInfo } from './credential.types.js';

@ObjectType({ description: 'A live read-only directory API token. The secret itself is only shown once, when created.' })
export class ApiToken extends CredentialInfo {}

@ObjectType()
export class CreatedApiToken {
  @Field({ description: 'The secret token (orgraph_api_…). Shown only in this response: store it now.' })
  token!: string;

  @Field(() => ApiToken)
  info!: ApiToken;
}

@InputType()
export class CreateApiTokenInput {
  @Field(() => String, { nullable: true, description: 'A name to recognise the token by, e.g. "Intranet back end".' })
  label?: string | null;
}

@ObjectType()
export class WorkspaceSettings {
  @Field()
  slug!: string;

  @Field()
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The Entra ID tenant (GUID) whose sign-in tokens open this workspace: their `tid` claim.',
  })
  entraTenantId!: string | null;
}

@InputType()
export class UpdateWorkspaceSettingsInput {
  @Field(() => String, { nullable: true, description: 'Links an Entra ID tenant (GUID); null unlinks it; omitted leaves it.' })
  entraTenantId?: string | null;
}
