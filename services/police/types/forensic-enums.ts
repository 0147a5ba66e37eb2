import { registerEnumType } from 'type-graphql';

/** Where a sample's chain of custody stands, both sides read together. */
export enum CustodyStatus {
  /** Collected (and perhaps sealed) at the hospital; not handed over yet. */
  WITH_HEALTH = 'WITH_HEALTH',
  /** Health handed it over; the police have not recorded the receipt yet, and the window to do so is open. */
  AWAITING_POLICE_RECEIPT = 'AWAITING_POLICE_RECEIPT',
  /** Both sides recorded the handover; the police hold it. */
  WITH_POLICE = 'WITH_POLICE',
  /** Handed to the RFI; the lab's receipt is not recorded yet, and its window is open. */
  SENT_TO_LAB = 'SENT_TO_LAB',
  /** The RFI acknowledged receipt: the chain is whole. */
  AT_LAB = 'AT_LAB',
  /** At least one problem below: a one-sided, late or out-of-order handover. */
  BROKEN = 'BROKEN',
}
registerEnumType(CustodyStatus, { name: 'CustodyStatus' });

/** What breaks a chain of custody: what only the two sides read together can show. */
export enum CustodyProblemKind {
  /** Health handed it over; no police receipt within the window. */
  NOT_RECEIVED = 'NOT_RECEIVED',
  /** The police recorded a receipt; health recorded no handover of that sample. */
  RECEIVED_WITHOUT_HANDOVER = 'RECEIVED_WITHOUT_HANDOVER',
  /** The police received a barcode health never recorded on this case. */
  UNKNOWN_BARCODE = 'UNKNOWN_BARCODE',
  /** The receipt is dated before the handover. */
  RECEIVED_BEFORE_HANDOVER = 'RECEIVED_BEFORE_HANDOVER',
  /** The receipt is dated more than the window after the handover. */
  LATE_RECEIPT = 'LATE_RECEIPT',
  /** Handed to the RFI; no acknowledgement within the lab's window. */
  LAB_NOT_RECEIVED = 'LAB_NOT_RECEIVED',
}
registerEnumType(CustodyProblemKind, { name: 'CustodyProblemKind' });
