// A referral's lifecycle, in one place for the center that owns it and the agencies that receive it.
//
//   REQUESTED ──accept──▶ ACCEPTED ──complete──▶ COMPLETED
//       │                    │
//       ├──reject (reason)   └──revoke (reason)──▶ REVOKED
//       └──revoke (reason)──▶ REVOKED
//
// The receiving agency accepts, rejects or completes; the center revokes. Every other move is refused by name. The
// agency may read the case while a referral to it is requested, accepted or completed (it must read to decide, and
// keeps seeing the work it did); it may write only while one is open, requested or accepted: a survivor waiting for
// PEP is treated before the referral's paperwork is done, and a rejected, revoked or completed referral is closed.

export const ReferralStatus = {
  REQUESTED: 'REQUESTED',
  ACCEPTED: 'ACCEPTED',
  REJECTED: 'REJECTED',
  COMPLETED: 'COMPLETED',
  REVOKED: 'REVOKED',
} as const;
export type ReferralStatus = (typeof ReferralStatus)[keyof typeof ReferralStatus];

export function isReferralStatus(v: unknown): v is ReferralStatus {
  return typeof v === 'string' && Object.hasOwn(ReferralStatus, v);
}

/** Who may make a move: the agency the case is referred to, or the center that referred it. */
export type ReferralActor = 'agency' | 'center';

interface Move {
  readonly from: readonly ReferralStatus[];
  readonly by: ReferralActor;
  readonly reasonRequired: boolean;
}

export const ReferralMoves = {
  accept: { to: 'ACCEPTED', from: ['REQUESTED'], by: 'agency', reasonRequired: false },
  reject: { to: 'REJECTED', from: ['REQUESTED'], by: 'agency', reasonRequired: true },
  complete: { to: 'COMPLETED', from: ['ACCEPTED'], by: 'agency', reasonRequired: false },
  revoke: { to: 'REVOKED', from: ['REQUESTED', 'ACCEPTED'], by: 'center', reasonRequired: true },
} as const satisfies Record<string, Move & { to: ReferralStatus }>;
export type ReferralMove = keyof typeof ReferralMoves;

/** The statuses in which an agency writes its records on the case. */
export const OPEN_REFERRAL: readonly ReferralStatus[] = ['REQUESTED', 'ACCEPTED'];
/** The statuses in which the referral shares the case with the agency (consent still decides). */
export const SHARING_REFERRAL: readonly ReferralStatus[] = ['REQUESTED', 'ACCEPTED', 'COMPLETED'];

const a = (word: string): string => `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;

/** Why `move` cannot be made from `from`, in words for the caller; null when it can. */
export function illegalMove(move: ReferralMove, from: ReferralStatus): string | null {
  const m = ReferralMoves[move];
  if ((m.from as readonly ReferralStatus[]).includes(from)) return null;
  const only = m.from.map((x) => x.toLowerCase()).join(' or ');
  return `${a(from.toLowerCase())} referral cannot be ${m.to.toLowerCase()}; only ${a(only)} one can`;
}
