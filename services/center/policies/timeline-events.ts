import { sharingCodeOf } from '../../shared/agencies.js';
import type { Scope } from '../../shared/catalogue.js';
import { callerOf, type HubContext } from '../../shared/context.js';
import type { KindOf } from '../../shared/timeline/kinds.js';
import type { Case } from '../entities/case.entity.js';
import { referralsByCase, transitionsByReferral } from '../loaders/case.loaders.js';
import { sessionsByCase } from '../loaders/counselling.loaders.js';
import { callsByCase } from '../loaders/hotline.loaders.js';
import { staysByCase } from '../loaders/safe-room.loaders.js';
import { ReferralStatus } from '../types/referral-status.js';

// The center's own events of a case, for its timeline: each source under the scope of the field that shows its
// records (`Case.referrals`, `Case.counsellingSessions`, `Case.safeRoomStays`, `hotlineCalls`), said without names,
// narrative, notes or stated reasons.

export interface CenterEvent {
  at: Date;
  kind: KindOf<'center'>;
  summary: string;
  recordId: string | null;
}

interface CenterSource {
  readonly scope: Scope;
  readonly events: (ctx: HubContext, c: Case) => Promise<CenterEvent[]>;
}

const intake: CenterSource = {
  scope: 'case:read',
  events: async (_ctx, c) => [{ at: c.openedAt, kind: 'CASE_OPENED', summary: 'Case opened', recordId: c.id }],
};

// `hotline:read` shows the calls answered at one's own center: those answered at the case's center, within the
// caller's place as the case is.
const hotline: CenterSource = {
  scope: 'hotline:read',
  events: async (ctx, c) =>
    (await callsByCase(ctx).load(c.id))
      .filter((h) => h.center.id === c.center.id)
      .map((h) => ({
        at: h.receivedAt,
        kind: 'HOTLINE_CALL' as const,
        summary: `${h.channel} on ${h.line}`,
        recordId: h.id,
      })),
};

const MOVE: Record<ReferralStatus, KindOf<'center'>> = {
  [ReferralStatus.REQUESTED]: 'REFERRAL_REQUESTED',
  [ReferralStatus.ACCEPTED]: 'REFERRAL_ACCEPTED',
  [ReferralStatus.REJECTED]: 'REFERRAL_REJECTED',
  [ReferralStatus.COMPLETED]: 'REFERRAL_COMPLETED',
  [ReferralStatus.REVOKED]: 'REFERRAL_REVOKED',
};

// `referral:read` sees every referral of the case; an agency's `referral:respond` only those made to it, as
// `Case.referralsToYou` shows them. The request is the referral itself; every later move is a transition.
const referrals: CenterSource = {
  scope: 'case:read',
  events: async (ctx, c) => {
    const caller = callerOf(ctx);
    const own = sharingCodeOf(caller.agency);
    const all = await referralsByCase(ctx).load(c.id);
    const shown = caller.scopes.has('referral:read')
      ? all
      : caller.scopes.has('referral:respond')
        ? all.filter((r) => r.agency === own)
        : [];
    const moves = await transitionsByReferral(ctx).loadMany(shown.map((r) => r.id));
    return shown.flatMap((r, i) => {
      const later = moves[i];
      return [
        { at: r.referredAt, kind: 'REFERRAL_REQUESTED' as const, summary: `Referred to ${r.agency}`, recordId: r.id },
        ...(Array.isArray(later) ? later : [])
          .filter((t) => t.fromStatus !== null)
          .map((t) => ({
            at: t.at,
            kind: MOVE[t.toStatus],
            summary: `Referral to ${r.agency} ${t.toStatus.toLowerCase()}`,
            recordId: r.id,
          })),
      ];
    });
  },
};

const counselling: CenterSource = {
  scope: 'counselling:read',
  events: async (ctx, c) =>
    (await sessionsByCase(ctx).load(c.id)).flatMap((s) => [
      {
        at: s.startsAt,
        kind: 'COUNSELLING_SESSION' as const,
        summary: `Counselling session, ${s.roomKind.toLowerCase()} room ${s.roomNumber}`,
        recordId: s.id,
      },
      ...(s.cancelledAt
        ? [{ at: s.cancelledAt, kind: 'COUNSELLING_CANCELLED' as const, summary: 'Session cancelled', recordId: s.id }]
        : []),
    ]),
};

const safeRoom: CenterSource = {
  scope: 'safe-room:read',
  events: async (ctx, c) =>
    (await staysByCase(ctx).load(c.id)).flatMap((s) => [
      { at: s.admittedAt, kind: 'SAFE_ROOM_ADMITTED' as const, summary: 'Admitted to the Safe Room', recordId: s.id },
      ...(s.dischargedAt
        ? [
            {
              at: s.dischargedAt,
              kind: 'SAFE_ROOM_DISCHARGED' as const,
              summary: 'Discharged from the Safe Room',
              recordId: s.id,
            },
          ]
        : []),
    ]),
};

const SOURCES = [intake, hotline, referrals, counselling, safeRoom];

/** The center's events of a case that this caller may see. */
export async function centerEvents(ctx: HubContext, c: Case): Promise<CenterEvent[]> {
  const held = callerOf(ctx).scopes;
  return (await Promise.all(SOURCES.filter((s) => held.has(s.scope)).map((s) => s.events(ctx, c)))).flat();
}
