import { Directive, Field, ObjectType } from 'type-graphql';

// The facts every agency needs to decide, at read time, whether its slice of a case may be shown: where the case is,
// the consents and overrides in force, the referrals, the emergency grants (the caller's own, only). The center resolves
// them; the agencies declare them @external and @requires them on their slices. They are @inaccessible: the planner
// may fetch them between subgraphs, no client can ask for them. One definition, used by all four subgraphs.

@ObjectType({ description: 'A consent or override in force for one agency.' })
@Directive('@shareable')
@Directive('@inaccessible')
export class SharingConsent {
  @Field(() => String) agency!: string;
  @Field(() => String, { description: 'CONSENT or OVERRIDE' }) basis!: string;
  @Field(() => Date, { nullable: true }) expiresAt!: Date | null;
  @Field(() => String, { nullable: true, description: "An override's stated reason." }) reason!: string | null;
}

@ObjectType()
@Directive('@shareable')
@Directive('@inaccessible')
export class SharingReferral {
  @Field(() => String) agency!: string;
}

@ObjectType({ description: 'An emergency (break-glass) grant in force.' })
@Directive('@shareable')
@Directive('@inaccessible')
export class SharingGrant {
  @Field(() => String) subject!: string;
  @Field(() => Date) expiresAt!: Date;
  @Field(() => String, { nullable: true }) reason!: string | null;
}

@ObjectType({ description: 'What the agencies need to decide who may see a case.' })
@Directive('@shareable')
@Directive('@inaccessible')
export class CaseSharing {
  @Field(() => String) centerCode!: string;
  @Field(() => String) district!: string;
  @Field(() => [SharingConsent]) consents!: SharingConsent[];
  @Field(() => [SharingReferral]) referrals!: SharingReferral[];
  @Field(() => [SharingGrant]) breakGlass!: SharingGrant[];
}

/** The selection an agency's slice @requires: all of it, always, so the decision never works from a partial copy. */
export const SHARING_SELECTION =
  'sharing { centerCode district consents { agency basis expiresAt reason } referrals { agency } breakGlass { subject expiresAt reason } }';
