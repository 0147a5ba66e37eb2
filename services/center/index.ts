import { callerOf } from '../shared/context.js';
import { defineSubgraph } from '../shared/descriptor.js';
import { Case } from './entities/case.entity.js';
import { CaseSequence } from './entities/case-sequence.entity.js';
import { Center } from './entities/center.entity.js';
import { Consent } from './entities/consent.entity.js';
import { Survivor } from './entities/survivor.entity.js';
import { Guardian, SurvivorIdentity } from './entities/survivor-identity.entity.js';
import { migrations } from './migrations/index.js';
import { selectedFields } from '../shared/access-log/selection.js';
import { readableCaseWithBasis } from './policies/case-access.policy.js';
import { readableSurvivor } from './policies/survivor-access.policy.js';
import { CaseResolver } from './resolvers/case.resolver.js';
import { CenterResolver } from './resolvers/center.resolver.js';
import { ConsentResolver } from './resolvers/consent.resolver.js';
import { IntakeResolver } from './resolvers/intake.resolver.js';
import { caseById, centerById } from './resolvers/loaders.js';
import { AccessLogResolver, CaseAccessLogResolver } from './resolvers/access-log.resolver.js';
import { ExceptionalAccessResolver } from './resolvers/exceptional-access.resolver.js';
import { ReferralResolver } from './resolvers/referral.resolver.js';
import { BreakGlass } from './entities/break-glass.entity.js';
import { ConsentOverride } from './entities/consent-override.entity.js';
import { Referral } from './entities/referral.entity.js';
import { CenterAccessLog } from './types/access-log.type.js';
import { decideAccessLog } from '../shared/sharing/decide.js';
import { caseNotFound, DenialReason, forbidden, refused } from '../shared/errors.js';
import { SurvivorResolver } from './resolvers/survivor.resolver.js';
import { RecordWrittenResolver } from './resolvers/record-written.resolver.js';
import { CenterRecordWritten } from './types/record-written.type.js';
import { seedCenter } from './seed.js';
import { accessDenialsPart } from '../shared/access-log/denials.js';
import { StaffMember } from './entities/staff-member.entity.js';
import { observeStaff } from './policies/staff-directory.policy.js';

const denials = accessDenialsPart('center', 'center', true);

/** The Isange One Stop Center: reception, coordination, survivors, cases, consent. */
export const center = defineSubgraph({
  name: 'center',
  port: 4001,
  dbSchema: 'center',
  entities: [
    Center,
    Survivor,
    SurvivorIdentity,
    Guardian,
    Case,
    CaseSequence,
    Consent,
    Referral,
    ConsentOverride,
    BreakGlass,
    StaffMember,
  ],
  resolvers: [
    CenterResolver,
    CaseResolver,
    IntakeResolver,
    ConsentResolver,
    SurvivorResolver,
    ReferralResolver,
    ExceptionalAccessResolver,
    CaseAccessLogResolver,
    AccessLogResolver,
    RecordWrittenResolver,
    ...denials.resolvers,
  ],
  orphanedTypes: [CenterRecordWritten, denials.type],
  references: {
    Center: { scopes: [], resolve: (ref, ctx) => centerById(ctx).load(ref.id as string) },
    Case: {
      scopes: ['case:read'],
      resolve: async (ref, ctx, info) => {
        const { found, basis, statedReason } = await readableCaseWithBasis(ctx, ref.id as string);
        ctx.access.read(found.id, basis, selectedFields(info, [], callerOf(ctx), 'Case') ?? [], statedReason);
        return found;
      },
    },
    Survivor: { scopes: ['case:read'], resolve: (ref, ctx) => readableSurvivor(ctx, ref.id as string) },
    // What an agency's write answered: the center adds the case (resolvers/record-written.resolver.ts).
    RecordWritten: {
      scopes: [],
      resolve: (ref) => Object.assign(new CenterRecordWritten(), { id: String(ref.id), caseId: String(ref.caseId) }),
    },
    AccessDenials: denials.reference,
    AccessLog: {
      scopes: ['access-log:read'],
      resolve: async (ref, ctx) => {
        const c = await caseById(ctx).load(ref.caseId as string);
        const log = Object.assign(new CenterAccessLog(), { caseId: ref.caseId, caseManager: c?.caseManager ?? null });
        if (!c)
          throw callerOf(ctx).scopes.has('audit:read') ? caseNotFound() : forbidden(DenialReason.NOT_CASE_MANAGER);
        const d = decideAccessLog(callerOf(ctx), log);
        if (!d.allowed) throw refused(ctx, c.id, d.reason);
        return log;
      },
    },
  },
  migrations,
  // Every agency is told where each case is (shared/delivery): the facts its write checks need.
  sendsTo: ['health', 'police', 'gender-ministry'],
  // Case managers, as their tokens name them: a case is handed only to one of its center's.
  observe: observeStaff,
  seed: seedCenter,
});
