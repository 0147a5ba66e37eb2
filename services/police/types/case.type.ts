import { Directive, Field, ObjectType } from 'type-graphql';
import { AgencyCase } from '../../shared/agency-case.js';
import { decodeHandovers, ForensicHandover } from '../../shared/forensic-handover.js';

/** The center's Case, as the police extend it: the key, and the sharing facts its record rule needs. */
@ObjectType('Case')
@Directive('@key(fields: "id")')
export class CaseRef extends AgencyCase {
  /** Health's forensic samples of the case (Case.forensicCustody @requires them); null when health did not answer. */
  @Field(() => [ForensicHandover], { nullable: true })
  @Directive('@external')
  forensicHandovers!: ForensicHandover[] | null;
}

/** What the police read from a Case representation beside its key and facts: health's handovers, when it carries them. */
export function readPoliceCase(ref: Record<string, unknown>, c: CaseRef): CaseRef {
  return Object.assign(c, { forensicHandovers: decodeHandovers(ref.forensicHandovers) });
}
