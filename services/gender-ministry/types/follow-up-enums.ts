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
