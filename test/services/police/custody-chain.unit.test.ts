import { describe, expect, it } from 'vitest';
import { readChain, readChains } from '../../../services/police/policies/custody-chain.js';

// The chain read from both sides, as a rule on its own: no database, the clock given. The subgraph's tests read the
// same rule through Case.forensicCustody; here, the combinations and the edges a read through the API cannot reach.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const now = new Date('2026-06-01T12:00:00.000Z');
const at = (ms: number) => new Date(now.getTime() + ms);

describe('readChain', () => {
  it('a receipt at the very instant of the handover confirms it', () => {
    const r = readChain({ barcode: 'B', handedToPoliceAt: at(-HOUR) }, { barcode: 'B', receivedAt: at(-HOUR) }, now);
    expect(r).toEqual({
      barcode: 'B',
      status: 'WITH_POLICE',
      handoverConfirmed: true,
      problems: [],
      receipt: { barcode: 'B', receivedAt: at(-HOUR) },
    });
  });

  it('a late receipt that then waits at the lab past its window: both problems, the handover not confirmed', () => {
    const r = readChain(
      { barcode: 'B', handedToPoliceAt: at(-100 * HOUR) },
      { barcode: 'B', receivedAt: at(-100 * HOUR + 12 * HOUR + MINUTE), handedToLabAt: at(-72 * HOUR - MINUTE) },
      now,
    );
    expect([r.status, r.handoverConfirmed, r.problems.map((p) => p.kind)]).toEqual([
      'BROKEN',
      false,
      ['LATE_RECEIPT', 'LAB_NOT_RECEIVED'],
    ]);
  });

  it('a confirmed handover stays confirmed when only the lab is late', () => {
    const r = readChain(
      { barcode: 'B', handedToPoliceAt: at(-80 * HOUR) },
      { barcode: 'B', receivedAt: at(-79 * HOUR), handedToLabAt: at(-72 * HOUR - MINUTE) },
      now,
    );
    expect([r.status, r.handoverConfirmed, r.problems.map((p) => p.kind)]).toEqual([
      'BROKEN',
      true,
      ['LAB_NOT_RECEIVED'],
    ]);
  });

  it('acknowledged by the lab: AT_LAB, whatever the time since', () => {
    const r = readChain(
      { barcode: 'B', handedToPoliceAt: at(-300 * HOUR) },
      { barcode: 'B', receivedAt: at(-299 * HOUR), handedToLabAt: at(-290 * HOUR), labReceivedAt: at(-200 * HOUR) },
      now,
    );
    expect([r.status, r.problems]).toEqual(['AT_LAB', []]);
  });

  it('collected, not handed over, however long ago: WITH_HEALTH, no problem (health keeps it)', () => {
    expect(readChain({ barcode: 'B', handedToPoliceAt: null }, null, now)).toEqual({
      barcode: 'B',
      status: 'WITH_HEALTH',
      handoverConfirmed: false,
      problems: [],
      receipt: null,
    });
  });
});

describe('readChains', () => {
  it("health's samples in health's order, then the barcodes only the police hold, oldest receipt first", () => {
    const chains = readChains(
      [
        { barcode: 'H2', handedToPoliceAt: null },
        { barcode: 'H1', handedToPoliceAt: at(-HOUR) },
      ],
      [
        { barcode: 'P2', receivedAt: at(-MINUTE) },
        { barcode: 'H1', receivedAt: at(-30 * MINUTE) },
        { barcode: 'P1', receivedAt: at(-2 * HOUR) },
      ],
      now,
    );
    expect(chains.map((c) => [c.barcode, c.status])).toEqual([
      ['H2', 'WITH_HEALTH'],
      ['H1', 'WITH_POLICE'],
      ['P1', 'BROKEN'],
      ['P2', 'BROKEN'],
    ]);
  });
});
