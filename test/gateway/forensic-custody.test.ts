import { beforeAll, describe, expect, it } from 'vitest';
import { type CaseFile, writeCaseFile } from '../helpers/case-files.js';
import { testDatabase } from '../helpers/database.js';
import { conflict, forbidden, unauthorized } from '../helpers/errors.js';
import { accessLogOf } from '../helpers/access-log.js';
import { type Stack, startStack } from '../helpers/stack.js';
import type { SubgraphHarness } from '../helpers/subgraph-harness.js';

// A forensic sample's chain of custody through the whole graph: health records its side (collected, sealed, handed
// to the police), the police theirs (received, handed to the RFI, the lab's receipt), and one query shows the whole
// chain, each side under its owner's rules. The police read health's side through the gateway (@requires), never
// from health's tables.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let stack: Stack;
let file: CaseFile;
let withdrawn: CaseFile;
let clinician: string;
let investigator: string;

beforeAll(async () => {
  stack = await startStack(await testDatabase());
  file = await writeCaseFile(stack.orms, { centerCode: 'GASABO-1', consent: 'given', withoutForensic: true });
  withdrawn = await writeCaseFile(stack.orms, { centerCode: 'GASABO-1', consent: 'withdrawn' });
  clinician = await stack.token('clinician');
  investigator = await stack.token('investigator');
}, 120_000);

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

const COLLECT = `mutation($input: CollectForensicSampleInput!) { collectForensicSample(input: $input) { id caseId } }`;
const SEAL = `mutation($input: SealForensicSampleInput!) { sealForensicSample(input: $input) { id } }`;
const HAND = `mutation($input: HandForensicSampleToPoliceInput!) { handForensicSampleToPolice(input: $input) { id } }`;
const RECEIVE = `mutation($input: ReceiveForensicSampleInput!) { receiveForensicSample(input: $input) {
  id case { forensicCustody { barcode status handoverConfirmed problems { kind } } } } }`;
const REPORT = `mutation($input: RecordMedicoLegalReportInput!) { recordMedicoLegalReport(input: $input) { id } }`;
const CHAIN = `query($id: ID!) { case(id: $id) {
  forensicSamples { barcode kind custody { step handedTo } }
  forensicCustody { barcode status handoverConfirmed problems { kind detail } receipt { receivedBy handedToLabAt } }
  medicoLegalReport { findings signedBy }
} }`;

async function ok(token: string, query: string, input: Record<string, unknown>) {
  const r = await stack.query(token, query, { input });
  expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
  return r.body.data;
}

describe('the chain of custody through the gateway', () => {
  it('health hands a sample over, the police receive it: one query shows both sides and a confirmed handover', async () => {
    const barcode = 'RFI-2026-100001';
    await ok(clinician, COLLECT, { caseId: file.id, barcode, kind: 'SWAB', collectedAt: ago(5 * HOUR) });
    await ok(clinician, SEAL, { barcode, sealedAt: ago(4 * HOUR) });
    await ok(clinician, HAND, { barcode, handedAt: ago(3 * HOUR), handedTo: 'RIB desk, Kacyiru' });
    await ok(clinician, REPORT, {
      caseId: file.id,
      examinedAt: ago(5 * HOUR),
      findings: 'Injuries consistent with the account.',
      signedBy: 'Dr. A. Uwase (RMDC 1234)',
    });
    const received = await stack.query(investigator, RECEIVE, {
      input: { caseId: file.id, barcode, receivedAt: ago(2 * HOUR) },
    });
    expect(received.body).toEqual({
      data: {
        receiveForensicSample: {
          id: expect.any(String),
          case: {
            forensicCustody: [{ barcode, status: 'WITH_POLICE', handoverConfirmed: true, problems: [] }],
          },
        },
      },
    });
    // The mutation's answer is a read: the police logged the chain they showed, beside the write; health logged only
    // its own writes, not the handovers the planner fetched for the police.
    const police = { orm: stack.orms.get('police')! } as unknown as SubgraphHarness;
    const health = { orm: stack.orms.get('health')! } as unknown as SubgraphHarness;
    expect((await accessLogOf(police, 'police', file.id)).map((e) => [e.action, e.fields, e.basis])).toEqual([
      ['WRITE', ['receiveForensicSample'], 'OWN_RECORD'],
      [
        'READ',
        [
          'forensicCustody.barcode',
          'forensicCustody.handoverConfirmed',
          'forensicCustody.problems.kind',
          'forensicCustody.status',
        ],
        'CONSENT',
      ],
    ]);
    expect((await accessLogOf(health, 'health', file.id)).map((e) => e.fields[0])).toEqual([
      'collectForensicSample.SWAB',
      'sealForensicSample',
      'handForensicSampleToPolice',
      'recordMedicoLegalReport',
    ]);
    const r = await stack.query(investigator, CHAIN, { id: file.id });
    expect(r.body).toEqual({
      data: {
        case: {
          forensicSamples: [
            {
              barcode,
              kind: 'SWAB',
              custody: [
                { step: 'COLLECTED', handedTo: null },
                { step: 'SEALED', handedTo: null },
                { step: 'HANDED_TO_POLICE', handedTo: 'RIB desk, Kacyiru' },
              ],
            },
          ],
          forensicCustody: [
            {
              barcode,
              status: 'WITH_POLICE',
              handoverConfirmed: true,
              problems: [],
              receipt: { receivedBy: 'demo:investigator', handedToLabAt: null },
            },
          ],
          medicoLegalReport: {
            findings: 'Injuries consistent with the account.',
            signedBy: 'Dr. A. Uwase (RMDC 1234)',
          },
        },
      },
    });
  });

  it('without consent to share with the police, the investigator sees neither side nor the report', async () => {
    const r = await stack.query(investigator, CHAIN, { id: withdrawn.id });
    expect(r.body).toEqual({ data: { case: null }, errors: [forbidden('CONSENT_REQUIRED', ['case'])] });
  });

  it('the case manager is refused every forensic field at the gateway', async () => {
    const r = await stack.query(
      await stack.token('case-manager'),
      CHAIN.replace('case(id: $id) {', 'case(id: $id) { caseNumber'),
      { id: file.id },
    );
    expect(r.body).toEqual({
      data: {
        case: { caseNumber: file.caseNumber, forensicSamples: null, forensicCustody: null, medicoLegalReport: null },
      },
      errors: [
        unauthorized(['case', 'forensicSamples']),
        unauthorized(['case', 'forensicCustody']),
        unauthorized(['case', 'medicoLegalReport']),
      ],
    });
  });
});

describe('a broken or one-sided handover, seen through the gateway', () => {
  const CUSTODY = `query($id: ID!) { case(id: $id) { forensicCustody { barcode status handoverConfirmed problems { kind } } } }`;

  it('handed over 12 h 1 min ago and never received: the investigator and the clinician both see it NOT_RECEIVED', async () => {
    const c = await writeCaseFile(stack.orms, { centerCode: 'GASABO-1', consent: 'given' });
    const barcode = 'RFI-2026-100002';
    await ok(clinician, COLLECT, { caseId: c.id, barcode, kind: 'BLOOD', collectedAt: ago(14 * HOUR) });
    await ok(clinician, SEAL, { barcode, sealedAt: ago(13 * HOUR) });
    await ok(clinician, HAND, { barcode, handedAt: ago(12 * HOUR + MINUTE), handedTo: 'RIB desk' });
    const broken = { barcode, status: 'BROKEN', handoverConfirmed: false, problems: [{ kind: 'NOT_RECEIVED' }] };
    // The case file's own sample (handed over and received yesterday) comes first: health lists by collection.
    const own = { barcode: expect.any(String), status: 'WITH_POLICE', handoverConfirmed: true, problems: [] };
    for (const token of [investigator, clinician]) {
      expect((await stack.query(token, CUSTODY, { id: c.id })).body).toEqual({
        data: { case: { forensicCustody: [own, broken] } },
      });
    }
    // Received now, 12 h 1 min after the handover: both sides have it, but late.
    await ok(investigator, RECEIVE, { caseId: c.id, barcode, receivedAt: new Date().toISOString() });
    expect((await stack.query(investigator, CUSTODY, { id: c.id })).body).toEqual({
      data: {
        case: {
          forensicCustody: [own, { ...broken, problems: [{ kind: 'LATE_RECEIPT' }] }],
        },
      },
    });
  });

  it('two investigators receiving the same sample at the same moment: one receipt, one CONFLICT', async () => {
    const c = await writeCaseFile(stack.orms, { centerCode: 'GASABO-1', consent: 'given' });
    const barcode = 'RFI-2026-100003';
    await ok(clinician, COLLECT, { caseId: c.id, barcode, kind: 'SWAB', collectedAt: ago(3 * HOUR) });
    await ok(clinician, SEAL, { barcode, sealedAt: ago(2 * HOUR) });
    await ok(clinician, HAND, { barcode, handedAt: ago(HOUR), handedTo: 'RIB desk' });
    const other = await stack.tokenFor({
      sub: 'idp:investigator-2',
      agency: 'police',
      roles: ['investigator'],
      scope: 'case:read police:read police:write forensic:read forensic:write',
      centers: ['GASABO-1'],
    });
    const send = (token: string) =>
      stack.query(
        token,
        `mutation($input: ReceiveForensicSampleInput!) { receiveForensicSample(input: $input) { id } }`,
        {
          input: { caseId: c.id, barcode, receivedAt: ago(MINUTE) },
        },
      );
    const answers = await Promise.all([send(investigator), send(other)]);
    expect(answers.filter((a) => a.body.errors === undefined)).toHaveLength(1);
    expect(answers.find((a) => a.body.errors)?.body).toEqual({
      data: null,
      errors: [
        conflict('the police have already received a forensic sample with this barcode on this case', [
          'receiveForensicSample',
        ]),
      ],
    });
  });

  // An outside review found that a barcode received on the wrong case (at another center, or by a slip) blocked the
  // right case's receipt for good, and that the refusal told the other center the police held the sample.
  it("a barcode received on the wrong case, at another center, blocks nothing: the right case receives it, the wrong case's chain reports it", async () => {
    const right = await writeCaseFile(stack.orms, { centerCode: 'GASABO-1', consent: 'given', withoutForensic: true });
    const wrong = await writeCaseFile(stack.orms, { centerCode: 'HUYE-1', consent: 'given', withoutForensic: true });
    const barcode = 'RFI-2026-100004';
    await ok(clinician, COLLECT, { caseId: right.id, barcode, kind: 'SWAB', collectedAt: ago(3 * HOUR) });
    await ok(clinician, SEAL, { barcode, sealedAt: ago(2 * HOUR) });
    await ok(clinician, HAND, { barcode, handedAt: ago(HOUR), handedTo: 'RIB desk' });
    const huye = await stack.tokenFor({
      sub: 'idp:investigator-huye',
      agency: 'police',
      roles: ['investigator'],
      scope: 'case:read police:read police:write forensic:read forensic:write',
      centers: ['HUYE-1'],
    });
    const receive = (token: string, caseId: string) =>
      stack.query(token, RECEIVE, { input: { caseId, barcode, receivedAt: ago(30 * MINUTE) } });
    expect((await receive(huye, wrong.id)).body).toEqual({
      data: {
        receiveForensicSample: {
          id: expect.any(String),
          case: {
            forensicCustody: [
              { barcode, status: 'BROKEN', handoverConfirmed: false, problems: [{ kind: 'UNKNOWN_BARCODE' }] },
            ],
          },
        },
      },
    });
    expect((await receive(investigator, right.id)).body).toEqual({
      data: {
        receiveForensicSample: {
          id: expect.any(String),
          case: { forensicCustody: [{ barcode, status: 'WITH_POLICE', handoverConfirmed: true, problems: [] }] },
        },
      },
    });
    // Each officer moves on their own case's receipt only.
    const TO_LAB = `mutation($input: HandForensicSampleToLabInput!) { handForensicSampleToLab(input: $input) { caseId } }`;
    expect(
      (await stack.query(investigator, TO_LAB, { input: { caseId: right.id, barcode, handedAt: ago(MINUTE) } })).body,
    ).toEqual({
      data: { handForensicSampleToLab: { caseId: right.id } },
    });
    expect(
      (await stack.query(huye, TO_LAB, { input: { caseId: right.id, barcode, handedAt: ago(MINUTE) } })).body,
    ).toEqual({
      data: null,
      errors: [
        {
          message: 'input.barcode: the police have received no forensic sample with this barcode',
          path: ['handForensicSampleToLab'],
          extensions: {
            code: 'BAD_USER_INPUT',
            fields: [
              { field: 'input.barcode', problem: 'the police have received no forensic sample with this barcode' },
            ],
          },
        },
      ],
    });
  });

  it('a clinician of another center, and the same request without a token, are refused', async () => {
    const huye = await stack.token('huye-clinician');
    expect((await stack.query(huye, CHAIN, { id: file.id })).body).toEqual({
      data: { case: null },
      errors: [forbidden('OUT_OF_SCOPE', ['case'])],
    });
    expect(
      (
        await stack.query(null, COLLECT, {
          input: { caseId: file.id, barcode: 'RFI-2026-100009', kind: 'SWAB', collectedAt: ago(MINUTE) },
        })
      ).body,
    ).toEqual({ data: null, errors: [unauthorized(['collectForensicSample'])] });
  });
});
