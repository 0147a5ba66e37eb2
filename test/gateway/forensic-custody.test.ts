import { beforeAll, describe, expect, it } from 'vitest';
import { type CaseFile, writeCaseFile } from '../helpers/case-files.js';
import { testDatabase } from '../helpers/database.js';
import { forbidden, unauthorized } from '../helpers/errors.js';
import { type Stack, startStack } from '../helpers/stack.js';

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
  file = await writeCaseFile(stack.orms, { centerCode: 'GASABO-1', consent: 'given' });
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
    expect(r.body).toEqual({ data: { case: null }, errors: expect.any(Array) });
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
    void forbidden;
  });
});
