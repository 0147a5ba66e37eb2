// type-graphql and MikroORM read design-time types from decorators: the polyfill loads before any decorated class.
import { intakeRows } from './reads/intake-statistics.read.js';
import { needRows } from './reads/need-statistics.read.js';
import { Need } from './types/case-enums.js';
import 'reflect-metadata';
import { accessDenialsPart } from '../shared/access-log/denials.js';
import { DELIVERIES, subgraphOf } from '../shared/agencies.js';
import { defineSubgraph } from '../shared/descriptor.js';
import { BreakGlass } from './entities/break-glass.entity.js';
import { Case } from './entities/case.entity.js';
import { CaseSequence } from './entities/case-sequence.entity.js';
import { Center } from './entities/center.entity.js';
import { Consent } from './entities/consent.entity.js';
import { ConsentOverride } from './entities/consent-override.entity.js';
import { CounsellingSession } from './entities/counselling-session.entity.js';
import { HotlineCall } from './entities/hotline-call.entity.js';
import { IntakeKey } from './entities/intake-key.entity.js';
import { Referral } from './entities/referral.entity.js';
import { ReferralTransition } from './entities/referral-transition.entity.js';
import { SafeRoomStay } from './entities/safe-room-stay.entity.js';
import { SeedBatch } from './entities/seed-batch.entity.js';
import { SeedLiftedIndex } from './entities/seed-lifted-index.entity.js';
import { StaffMember } from './entities/staff-member.entity.js';
import { Survivor } from './entities/survivor.entity.js';
import { Guardian, SurvivorIdentity } from './entities/survivor-identity.entity.js';
import { migrations } from './migrations/index.js';
import { observeStaff } from './policies/staff-directory.policy.js';
import { centerReferences } from './references.js';
import { AccessLogResolver, CaseAccessLogResolver } from './resolvers/access-log.resolver.js';
import { CaseResolver } from './resolvers/case.resolver.js';
import { CenterResolver } from './resolvers/center.resolver.js';
import { CenterAdminResolver } from './resolvers/center-admin.resolver.js';
import { ConsentResolver } from './resolvers/consent.resolver.js';
import { CaseCounsellingResolver, CounsellingResolver } from './resolvers/counselling.resolver.js';
import { ExceptionalAccessResolver } from './resolvers/exceptional-access.resolver.js';
import { HotlineCallResolver } from './resolvers/hotline-call.resolver.js';
import { IntakeResolver } from './resolvers/intake.resolver.js';
import { RecordWrittenResolver } from './resolvers/record-written.resolver.js';
import { ReferralResolver } from './resolvers/referral.resolver.js';
import { ReferralHistoryResolver } from './resolvers/referral-history.resolver.js';
import { ReferralLifecycleResolver } from './resolvers/referral-lifecycle.resolver.js';
import { CaseSafeRoomResolver, CenterSafeRoomResolver, SafeRoomResolver } from './resolvers/safe-room.resolver.js';
import { ServicePlanResolver } from './resolvers/service-plan.resolver.js';
import { StatisticsResolver } from './resolvers/statistics.resolver.js';
import { SurvivorResolver } from './resolvers/survivor.resolver.js';
import { CaseTimelineResolver } from './resolvers/timeline.resolver.js';
import { UndeliverableResolver } from './resolvers/undeliverable.resolver.js';
import { forgetOldIntakeKeys } from './policies/intake-key.policy.js';
import { redeliverReferrals } from './redeliver.js';
import { seedCenter } from './seed.js';
import { CenterRecordWritten } from './types/record-written.type.js';

const { field, label } = subgraphOf('center');
const denials = accessDenialsPart(field, label, true);

/** The Isange One Stop Center: reception, coordination, survivors, cases, consent. */
export const center = defineSubgraph({
  name: 'center',
  entities: [
    Center,
    Survivor,
    SurvivorIdentity,
    Guardian,
    Case,
    CaseSequence,
    Consent,
    Referral,
    ReferralTransition,
    ConsentOverride,
    BreakGlass,
    StaffMember,
    IntakeKey,
    SafeRoomStay,
    CounsellingSession,
    HotlineCall,
    SeedBatch,
    SeedLiftedIndex,
  ],
  resolvers: [
    CenterResolver,
    CenterAdminResolver,
    CaseResolver,
    IntakeResolver,
    ConsentResolver,
    SurvivorResolver,
    ReferralResolver,
    ReferralLifecycleResolver,
    ReferralHistoryResolver,
    StatisticsResolver,
    ExceptionalAccessResolver,
    CaseAccessLogResolver,
    AccessLogResolver,
    RecordWrittenResolver,
    UndeliverableResolver,
    ServicePlanResolver,
    SafeRoomResolver,
    CaseSafeRoomResolver,
    CenterSafeRoomResolver,
    CounsellingResolver,
    CaseCounsellingResolver,
    HotlineCallResolver,
    CaseTimelineResolver,
    ...denials.resolvers,
  ],
  orphanedTypes: [CenterRecordWritten, denials.type],
  references: { ...centerReferences, AccessDenials: denials.reference },
  migrations,
  // Every agency is told where each case is (shared/delivery): the facts its write checks need.
  sendsTo: DELIVERIES.center,
  sweep: forgetOldIntakeKeys,
  rollups: [intakeRows, ...Object.values(Need).map(needRows)],
  redeliver: redeliverReferrals,
  // Case managers, as their tokens name them: a case is handed only to one of its center's.
  observe: observeStaff,
  seed: seedCenter,
});
