import { Field, InputType, registerEnumType } from 'type-graphql';
import { IsBoolean } from 'class-validator';

/** The GBVIMS incident classification. */
export enum IncidentType {
  RAPE = 'RAPE',
  SEXUAL_ASSAULT = 'SEXUAL_ASSAULT',
  PHYSICAL_ASSAULT = 'PHYSICAL_ASSAULT',
  FORCED_MARRIAGE = 'FORCED_MARRIAGE',
  DENIAL_OF_RESOURCES = 'DENIAL_OF_RESOURCES',
  PSYCHOLOGICAL_ABUSE = 'PSYCHOLOGICAL_ABUSE',
  NON_GBV = 'NON_GBV',
}
registerEnumType(IncidentType, { name: 'IncidentType', description: 'GBVIMS incident type.' });

/** The GBVIMS questions, asked in order; the first yes decides the type. */
@InputType({ description: 'Answers to the GBVIMS classification questions; the hub derives the incident type.' })
export class IncidentClassificationInput {
  @Field(() => Boolean, { description: 'Was there penetration?' }) @IsBoolean() penetration!: boolean;
  @Field(() => Boolean, { description: 'Unwanted sexual contact, attempted rape or FGM/C?' })
  @IsBoolean()
  unwantedSexualContact!: boolean;
  @Field(() => Boolean) @IsBoolean() physicalAssault!: boolean;
  @Field(() => Boolean, { description: 'Forced or early marriage?' }) @IsBoolean() forcedMarriage!: boolean;
  @Field(() => Boolean, { description: 'Denial of resources, opportunities or services (not general poverty)?' })
  @IsBoolean()
  denialOfResources!: boolean;
  @Field(() => Boolean) @IsBoolean() psychologicalAbuse!: boolean;
}

export function classifyIncident(a: IncidentClassificationInput): IncidentType {
  if (a.penetration) return IncidentType.RAPE;
  if (a.unwantedSexualContact) return IncidentType.SEXUAL_ASSAULT;
  if (a.physicalAssault) return IncidentType.PHYSICAL_ASSAULT;
  if (a.forcedMarriage) return IncidentType.FORCED_MARRIAGE;
  if (a.denialOfResources) return IncidentType.DENIAL_OF_RESOURCES;
  if (a.psychologicalAbuse) return IncidentType.PSYCHOLOGICAL_ABUSE;
  return IncidentType.NON_GBV;
}
