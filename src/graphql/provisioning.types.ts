// GraphQL types for provisioning settings (separate from ORM entities: no hashes leak).
import { Field, InputType, ObjectType } from 'type-graphql';
import { CredentialInfo } from './credential.types.js';

@ObjectType({ description: 'A live SCIM secret token. The secret itself is only shown once, when generated.' })
export class ScimToken extends CredentialInfo {}

@ObjectType()
export class ProvisioningSettings {
  @Field({ description: 'Whether identity providers may provision this workspace over SCIM.' })
  scimEnabled!: boolean;

  @Field({ description: 'The Tenant URL to paste into Entra ID (or the SCIM base URL for Okta).' })
  scimBaseUrl!: string;

  @Field(() => [ScimToken])
  tokens!: ScimToken[];
}

@ObjectType()
export class ProvisioningSettingsUpdate {
  @Field()
  scimEnabled!: boolean;

  @Field()
  scimBaseUrl!: string;
}

@ObjectType()
export class GeneratedScimToken {
  @Field({ description: 'The secret token. Shown only in this response: copy it into the identity provider now.' })
  token!: string;

  @Field()
  scimBaseUrl!: string;

  @Field(() => ScimToken)
  info!: ScimToken;
}

@InputType()
export class UpdateProvisioningSettingsInput {
  @Field()
  scimEnabled!: boolean;
}

@InputType()
export class GenerateScimTokenInput {
  @Field(() => String, { nullable: true, description: 'A name to recognise the token by, e.g. "Entra production".' })
  label?: string | null;
}
