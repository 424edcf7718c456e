// What the API shows of a live credential (SCIM or directory API token): never the secret or its hash.
import { Field, ID, ObjectType } from 'type-graphql';
import type { Credential } from '../domain/auth/credential.entity.js';

/** ScimToken and ApiToken inherit these fields (unreferenced itself, so not emitted in the schema). */
@ObjectType()
export abstract class CredentialInfo {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  label!: string | null;

  @Field({ description: 'The first characters of the secret, to recognise it.' })
  prefix!: string;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Last authenticated use (updated at most once a minute).' })
  lastUsedAt!: Date | null;
}

export const credentialInfo = (c: Credential): CredentialInfo => ({
  id: c.id,
  label: c.label ?? null,
  prefix: c.prefix,
  createdAt: c.createdAt,
  lastUsedAt: c.lastUsedAt ?? null,
});
