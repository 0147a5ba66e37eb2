import { Directive, ObjectType } from 'type-graphql';
import { AgencyCase } from '../../shared/agency-case.js';

/** The center's Case, as the gender ministry extends it: the key, and the sharing facts its record rule needs. */
@ObjectType('Case')
@Directive('@key(fields: "id")')
export class CaseRef extends AgencyCase {}
