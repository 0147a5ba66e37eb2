import { registerEnumType } from 'type-graphql';

export enum RiskLevel {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
}
registerEnumType(RiskLevel, {
  name: 'RiskLevel',
  description: 'Risk of renewed violence, from the vulnerability assessment.',
});

export enum VisitorRole {
  SOCIAL_WORKER = 'SOCIAL_WORKER',
  /** Sector or cell social-affairs officer. */
  LOCAL_OFFICIAL = 'LOCAL_OFFICIAL',
}
registerEnumType(VisitorRole, { name: 'VisitorRole' });

export enum VulnerabilityFactor {
  /** Under 18 at the assessment. */
  CHILD = 'CHILD',
  DISABILITY = 'DISABILITY',
  PREGNANCY = 'PREGNANCY',
  HIV_EXPOSED = 'HIV_EXPOSED',
  /** No safe place to sleep tonight. */
  NO_SAFE_HOME = 'NO_SAFE_HOME',
  /** The person who did it lives in the same household. */
  LIVES_WITH_ABUSER = 'LIVES_WITH_ABUSER',
  REPEATED_VIOLENCE = 'REPEATED_VIOLENCE',
  NO_INCOME = 'NO_INCOME',
  OUT_OF_SCHOOL = 'OUT_OF_SCHOOL',
}
registerEnumType(VulnerabilityFactor, {
  name: 'VulnerabilityFactor',
  description: 'What the social worker found at the vulnerability assessment.',
});

export enum SupportKind {
  SCHOOLING = 'SCHOOLING',
  LIVELIHOOD = 'LIVELIHOOD',
  SHELTER = 'SHELTER',
  LEGAL_AID = 'LEGAL_AID',
}
registerEnumType(SupportKind, { name: 'SupportKind', description: 'A kind of reintegration support.' });

export enum SupportStatus {
  NEEDED = 'NEEDED',
  IN_PROGRESS = 'IN_PROGRESS',
  PROVIDED = 'PROVIDED',
  DECLINED = 'DECLINED',
}
registerEnumType(SupportStatus, { name: 'SupportStatus' });
