import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ForensicReceipt } from '../../../services/police/entities/forensic-receipt.entity.js';
import { police } from '../../../services/police/index.js';
import { anonymous, asDemoUser, asRole } from '../../helpers/principals.js';
import { testDatabase } from '../../helpers/database.js';
import { badInput, conflict, errorsWithoutLocations, forbidden, unauthenticated } from '../../helpers/errors.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { accessLogOf, entry, INVESTIGATOR, MINUTE, referredCase, type Sharing, sharing } from './fixtures.js';

// The police's side of a forensic sample's chain of custody, and the chain read from both sides. The police record
// the receipt from health, the handover to the RFI and the lab's acknowledgement; Case.forensicCustody reads them
// against the handovers health tells through the gateway (here: in the representation, as the gateway sends it).
// A handover counts only when both sides recorded it, in order and within 12 hours; the rest is reported.

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(police, await testDatabase()));
});
afterEach(() => {
  vi.useRealTimers();
});

const HOUR = 60 * MINUTE;
const investigator = asDemoUser('investigator');
const RECEIVE = `mutation R($input: ReceiveForensicSampleInput!) { receiveForensicSample(input: $input) { id caseId } }`;
const TO_LAB = `mutation L($input: HandForensicSampleToLabInput!) { handForensicSampleToLab(input: $input) { id caseId } }`;
const LAB = `mutation A($input: RecordLabReceiptInput!) { recordLabReceipt(input: $input) { id caseId } }`;
const CHAINS = `query C($r: [_Any!]!) { _entities(representations: $r) { ... on Case { forensicCustody {
  barcode status handoverConfirmed problems { kind detail } } } } }`;

let serial = 0;
const barcode = () => `RFI-2026-${String(300_000 + ++serial).padStart(6, '0')}`;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

interface Handover {
  barcode: string;
  centerCode?: string;
  handedToPoliceAt: Date | null;
}

/** A Case representation as the gateway sends it to the police: the center's facts and health's handovers. */
const withHandovers = (id: string, handovers: Handover[] | null, facts: Sharing = sharing()) => ({
  r: [
    {
      __typename: 'Case',
      id,
      sharing: facts,
      ...(handovers === null
        ? {}
        : {
            forensicHandovers: handovers.map((x) => ({
              barcode: x.barcode,
              centerCode: x.centerCode ?? 'GASABO-1',
              handedToPoliceAt: x.handedToPoliceAt?.toISOString() ?? null,
            })),
          }),
    },
  ],
});

/** A police receipt written directly, at exactly the times a chain test needs. */
async function receipt(caseId: string, code: string, receivedAt: Date, lab: { handed?: Date; received?: Date } = {}) {
  const em = h.orm.em.fork();
  em.create(ForensicReceipt, {
    caseId,
    centerCode: 'GASABO-1',
    barcode: code,
    receivedAt,
    receivedBy: 'demo:investigator',
    handedToLabAt: lab.handed ?? null,
    handedToLabBy: lab.handed ? 'demo:investigator' : null,
    labReceivedAt: lab.received ?? null,
    labAcknowledgement: lab.received ? 'RFI/ACK/1' : null,
  });
  await em.flush();
}

/** Stop the clock (Date only) at a whole minute, so the windows' edges fall exactly. */
function freeze(): Date {
  const now = new Date(Math.floor(Date.now() / MINUTE) * MINUTE);
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(now);
  return now;
}

const chainsOf = async (caseId: string, handovers: Handover[] | null, facts?: Sharing) =>
  h.run(investigator, CHAINS, withHandovers(caseId, handovers, facts));

const writes = async (caseId: string) =>
  (await accessLogOf(h, caseId)).filter((e) => e.action === 'WRITE').map((e) => e.fields[0]);

describe('the police side: received, handed to the lab, the lab receipt', () => {
  it('an investigator records the three steps; the chain goes from WITH_POLICE to AT_LAB; writes and read are logged', async () => {
    const caseId = await referredCase(h);
    const code = barcode();
    const handedToPoliceAt = new Date(Date.now() - 3 * HOUR);
    const receivedAt = ago(2 * HOUR);
    expect(await h.run(investigator, RECEIVE, { input: { caseId, barcode: code, receivedAt } })).toEqual({
      data: { receiveForensicSample: { id: expect.any(String), caseId } },
    });
    const handovers = [{ barcode: code, handedToPoliceAt }];
    const chain = (status: string) => ({
      data: { _entities: [{ forensicCustody: [{ barcode: code, status, handoverConfirmed: true, problems: [] }] }] },
    });
    expect(await chainsOf(caseId, handovers)).toEqual(chain('WITH_POLICE'));
    const handedAt = ago(HOUR);
    expect(await h.run(investigator, TO_LAB, { input: { caseId, barcode: code, handedAt } })).toEqual({
      data: { handForensicSampleToLab: { id: expect.any(String), caseId } },
    });
    expect(await chainsOf(caseId, handovers)).toEqual(chain('SENT_TO_LAB'));
    const labAt = ago(30 * MINUTE);
    expect(
      await h.run(investigator, LAB, {
        input: { caseId, barcode: code, receivedAt: labAt, acknowledgement: 'RFI/ACK/2026/0042' },
      }),
    ).toEqual({ data: { recordLabReceipt: { id: expect.any(String), caseId } } });
    expect(
      await h.run(
        investigator,
        `query C($r: [_Any!]!) { _entities(representations: $r) { ... on Case { forensicCustody { status receipt {
          barcode receivedAt receivedBy handedToLabAt handedToLabBy labReceivedAt labAcknowledgement labReceiptRecordedBy } } } } }`,
        withHandovers(caseId, handovers),
      ),
    ).toEqual({
      data: {
        _entities: [
          {
            forensicCustody: [
              {
                status: 'AT_LAB',
                receipt: {
                  barcode: code,
                  receivedAt,
                  receivedBy: 'demo:investigator',
                  handedToLabAt: handedAt,
                  handedToLabBy: 'demo:investigator',
                  labReceivedAt: labAt,
                  labAcknowledgement: 'RFI/ACK/2026/0042',
                  labReceiptRecordedBy: 'demo:investigator',
                },
              },
            ],
          },
        ],
      },
    });
    expect(await writes(caseId)).toEqual(['receiveForensicSample', 'handForensicSampleToLab', 'recordLabReceipt']);
    const reads = (await accessLogOf(h, caseId)).filter((e) => e.action === 'READ');
    expect(reads[0]).toEqual(
      entry({
        ...INVESTIGATOR,
        caseId,
        action: 'READ',
        fields: [
          'forensicCustody.barcode',
          'forensicCustody.handoverConfirmed',
          'forensicCustody.problems.detail',
          'forensicCustody.problems.kind',
          'forensicCustody.status',
        ],
        basis: 'CONSENT',
      }),
    );
  });

  it('a clinician reads the chain under health consent; nothing yet on either side is an empty list, not logged', async () => {
    const caseId = await referredCase(h);
    const code = barcode();
    const healthFacts = sharing({
      consents: [{ agency: 'HEALTH', basis: 'CONSENT', expiresAt: null }],
      referrals: [{ agency: 'HEALTH' }],
    });
    expect(
      await h.run(
        asDemoUser('clinician'),
        CHAINS,
        withHandovers(caseId, [{ barcode: code, handedToPoliceAt: null }], healthFacts),
      ),
    ).toEqual({
      data: {
        _entities: [
          { forensicCustody: [{ barcode: code, status: 'WITH_HEALTH', handoverConfirmed: false, problems: [] }] },
        ],
      },
    });
    const empty = await referredCase(h);
    expect(await chainsOf(empty, [])).toEqual({ data: { _entities: [{ forensicCustody: [] }] } });
    expect(await accessLogOf(h, empty)).toEqual([]);
  });
});

describe('a broken or one-sided handover is reported, with the windows exact', () => {
  it('handed over and not received: waiting at 12 h 0 min, NOT_RECEIVED at 12 h 1 min', async () => {
    const caseId = await referredCase(h);
    const now = freeze();
    const code = barcode();
    expect(await chainsOf(caseId, [{ barcode: code, handedToPoliceAt: at(now, -12 * HOUR) }])).toEqual({
      data: {
        _entities: [
          {
            forensicCustody: [
              { barcode: code, status: 'AWAITING_POLICE_RECEIPT', handoverConfirmed: false, problems: [] },
            ],
          },
        ],
      },
    });
    expect(await chainsOf(caseId, [{ barcode: code, handedToPoliceAt: at(now, -12 * HOUR - MINUTE) }])).toEqual({
      data: {
        _entities: [
          {
            forensicCustody: [
              {
                barcode: code,
                status: 'BROKEN',
                handoverConfirmed: false,
                problems: [
                  { kind: 'NOT_RECEIVED', detail: 'handed to the police more than 12 hours ago; no receipt recorded' },
                ],
              },
            ],
          },
        ],
      },
    });
  });

  it('a receipt 12 h 0 min after the handover confirms it; 12 h 1 min is LATE_RECEIPT; before it is RECEIVED_BEFORE_HANDOVER', async () => {
    const now = freeze();
    const handed = at(now, -20 * HOUR);
    const one = async (receivedAt: Date) => {
      const caseId = await referredCase(h, 'GASABO-1', 'REQUESTED', at(now, -30 * HOUR));
      const code = barcode();
      await receipt(caseId, code, receivedAt);
      const r = await chainsOf(caseId, [{ barcode: code, handedToPoliceAt: handed }]);
      const [chain] = (r.data?._entities as [{ forensicCustody: unknown[] }])[0].forensicCustody;
      return chain;
    };
    expect(await one(at(handed, 12 * HOUR))).toEqual({
      barcode: expect.any(String),
      status: 'WITH_POLICE',
      handoverConfirmed: true,
      problems: [],
    });
    expect(await one(at(handed, 12 * HOUR + MINUTE))).toEqual({
      barcode: expect.any(String),
      status: 'BROKEN',
      handoverConfirmed: false,
      problems: [{ kind: 'LATE_RECEIPT', detail: 'received more than 12 hours after the handover' }],
    });
    expect(await one(at(handed, 0))).toMatchObject({ status: 'WITH_POLICE', handoverConfirmed: true });
    expect(await one(at(handed, -MINUTE))).toEqual({
      barcode: expect.any(String),
      status: 'BROKEN',
      handoverConfirmed: false,
      problems: [{ kind: 'RECEIVED_BEFORE_HANDOVER', detail: 'the receipt is dated before the handover' }],
    });
  });

  it("received with no handover by health, and a barcode health never recorded on the case (listed after health's)", async () => {
    const caseId = await referredCase(h);
    const [notHanded, unknown, elsewhere] = [barcode(), barcode(), barcode()];
    await receipt(caseId, notHanded, new Date(Date.now() - HOUR));
    await receipt(caseId, unknown, new Date(Date.now() - 2 * HOUR));
    await receipt(caseId, elsewhere, new Date(Date.now() - 3 * HOUR));
    // Health's sample `elsewhere` was collected at another center: the chain here does not count it.
    const r = await chainsOf(caseId, [
      { barcode: notHanded, handedToPoliceAt: null },
      { barcode: elsewhere, centerCode: 'HUYE-1', handedToPoliceAt: new Date(Date.now() - 4 * HOUR) },
    ]);
    const unknownProblem = {
      kind: 'UNKNOWN_BARCODE',
      detail: 'the police received a sample that health never recorded on this case',
    };
    expect(r).toEqual({
      data: {
        _entities: [
          {
            forensicCustody: [
              {
                barcode: notHanded,
                status: 'BROKEN',
                handoverConfirmed: false,
                problems: [
                  {
                    kind: 'RECEIVED_WITHOUT_HANDOVER',
                    detail: 'the police recorded a receipt; health recorded no handover',
                  },
                ],
              },
              { barcode: elsewhere, status: 'BROKEN', handoverConfirmed: false, problems: [unknownProblem] },
              { barcode: unknown, status: 'BROKEN', handoverConfirmed: false, problems: [unknownProblem] },
            ],
          },
        ],
      },
    });
  });

  it("the lab's window: sent 72 h 0 min ago is SENT_TO_LAB, 72 h 1 min without acknowledgement is LAB_NOT_RECEIVED", async () => {
    const now = freeze();
    const one = async (sentAgo: number) => {
      const caseId = await referredCase(h, 'GASABO-1', 'REQUESTED', at(now, -100 * HOUR));
      const code = barcode();
      await receipt(caseId, code, at(now, -80 * HOUR), { handed: at(now, -sentAgo) });
      const r = await chainsOf(caseId, [{ barcode: code, handedToPoliceAt: at(now, -81 * HOUR) }]);
      return (r.data?._entities as [{ forensicCustody: unknown[] }])[0].forensicCustody[0];
    };
    expect(await one(72 * HOUR)).toMatchObject({ status: 'SENT_TO_LAB', handoverConfirmed: true, problems: [] });
    expect(await one(72 * HOUR + MINUTE)).toMatchObject({
      status: 'BROKEN',
      handoverConfirmed: true,
      problems: [{ kind: 'LAB_NOT_RECEIVED', detail: 'handed to the RFI more than 72 hours ago; no acknowledgement' }],
    });
  });
});

describe('who may not see the chain', () => {
  it('no police consent, no referral, another center, a case manager; health unreachable is SERVICE_UNAVAILABLE', async () => {
    const caseId = await referredCase(h);
    const code = barcode();
    await receipt(caseId, code, new Date(Date.now() - HOUR));
    const handovers = [{ barcode: code, handedToPoliceAt: new Date(Date.now() - 2 * HOUR) }];
    const refused = (reason: Parameters<typeof forbidden>[0]) => ({
      data: { _entities: [{ forensicCustody: null }] },
      errors: [forbidden(reason, ['_entities', 0, 'forensicCustody'])],
    });
    expect(await chainsOf(caseId, handovers, sharing({ consents: [] }))).toEqual(refused('CONSENT_REQUIRED'));
    expect(await chainsOf(caseId, handovers, sharing({ referrals: [] }))).toEqual(refused('NOT_REFERRED'));
    expect(
      await h.run(asRole('investigator', { centers: ['HUYE-1'] }), CHAINS, withHandovers(caseId, handovers)),
    ).toEqual(refused('OUT_OF_SCOPE'));
    expect(await h.run(asDemoUser('case-manager'), CHAINS, withHandovers(caseId, handovers))).toEqual(
      refused('MISSING_SCOPE'),
    );
    expect(await h.run(asDemoUser('social-worker'), CHAINS, withHandovers(caseId, handovers))).toEqual(
      refused('MISSING_SCOPE'),
    );
    expect(await chainsOf(caseId, null)).toEqual({
      data: { _entities: [{ forensicCustody: null }] },
      errors: [
        {
          message: "health's side of the chain of custody could not be read; try again shortly",
          path: ['_entities', 0, 'forensicCustody'],
          extensions: { code: 'SERVICE_UNAVAILABLE' },
        },
      ],
    });
    expect((await accessLogOf(h, caseId)).filter((e) => e.action === 'READ')).toEqual([]);
  });
});

describe('who may not record the police side', () => {
  it('a clinician (no police:write), a case manager, another center, no open referral, anonymous', async () => {
    const caseId = await referredCase(h);
    const input = { caseId, barcode: barcode(), receivedAt: ago(MINUTE) };
    const refused = (e: ReturnType<typeof forbidden>) => ({ data: null, errors: [e] });
    expect(await h.run(asDemoUser('clinician'), RECEIVE, { input })).toEqual(
      refused(forbidden('MISSING_SCOPE', ['receiveForensicSample'])),
    );
    expect(await h.run(asDemoUser('case-manager'), RECEIVE, { input })).toEqual(
      refused(forbidden('MISSING_SCOPE', ['receiveForensicSample'])),
    );
    expect(await h.run(asRole('investigator', { centers: ['HUYE-1'] }), RECEIVE, { input })).toEqual(
      refused(forbidden('NOT_REFERRED', ['receiveForensicSample'])),
    );
    const revoked = await referredCase(h, 'GASABO-1', 'REVOKED');
    expect(await h.run(investigator, RECEIVE, { input: { ...input, caseId: revoked } })).toEqual(
      refused(forbidden('NOT_REFERRED', ['receiveForensicSample'])),
    );
    expect(await h.run(anonymous, RECEIVE, { input })).toEqual(refused(unauthenticated(['receiveForensicSample'])));
    expect(await h.orm.em.fork().count(ForensicReceipt, { caseId: { $in: [caseId, revoked] } })).toBe(0);

    // A receipt of another center is as good as absent.
    const code = barcode();
    await receipt(caseId, code, new Date(Date.now() - HOUR));
    expect(
      await h.run(asRole('investigator', { centers: ['HUYE-1'] }), TO_LAB, {
        input: { caseId, barcode: code, handedAt: ago(MINUTE) },
      }),
    ).toEqual({
      data: null,
      errors: [
        badInput({ field: 'input.barcode', problem: 'the police have received no forensic sample with this barcode' }, [
          'handForensicSampleToLab',
        ]),
      ],
    });
  });
});

describe('bad input on the police side', () => {
  it('a barcode that is not an RFI barcode; one never received; a receipt before the incident', async () => {
    const caseId = await referredCase(h); // incident 2 hours ago
    expect(
      await h.run(investigator, RECEIVE, { input: { caseId, barcode: 'RFI-2026-12345', receivedAt: ago(MINUTE) } }),
    ).toEqual({
      data: null,
      errors: [
        badInput(
          { field: 'input.barcode', problem: 'must be an RFI barcode: RFI-, a year and six digits (RFI-2026-004211)' },
          ['receiveForensicSample'],
        ),
      ],
    });
    expect(await h.run(investigator, TO_LAB, { input: { caseId, barcode: barcode(), handedAt: ago(MINUTE) } })).toEqual(
      {
        data: null,
        errors: [
          badInput(
            { field: 'input.barcode', problem: 'the police have received no forensic sample with this barcode' },
            ['handForensicSampleToLab'],
          ),
        ],
      },
    );
    expect(
      await h.run(investigator, RECEIVE, { input: { caseId, barcode: barcode(), receivedAt: ago(3 * HOUR) } }),
    ).toEqual({
      data: null,
      errors: [
        badInput({ field: 'input.receivedAt', problem: 'must not be before the incident' }, ['receiveForensicSample']),
      ],
    });
    expect(await h.orm.em.fork().count(ForensicReceipt, { caseId })).toBe(0);
  });

  it('wrong order: the lab receipt before the handover to the lab, each step dated before the one it follows', async () => {
    const caseId = await referredCase(h);
    const code = barcode();
    const receivedAt = new Date(Date.now() - HOUR);
    await receipt(caseId, code, receivedAt);
    const refused = (field: string, problem: string, path: string) => ({
      data: null,
      errors: [badInput({ field, problem }, [path])],
    });
    expect(
      await h.run(investigator, LAB, {
        input: { caseId, barcode: code, receivedAt: ago(MINUTE), acknowledgement: 'ACK' },
      }),
    ).toEqual(refused('input.barcode', 'the sample must be handed to the lab first', 'recordLabReceipt'));
    expect(
      await h.run(investigator, TO_LAB, { input: { caseId, barcode: code, handedAt: ago(HOUR + MINUTE) } }),
    ).toEqual(
      refused('input.handedAt', 'must not be before the police received the sample', 'handForensicSampleToLab'),
    );
    expect(
      (await h.run(investigator, TO_LAB, { input: { caseId, barcode: code, handedAt: ago(30 * MINUTE) } })).errors,
    ).toBeUndefined();
    expect(
      await h.run(investigator, LAB, {
        input: { caseId, barcode: code, receivedAt: ago(31 * MINUTE), acknowledgement: 'ACK' },
      }),
    ).toEqual(refused('input.receivedAt', 'must not be before the sample was handed to the lab', 'recordLabReceipt'));
    expect(
      await h.run(investigator, LAB, {
        input: { caseId, barcode: code, receivedAt: ago(MINUTE), acknowledgement: ' ' },
      }),
    ).toEqual(refused('input.acknowledgement', 'must not be blank', 'recordLabReceipt'));
    expect((await h.orm.em.fork().findOneOrFail(ForensicReceipt, { barcode: code })).labReceivedAt).toBeNull();
  });

  it('duplicate steps: received twice, handed to the lab twice, the lab receipt twice are CONFLICT', async () => {
    const caseId = await referredCase(h);
    const code = barcode();
    const step = (q: string, input: Record<string, unknown>) => h.run(investigator, q, { input });
    expect((await step(RECEIVE, { caseId, barcode: code, receivedAt: ago(HOUR) })).errors).toBeUndefined();
    expect(await step(RECEIVE, { caseId, barcode: code, receivedAt: ago(MINUTE) })).toEqual({
      data: null,
      errors: [
        conflict('the police have already received a forensic sample with this barcode on this case', [
          'receiveForensicSample',
        ]),
      ],
    });
    expect((await step(TO_LAB, { caseId, barcode: code, handedAt: ago(30 * MINUTE) })).errors).toBeUndefined();
    expect(await step(TO_LAB, { caseId, barcode: code, handedAt: ago(MINUTE) })).toEqual({
      data: null,
      errors: [conflict('this forensic sample has already been handed to the lab', ['handForensicSampleToLab'])],
    });
    expect(
      (await step(LAB, { caseId, barcode: code, receivedAt: ago(10 * MINUTE), acknowledgement: 'ACK-1' })).errors,
    ).toBeUndefined();
    expect(await step(LAB, { caseId, barcode: code, receivedAt: ago(MINUTE), acknowledgement: 'ACK-2' })).toEqual({
      data: null,
      errors: [conflict("the lab's receipt of this forensic sample is already recorded", ['recordLabReceipt'])],
    });
    expect(await writes(caseId)).toEqual(['receiveForensicSample', 'handForensicSampleToLab', 'recordLabReceipt']);
  });
});

describe('several officers at the same moment', () => {
  it('two investigators receiving the same sample at once: exactly one receipt, the other CONFLICT', async () => {
    const caseId = await referredCase(h);
    const code = barcode();
    const other = asRole('investigator', { centers: ['GASABO-1'] });
    const answers = await Promise.all([
      h.run(investigator, RECEIVE, { input: { caseId, barcode: code, receivedAt: ago(2 * MINUTE) } }),
      h.run(other, RECEIVE, { input: { caseId, barcode: code, receivedAt: ago(MINUTE) } }),
    ]);
    expect(answers.filter((a) => a.errors === undefined)).toHaveLength(1);
    expect(answers.find((a) => a.errors)).toEqual({
      data: null,
      errors: [
        conflict('the police have already received a forensic sample with this barcode on this case', [
          'receiveForensicSample',
        ]),
      ],
    });
    expect(await h.orm.em.fork().count(ForensicReceipt, { barcode: code })).toBe(1);
    expect(await writes(caseId)).toEqual(['receiveForensicSample']);
  });

  it('two investigators handing one sample to the lab at once: one handover', async () => {
    const caseId = await referredCase(h);
    const code = barcode();
    await receipt(caseId, code, new Date(Date.now() - HOUR));
    const other = asRole('investigator', { centers: ['GASABO-1'] });
    const answers = await Promise.all([
      h.run(investigator, TO_LAB, { input: { caseId, barcode: code, handedAt: ago(2 * MINUTE) } }),
      h.run(other, TO_LAB, { input: { caseId, barcode: code, handedAt: ago(MINUTE) } }),
    ]);
    expect(answers.filter((a) => a.errors === undefined)).toHaveLength(1);
    expect(answers.find((a) => a.errors)).toEqual({
      data: null,
      errors: [conflict('this forensic sample has already been handed to the lab', ['handForensicSampleToLab'])],
    });
  });
});

describe('voidForensicReceipt: a receipt recorded by mistake is voided, with a reason', () => {
  const VOID = `mutation V($input: VoidForensicReceiptInput!) { voidForensicReceipt(input: $input) { id caseId } }`;
  const REASON = 'Scanned onto the wrong case: the sample belongs to another survivor.';

  it("leaves the case's chain, lets the sample be received again, and logs the write with its reason", async () => {
    const caseId = await referredCase(h);
    const code = barcode();
    expect(
      (await h.run(investigator, RECEIVE, { input: { caseId, barcode: code, receivedAt: ago(HOUR) } })).errors,
    ).toBeUndefined();
    // Health never recorded this barcode on the case: the chain reports it until the receipt is voided.
    expect(await chainsOf(caseId, [])).toEqual({
      data: {
        _entities: [
          {
            forensicCustody: [
              {
                barcode: code,
                status: 'BROKEN',
                handoverConfirmed: false,
                problems: [
                  {
                    kind: 'UNKNOWN_BARCODE',
                    detail: 'the police received a sample that health never recorded on this case',
                  },
                ],
              },
            ],
          },
        ],
      },
    });
    expect(await h.run(investigator, VOID, { input: { caseId, barcode: code, reason: REASON } })).toEqual({
      data: { voidForensicReceipt: { id: expect.any(String), caseId } },
    });
    expect(await chainsOf(caseId, [])).toEqual({ data: { _entities: [{ forensicCustody: [] }] } });
    const log = (await accessLogOf(h, caseId)).filter((e) => e.action === 'WRITE');
    expect(log.map((e) => [e.fields[0], e.reason])).toEqual([
      ['receiveForensicSample', null],
      ['voidForensicReceipt', REASON],
    ]);
    // Received again on the same case, as it should have been: the voided receipt does not stand in the way.
    expect(await h.run(investigator, RECEIVE, { input: { caseId, barcode: code, receivedAt: ago(MINUTE) } })).toEqual({
      data: { receiveForensicSample: { id: expect.any(String), caseId } },
    });
  });

  it('who may not: a clinician (no police:write), an investigator of another center, anonymous', async () => {
    const caseId = await referredCase(h);
    const code = barcode();
    await receipt(caseId, code, new Date(Date.now() - HOUR));
    const input = { caseId, barcode: code, reason: REASON };
    expect(await h.run(asDemoUser('clinician'), VOID, { input })).toEqual({
      data: null,
      errors: [forbidden('MISSING_SCOPE', ['voidForensicReceipt'])],
    });
    expect(await h.run(asRole('investigator', { centers: ['HUYE-1'] }), VOID, { input })).toEqual({
      data: null,
      errors: [
        badInput({ field: 'input.barcode', problem: 'the police have received no forensic sample with this barcode' }, [
          'voidForensicReceipt',
        ]),
      ],
    });
    expect(await h.run(anonymous, VOID, { input })).toEqual({
      data: null,
      errors: [unauthenticated(['voidForensicReceipt'])],
    });
    expect(await writes(caseId)).toEqual([]);
  });

  it('bad input: a reason of fewer than 5 letters, a receipt already handed to the lab', async () => {
    const caseId = await referredCase(h);
    const code = barcode();
    await receipt(caseId, code, new Date(Date.now() - HOUR), { handed: new Date(Date.now() - 30 * MINUTE) });
    expect(await h.run(investigator, VOID, { input: { caseId, barcode: code, reason: 'oops' } })).toEqual({
      data: null,
      errors: [
        badInput({ field: 'input.reason', problem: 'must say why in at least 5 letters' }, ['voidForensicReceipt']),
      ],
    });
    expect(await h.run(investigator, VOID, { input: { caseId, barcode: code, reason: REASON } })).toEqual({
      data: null,
      errors: [conflict('a sample handed to the lab is not voided', ['voidForensicReceipt'])],
    });
    expect(await writes(caseId)).toEqual([]);
  });

  it('two investigators voiding one receipt at once: one void, the other refused', async () => {
    const caseId = await referredCase(h);
    const code = barcode();
    await receipt(caseId, code, new Date(Date.now() - HOUR));
    const other = asRole('investigator', { centers: ['GASABO-1'] });
    const input = { caseId, barcode: code, reason: REASON };
    const answers = await Promise.all([h.run(investigator, VOID, { input }), h.run(other, VOID, { input })]);
    expect(answers.filter((a) => a.errors === undefined)).toEqual([
      { data: { voidForensicReceipt: { id: expect.any(String), caseId } } },
    ]);
    expect([
      {
        data: null,
        errors: [
          conflict('this receipt was voided or the sample handed to the lab meanwhile', ['voidForensicReceipt']),
        ],
      },
      {
        data: null,
        errors: [
          badInput(
            { field: 'input.barcode', problem: 'the police have received no forensic sample with this barcode' },
            ['voidForensicReceipt'],
          ),
        ],
      },
    ]).toContainEqual(answers.find((a) => a.errors));
    expect(await writes(caseId)).toEqual(['voidForensicReceipt']);
  });
});
