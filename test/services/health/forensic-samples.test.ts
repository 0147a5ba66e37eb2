import { beforeAll, describe, expect, it } from 'vitest';
import { ForensicSample } from '../../../services/health/entities/forensic-sample.entity.js';
import { health } from '../../../services/health/index.js';
import { anonymous, asDemoUser, asRole } from '../../helpers/principals.js';
import { testDatabase } from '../../helpers/database.js';
import { badInput, conflict, errorsWithoutLocations, forbidden, unauthenticated } from '../../helpers/errors.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { accessLogOf, CLINICIAN, entry, HOUR, MINUTE, referredCase, refWith, sharing } from './fixtures.js';

// Health's side of a forensic sample's chain of custody: collected (by its RFI barcode), sealed, handed to the
// police. Each step is an agency write (an open referral of the case to health, at the clinician's center), happens
// once, and in order; health refuses what it can check alone. The samples are read on the case by clinicians under
// health's consent and by investigators under the police's, never by anyone else.

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(health, await testDatabase()));
});

const clinician = asDemoUser('clinician');
const COLLECT = `mutation C($input: CollectForensicSampleInput!) { collectForensicSample(input: $input) { id caseId } }`;
const SEAL = `mutation S($input: SealForensicSampleInput!) { sealForensicSample(input: $input) { id caseId } }`;
const HAND = `mutation H($input: HandForensicSampleToPoliceInput!) { handForensicSampleToPolice(input: $input) { id caseId } }`;
const READ = `query R($r: [_Any!]!) { _entities(representations: $r) { ... on Case { forensicSamples {
  barcode kind collectedAt collectedBy sealedAt handedToPoliceAt handedTo custody { step at by handedTo } } } } }`;

let serial = 0;
/** A barcode no other test of this file uses. */
const barcode = () => `RFI-2026-${String(200_000 + ++serial).padStart(6, '0')}`;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/** The facts of a case shared with the police (referred to them, with consent for them). */
const policeSharing = sharing({
  consents: [{ agency: 'POLICE', basis: 'CONSENT', expiresAt: null }],
  referrals: [{ agency: 'POLICE' }],
});

/** A sample on a new case referred to health, collected 90 minutes ago; sealed and handed over when asked. */
async function sample(o: { sealed?: boolean; handed?: boolean } = {}) {
  const caseId = await referredCase(h);
  const code = barcode();
  const collectedAt = ago(90 * MINUTE);
  const c = await h.run(clinician, COLLECT, { input: { caseId, barcode: code, kind: 'SWAB', collectedAt } });
  expect(c.errors).toBeUndefined();
  const sealedAt = ago(80 * MINUTE);
  if (o.sealed || o.handed)
    expect((await h.run(clinician, SEAL, { input: { barcode: code, sealedAt } })).errors).toBeUndefined();
  const handedAt = ago(70 * MINUTE);
  if (o.handed) {
    const r = await h.run(clinician, HAND, { input: { barcode: code, handedAt, handedTo: 'RIB desk' } });
    expect(r.errors).toBeUndefined();
  }
  return {
    caseId,
    barcode: code,
    collectedAt,
    sealedAt,
    handedAt,
    id: (c.data?.collectForensicSample as { id: string }).id,
  };
}

const writes = async (caseId: string) =>
  (await accessLogOf(h, caseId)).filter((e) => e.action === 'WRITE').map((e) => e.fields[0]);

describe('collect, seal, hand over: the positive path', () => {
  it('a clinician records the three steps; the custody shows them in order; each write is logged', async () => {
    const s = await sample({ handed: true });
    expect(await writes(s.caseId)).toEqual([
      'collectForensicSample.SWAB',
      'sealForensicSample',
      'handForensicSampleToPolice',
    ]);
    expect(await h.run(clinician, READ, refWith(s.caseId, sharing()))).toEqual({
      data: {
        _entities: [
          {
            forensicSamples: [
              {
                barcode: s.barcode,
                kind: 'SWAB',
                collectedAt: s.collectedAt,
                collectedBy: 'demo:clinician',
                sealedAt: s.sealedAt,
                handedToPoliceAt: s.handedAt,
                handedTo: 'RIB desk',
                custody: [
                  { step: 'COLLECTED', at: s.collectedAt, by: 'demo:clinician', handedTo: null },
                  { step: 'SEALED', at: s.sealedAt, by: 'demo:clinician', handedTo: null },
                  { step: 'HANDED_TO_POLICE', at: s.handedAt, by: 'demo:clinician', handedTo: 'RIB desk' },
                ],
              },
            ],
          },
        ],
      },
    });
    const reads = (await accessLogOf(h, s.caseId)).filter((e) => e.action === 'READ');
    expect(reads).toEqual([
      entry({
        ...CLINICIAN,
        caseId: s.caseId,
        action: 'READ',
        fields: [
          'forensicSamples.barcode',
          'forensicSamples.collectedAt',
          'forensicSamples.collectedBy',
          'forensicSamples.custody.at',
          'forensicSamples.custody.by',
          'forensicSamples.custody.handedTo',
          'forensicSamples.custody.step',
          'forensicSamples.handedTo',
          'forensicSamples.handedToPoliceAt',
          'forensicSamples.kind',
          'forensicSamples.sealedAt',
        ],
        basis: 'CONSENT',
      }),
    ]);
  });

  it('an investigator reads the samples under the police referral and consent', async () => {
    const s = await sample({ sealed: true });
    expect(
      await h.run(
        asDemoUser('investigator'),
        `query R($r: [_Any!]!) { _entities(representations: $r) { ... on Case { forensicSamples { barcode custody { step } } } } }`,
        refWith(s.caseId, policeSharing),
      ),
    ).toEqual({
      data: {
        _entities: [
          { forensicSamples: [{ barcode: s.barcode, custody: [{ step: 'COLLECTED' }, { step: 'SEALED' }] }] },
        ],
      },
    });
  });
});

describe('who may not see or record the samples', () => {
  const SHORT = `query R($r: [_Any!]!) { _entities(representations: $r) { ... on Case { forensicSamples { barcode } } } }`;

  it('an investigator without police consent, one without a police referral, a clinician at another center, a case manager', async () => {
    const s = await sample();
    const refused = (reason: Parameters<typeof forbidden>[0]) => ({
      data: { _entities: [{ forensicSamples: null }] },
      errors: [forbidden(reason, ['_entities', 0, 'forensicSamples'])],
    });
    const investigator = asDemoUser('investigator');
    expect(await h.run(investigator, SHORT, refWith(s.caseId, sharing({ referrals: [{ agency: 'POLICE' }] })))).toEqual(
      refused('CONSENT_REQUIRED'),
    );
    expect(await h.run(investigator, SHORT, refWith(s.caseId, sharing()))).toEqual(refused('NOT_REFERRED'));
    expect(await h.run(asDemoUser('huye-clinician'), SHORT, refWith(s.caseId, sharing()))).toEqual(
      refused('OUT_OF_SCOPE'),
    );
    expect(await h.run(asDemoUser('case-manager'), SHORT, refWith(s.caseId, sharing()))).toEqual(
      refused('MISSING_SCOPE'),
    );
    expect(await h.run(clinician, SHORT, refWith(s.caseId, sharing({ consents: [] })))).toEqual(
      refused('CONSENT_REQUIRED'),
    );
  });

  it('a case moved to another center hides the samples collected at the first', async () => {
    const s = await sample();
    const atBoth = asRole('clinician', { centers: ['GASABO-1', 'GASABO-2'] });
    expect(
      await h.run(atBoth, SHORT, refWith(s.caseId, sharing({ centerCode: 'GASABO-2', district: 'Gasabo' }))),
    ).toEqual({ data: { _entities: [{ forensicSamples: [] }] } });
  });

  it('writes: an investigator (no medical:write), a case manager, another center, no open referral, anonymous', async () => {
    const caseId = await referredCase(h);
    const input = { caseId, barcode: barcode(), kind: 'BLOOD', collectedAt: ago(MINUTE) };
    const refused = (e: ReturnType<typeof forbidden>) => ({ data: null, errors: [e] });
    expect(await h.run(asDemoUser('investigator'), COLLECT, { input })).toEqual(
      refused(forbidden('MISSING_SCOPE', ['collectForensicSample'])),
    );
    expect(await h.run(asDemoUser('case-manager'), COLLECT, { input })).toEqual(
      refused(forbidden('MISSING_SCOPE', ['collectForensicSample'])),
    );
    expect(await h.run(asDemoUser('huye-clinician'), COLLECT, { input })).toEqual(
      refused(forbidden('NOT_REFERRED', ['collectForensicSample'])),
    );
    const rejected = await referredCase(h, 'GASABO-1', 'REJECTED');
    expect(await h.run(clinician, COLLECT, { input: { ...input, caseId: rejected } })).toEqual(
      refused(forbidden('NOT_REFERRED', ['collectForensicSample'])),
    );
    expect(await h.run(anonymous, COLLECT, { input })).toEqual(refused(unauthenticated(['collectForensicSample'])));
    expect(await h.orm.em.fork().count(ForensicSample, { caseId: { $in: [caseId, rejected] } })).toBe(0);

    // A sample of another center is as good as absent to a clinician elsewhere.
    const s = await sample();
    expect(
      await h.run(asRole('clinician', { centers: ['HUYE-1'] }), SEAL, {
        input: { barcode: s.barcode, sealedAt: ago(MINUTE) },
      }),
    ).toEqual({
      data: null,
      errors: [
        badInput({ field: 'input.barcode', problem: 'no forensic sample has this barcode' }, ['sealForensicSample']),
      ],
    });
  });
});

describe('bad input: barcodes, unknown samples, steps out of order or twice', () => {
  const FORMAT = 'must be an RFI barcode: RFI-, a year and six digits (RFI-2026-004211)';

  it('a barcode that is not an RFI barcode is refused, naming the field', async () => {
    const caseId = await referredCase(h);
    for (const bad of [
      'rfi-2026-000001',
      'RFI-2026-00001',
      'RFI-26-000001',
      'RFI-2026-0000012',
      'RFI 2026 000001',
      '',
    ]) {
      expect(
        await h.run(clinician, COLLECT, { input: { caseId, barcode: bad, kind: 'SWAB', collectedAt: ago(MINUTE) } }),
      ).toEqual({
        data: null,
        errors: [badInput({ field: 'input.barcode', problem: FORMAT }, ['collectForensicSample'])],
      });
    }
    expect(await h.orm.em.fork().count(ForensicSample, { caseId })).toBe(0);
  });

  it('an unknown barcode, collected before the incident or in the future', async () => {
    const caseId = await referredCase(h); // incident 2 hours ago
    const refused = (field: string, problem: string, path: string) => ({
      data: null,
      errors: [badInput({ field, problem }, [path])],
    });
    expect(await h.run(clinician, SEAL, { input: { barcode: barcode(), sealedAt: ago(MINUTE) } })).toEqual(
      refused('input.barcode', 'no forensic sample has this barcode', 'sealForensicSample'),
    );
    expect(
      await h.run(clinician, HAND, { input: { barcode: barcode(), handedAt: ago(MINUTE), handedTo: 'RIB' } }),
    ).toEqual(refused('input.barcode', 'no forensic sample has this barcode', 'handForensicSampleToPolice'));
    expect(
      await h.run(clinician, COLLECT, {
        input: { caseId, barcode: barcode(), kind: 'SWAB', collectedAt: ago(3 * HOUR) },
      }),
    ).toEqual(refused('input.collectedAt', 'must not be before the incident', 'collectForensicSample'));
    expect(
      await h.run(clinician, COLLECT, {
        input: { caseId, barcode: barcode(), kind: 'SWAB', collectedAt: new Date(Date.now() + HOUR).toISOString() },
      }),
    ).toEqual(refused('input.collectedAt', 'must not be in the future', 'collectForensicSample'));
  });

  it('wrong order: sealed before collected, handed unsealed, handed before sealed; nothing is written', async () => {
    const s = await sample();
    expect(await h.run(clinician, SEAL, { input: { barcode: s.barcode, sealedAt: ago(100 * MINUTE) } })).toEqual({
      data: null,
      errors: [
        badInput({ field: 'input.sealedAt', problem: 'must not be before the sample was collected' }, [
          'sealForensicSample',
        ]),
      ],
    });
    expect(
      await h.run(clinician, HAND, { input: { barcode: s.barcode, handedAt: ago(MINUTE), handedTo: 'RIB' } }),
    ).toEqual({
      data: null,
      errors: [
        badInput({ field: 'input.barcode', problem: 'the sample must be sealed before it is handed over' }, [
          'handForensicSampleToPolice',
        ]),
      ],
    });
    const sealedAt = ago(60 * MINUTE);
    expect((await h.run(clinician, SEAL, { input: { barcode: s.barcode, sealedAt } })).errors).toBeUndefined();
    expect(
      await h.run(clinician, HAND, { input: { barcode: s.barcode, handedAt: ago(61 * MINUTE), handedTo: 'RIB' } }),
    ).toEqual({
      data: null,
      errors: [
        badInput({ field: 'input.handedAt', problem: 'must not be before the sample was sealed' }, [
          'handForensicSampleToPolice',
        ]),
      ],
    });
    const stored = await h.orm.em.fork().findOneOrFail(ForensicSample, { barcode: s.barcode });
    expect([stored.sealedAt?.toISOString(), stored.handedToPoliceAt]).toEqual([sealedAt, null]);
  });

  it('duplicate steps: a barcode collected twice, a sample sealed twice or handed twice is CONFLICT', async () => {
    const s = await sample({ handed: true });
    const other = await referredCase(h);
    expect(
      await h.run(clinician, COLLECT, {
        input: { caseId: other, barcode: s.barcode, kind: 'HAIR', collectedAt: ago(MINUTE) },
      }),
    ).toEqual({
      data: null,
      errors: [conflict('a forensic sample with this barcode is already recorded', ['collectForensicSample'])],
    });
    expect(await h.run(clinician, SEAL, { input: { barcode: s.barcode, sealedAt: ago(MINUTE) } })).toEqual({
      data: null,
      errors: [conflict('this forensic sample is already sealed', ['sealForensicSample'])],
    });
    expect(
      await h.run(clinician, HAND, { input: { barcode: s.barcode, handedAt: ago(MINUTE), handedTo: 'Another unit' } }),
    ).toEqual({
      data: null,
      errors: [conflict('this forensic sample has already been handed to the police', ['handForensicSampleToPolice'])],
    });
    expect(await writes(other)).toEqual([]);
  });
});

describe('several clinicians at the same moment', () => {
  it('two clinicians collecting one barcode at once: one sample, one CONFLICT', async () => {
    const caseId = await referredCase(h);
    const code = barcode();
    const other = asRole('clinician', { centers: ['GASABO-1'] });
    const input = { caseId, barcode: code, kind: 'SWAB', collectedAt: ago(MINUTE) };
    const answers = await Promise.all([h.run(clinician, COLLECT, { input }), h.run(other, COLLECT, { input })]);
    expect(answers.filter((a) => a.errors === undefined)).toHaveLength(1);
    expect(answers.find((a) => a.errors)).toEqual({
      data: null,
      errors: [conflict('a forensic sample with this barcode is already recorded', ['collectForensicSample'])],
    });
    expect(await h.orm.em.fork().count(ForensicSample, { barcode: code })).toBe(1);
    expect(await writes(caseId)).toEqual(['collectForensicSample.SWAB']);
  });

  it('two clinicians sealing one sample at once: one seal, one CONFLICT', async () => {
    const s = await sample();
    const other = asRole('clinician', { centers: ['GASABO-1'] });
    const answers = await Promise.all([
      h.run(clinician, SEAL, { input: { barcode: s.barcode, sealedAt: ago(10 * MINUTE) } }),
      h.run(other, SEAL, { input: { barcode: s.barcode, sealedAt: ago(5 * MINUTE) } }),
    ]);
    expect(answers.filter((a) => a.errors === undefined)).toHaveLength(1);
    expect(answers.find((a) => a.errors)).toEqual({
      data: null,
      errors: [conflict('this forensic sample is already sealed', ['sealForensicSample'])],
    });
    expect(await writes(s.caseId)).toEqual(['collectForensicSample.SWAB', 'sealForensicSample']);
  });
});

describe('forensicHandovers: what health tells the police, and only that', () => {
  const HANDOVERS = `query R($r: [_Any!]!) { _entities(representations: $r) { ... on Case { forensicHandovers { barcode centerCode handedToPoliceAt } } } }`;

  it('barcodes, centers and handover times for holders of forensic:read; nothing logged by health', async () => {
    const s = await sample({ handed: true });
    const before = (await accessLogOf(h, s.caseId)).length;
    expect(await h.run(asDemoUser('investigator'), HANDOVERS, refWith(s.caseId, null))).toEqual({
      data: {
        _entities: [
          { forensicHandovers: [{ barcode: s.barcode, centerCode: 'GASABO-1', handedToPoliceAt: s.handedAt }] },
        ],
      },
    });
    expect((await accessLogOf(h, s.caseId)).length).toBe(before);
  });

  it('a case manager, without forensic:read, gets nothing', async () => {
    const s = await sample();
    expect(await h.run(asDemoUser('case-manager'), HANDOVERS, refWith(s.caseId, null))).toEqual({
      data: { _entities: [{ forensicHandovers: null }] },
      errors: [forbidden('MISSING_SCOPE', ['_entities', 0, 'forensicHandovers'])],
    });
  });
});

describe('voidForensicSample: a sample recorded by mistake is voided, with a reason', () => {
  const VOID = `mutation V($input: VoidForensicSampleInput!) { voidForensicSample(input: $input) { id caseId } }`;
  const REASON = 'Collected on the wrong case: the survivor in the next room.';

  it('leaves every read, frees its barcode for the right case, and logs the write with its reason', async () => {
    const s = await sample({ sealed: true });
    expect(await h.run(clinician, VOID, { input: { barcode: s.barcode, reason: REASON } })).toEqual({
      data: { voidForensicSample: { id: s.id, caseId: s.caseId } },
    });
    expect(await h.run(clinician, READ, refWith(s.caseId, sharing()))).toEqual({
      data: { _entities: [{ forensicSamples: [] }] },
    });
    const log = (await accessLogOf(h, s.caseId)).filter((e) => e.action === 'WRITE');
    expect(log.map((e) => [e.fields[0], e.reason])).toEqual([
      ['collectForensicSample.SWAB', null],
      ['sealForensicSample', null],
      ['voidForensicSample', REASON],
    ]);
    // The barcode is free again: the right case records it.
    const right = await referredCase(h);
    const again = await h.run(clinician, COLLECT, {
      input: { caseId: right, barcode: s.barcode, kind: 'SWAB', collectedAt: ago(30 * MINUTE) },
    });
    expect(again).toEqual({ data: { collectForensicSample: { id: expect.any(String), caseId: right } } });
  });

  it('who may not: an investigator or a case manager (no medical:write), a clinician of another center, anonymous', async () => {
    const s = await sample();
    const input = { barcode: s.barcode, reason: REASON };
    expect(await h.run(asDemoUser('investigator'), VOID, { input })).toEqual({
      data: null,
      errors: [forbidden('MISSING_SCOPE', ['voidForensicSample'])],
    });
    expect(await h.run(asDemoUser('case-manager'), VOID, { input })).toEqual({
      data: null,
      errors: [forbidden('MISSING_SCOPE', ['voidForensicSample'])],
    });
    expect(await h.run(asRole('clinician', { centers: ['HUYE-1'] }), VOID, { input })).toEqual({
      data: null,
      errors: [
        badInput({ field: 'input.barcode', problem: 'no forensic sample has this barcode' }, ['voidForensicSample']),
      ],
    });
    expect(await h.run(anonymous, VOID, { input })).toEqual({
      data: null,
      errors: [unauthenticated(['voidForensicSample'])],
    });
    expect(await writes(s.caseId)).toEqual(['collectForensicSample.SWAB']);
  });

  it('bad input: a reason of fewer than 5 letters, an unknown barcode, a sample already handed to the police', async () => {
    const s = await sample({ handed: true });
    expect(await h.run(clinician, VOID, { input: { barcode: s.barcode, reason: 'oops' } })).toEqual({
      data: null,
      errors: [
        badInput({ field: 'input.reason', problem: 'must say why in at least 5 letters' }, ['voidForensicSample']),
      ],
    });
    expect(await h.run(clinician, VOID, { input: { barcode: barcode(), reason: REASON } })).toEqual({
      data: null,
      errors: [
        badInput({ field: 'input.barcode', problem: 'no forensic sample has this barcode' }, ['voidForensicSample']),
      ],
    });
    expect(await h.run(clinician, VOID, { input: { barcode: s.barcode, reason: REASON } })).toEqual({
      data: null,
      errors: [conflict('a sample handed to the police is not voided', ['voidForensicSample'])],
    });
    expect(await writes(s.caseId)).toEqual([
      'collectForensicSample.SWAB',
      'sealForensicSample',
      'handForensicSampleToPolice',
    ]);
  });

  it('two clinicians voiding one sample at once: one void, the other refused', async () => {
    const s = await sample();
    const other = asRole('clinician', { centers: ['GASABO-1'] });
    const input = { barcode: s.barcode, reason: REASON };
    const answers = await Promise.all([h.run(clinician, VOID, { input }), h.run(other, VOID, { input })]);
    expect(answers.filter((a) => a.errors === undefined)).toEqual([
      { data: { voidForensicSample: { id: s.id, caseId: s.caseId } } },
    ]);
    // The loser either found the sample still standing and lost the race, or found it voided already.
    expect([
      {
        data: null,
        errors: [conflict('this forensic sample was voided or handed over meanwhile', ['voidForensicSample'])],
      },
      {
        data: null,
        errors: [
          badInput({ field: 'input.barcode', problem: 'no forensic sample has this barcode' }, ['voidForensicSample']),
        ],
      },
    ]).toContainEqual(answers.find((a) => a.errors));
    expect(await writes(s.caseId)).toEqual(['collectForensicSample.SWAB', 'voidForensicSample']);
  });
});
