import { beforeAll, describe, expect, it } from 'vitest';
import { MedicoLegalReport } from '../../../services/health/entities/medico-legal-report.entity.js';
import { health } from '../../../services/health/index.js';
import { anonymous, asDemoUser, asRole } from '../../helpers/principals.js';
import { testDatabase } from '../../helpers/database.js';
import { badInput, conflict, errorsWithoutLocations, forbidden, unauthenticated } from '../../helpers/errors.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { accessLogOf, CLINICIAN, entry, HOUR, MINUTE, referredCase, refWith, sharing } from './fixtures.js';

// The medico-legal report: written once per case by the examining clinician, read by clinicians under health's
// referral and consent, and by investigators only with the survivor's consent to share with the police (and a
// referral to them). Case managers, who read the medical slice, do not read it: it is evidence for court.

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(health, await testDatabase()));
});

const clinician = asDemoUser('clinician');
const investigator = asDemoUser('investigator');
const WRITE = `mutation W($input: RecordMedicoLegalReportInput!) { recordMedicoLegalReport(input: $input) { id caseId } }`;
const READ = `query R($r: [_Any!]!) { _entities(representations: $r) { ... on Case { medicoLegalReport {
  examinedAt examinedBy findings signedBy } } } }`;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

const input = (caseId: string, over: Record<string, unknown> = {}) => ({
  caseId,
  examinedAt: ago(HOUR),
  findings: 'Bruising of the forearms; injuries consistent with the account.',
  signedBy: 'Dr. A. Uwase (RMDC 1234)',
  ...over,
});

const policeSharing = sharing({
  consents: [{ agency: 'POLICE', basis: 'CONSENT', expiresAt: null }],
  referrals: [{ agency: 'POLICE' }],
});

describe('recordMedicoLegalReport and Case.medicoLegalReport', () => {
  it('a clinician writes it; the investigator reads it under the police consent; both reads are logged', async () => {
    const caseId = await referredCase(h);
    const i = input(caseId);
    expect(await h.run(clinician, WRITE, { input: i })).toEqual({
      data: { recordMedicoLegalReport: { id: expect.any(String), caseId } },
    });
    const report = {
      examinedAt: i.examinedAt,
      examinedBy: 'demo:clinician',
      findings: i.findings,
      signedBy: 'Dr. A. Uwase (RMDC 1234)',
    };
    expect(await h.run(investigator, READ, refWith(caseId, policeSharing))).toEqual({
      data: { _entities: [{ medicoLegalReport: report }] },
    });
    expect(await h.run(clinician, READ, refWith(caseId, sharing()))).toEqual({
      data: { _entities: [{ medicoLegalReport: report }] },
    });
    const fields = [
      'medicoLegalReport.examinedAt',
      'medicoLegalReport.examinedBy',
      'medicoLegalReport.findings',
      'medicoLegalReport.signedBy',
    ];
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CLINICIAN, caseId, action: 'WRITE', fields: ['recordMedicoLegalReport'], basis: 'OWN_RECORD' }),
      entry({
        subject: 'demo:investigator',
        agency: 'police',
        roles: ['investigator'],
        caseId,
        action: 'READ',
        fields,
        basis: 'CONSENT',
      }),
      entry({ ...CLINICIAN, caseId, action: 'READ', fields, basis: 'CONSENT' }),
    ]);
  });

  it('none written yet: null, and nothing logged', async () => {
    const caseId = await referredCase(h);
    expect(await h.run(clinician, READ, refWith(caseId, sharing()))).toEqual({
      data: { _entities: [{ medicoLegalReport: null }] },
    });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('who may not read it: an investigator without police consent or referral, the case manager, another center', async () => {
    const caseId = await referredCase(h);
    expect((await h.run(clinician, WRITE, { input: input(caseId) })).errors).toBeUndefined();
    const refused = (reason: Parameters<typeof forbidden>[0]) => ({
      data: { _entities: [{ medicoLegalReport: null }] },
      errors: [forbidden(reason, ['_entities', 0, 'medicoLegalReport'])],
    });
    // Consent to share with health is not consent to share with the police.
    expect(
      await h.run(
        investigator,
        READ,
        refWith(caseId, sharing({ referrals: [{ agency: 'POLICE' }, { agency: 'HEALTH' }] })),
      ),
    ).toEqual(refused('CONSENT_REQUIRED'));
    expect(
      await h.run(
        investigator,
        READ,
        refWith(
          caseId,
          sharing({
            consents: [{ agency: 'POLICE', basis: 'CONSENT', expiresAt: ago(MINUTE) }],
            referrals: [{ agency: 'POLICE' }],
          }),
        ),
      ),
    ).toEqual(refused('CONSENT_REQUIRED'));
    expect(await h.run(investigator, READ, refWith(caseId, sharing()))).toEqual(refused('NOT_REFERRED'));
    expect(await h.run(asDemoUser('case-manager'), READ, refWith(caseId, sharing()))).toEqual(refused('MISSING_SCOPE'));
    expect(await h.run(asDemoUser('huye-clinician'), READ, refWith(caseId, sharing()))).toEqual(
      refused('OUT_OF_SCOPE'),
    );
    expect(await h.run(asRole('investigator', { centers: ['HUYE-1'] }), READ, refWith(caseId, policeSharing))).toEqual(
      refused('OUT_OF_SCOPE'),
    );
    expect((await accessLogOf(h, caseId)).filter((e) => e.action === 'READ')).toEqual([]);
  });

  it('who may not write it: an investigator, a case manager, another center, no open referral, anonymous', async () => {
    const caseId = await referredCase(h);
    const refused = (e: ReturnType<typeof forbidden>) => ({ data: null, errors: [e] });
    expect(await h.run(investigator, WRITE, { input: input(caseId) })).toEqual(
      refused(forbidden('MISSING_SCOPE', ['recordMedicoLegalReport'])),
    );
    expect(await h.run(asDemoUser('case-manager'), WRITE, { input: input(caseId) })).toEqual(
      refused(forbidden('MISSING_SCOPE', ['recordMedicoLegalReport'])),
    );
    expect(await h.run(asDemoUser('huye-clinician'), WRITE, { input: input(caseId) })).toEqual(
      refused(forbidden('NOT_REFERRED', ['recordMedicoLegalReport'])),
    );
    const completed = await referredCase(h, 'GASABO-1', 'COMPLETED');
    expect(await h.run(clinician, WRITE, { input: input(completed) })).toEqual(
      refused(forbidden('NOT_REFERRED', ['recordMedicoLegalReport'])),
    );
    expect(await h.run(anonymous, WRITE, { input: input(caseId) })).toEqual(
      refused(unauthenticated(['recordMedicoLegalReport'])),
    );
    expect(await h.orm.em.fork().count(MedicoLegalReport, { caseId: { $in: [caseId, completed] } })).toBe(0);
  });

  it('bad input: blank findings and signature together, an examination before the incident or in the future', async () => {
    const caseId = await referredCase(h); // incident 2 hours ago
    expect(await h.run(clinician, WRITE, { input: input(caseId, { findings: '  ', signedBy: '' }) })).toEqual({
      data: null,
      errors: [
        badInput(
          [
            { field: 'input.findings', problem: 'must not be blank' },
            { field: 'input.signedBy', problem: 'must not be blank' },
          ],
          ['recordMedicoLegalReport'],
        ),
      ],
    });
    expect(await h.run(clinician, WRITE, { input: input(caseId, { examinedAt: ago(3 * HOUR) }) })).toEqual({
      data: null,
      errors: [
        badInput({ field: 'input.examinedAt', problem: 'must not be before the incident' }, [
          'recordMedicoLegalReport',
        ]),
      ],
    });
    expect(
      await h.run(clinician, WRITE, {
        input: input(caseId, { examinedAt: new Date(Date.now() + HOUR).toISOString() }),
      }),
    ).toEqual({
      data: null,
      errors: [
        badInput({ field: 'input.examinedAt', problem: 'must not be in the future' }, ['recordMedicoLegalReport']),
      ],
    });
    expect(await h.orm.em.fork().count(MedicoLegalReport, { caseId })).toBe(0);
  });

  it('one report per case: a second is CONFLICT; two clinicians writing at once make one', async () => {
    const caseId = await referredCase(h);
    const other = asRole('clinician', { centers: ['GASABO-1'] });
    const answers = await Promise.all([
      h.run(clinician, WRITE, { input: input(caseId) }),
      h.run(other, WRITE, { input: input(caseId, { findings: 'Another account of the same examination.' }) }),
    ]);
    expect(answers.filter((a) => a.errors === undefined)).toHaveLength(1);
    const duplicate = {
      data: null,
      errors: [conflict('a medico-legal report is already recorded for this case', ['recordMedicoLegalReport'])],
    };
    expect(answers.find((a) => a.errors)).toEqual(duplicate);
    expect(await h.run(clinician, WRITE, { input: input(caseId) })).toEqual(duplicate);
    expect(await h.orm.em.fork().count(MedicoLegalReport, { caseId })).toBe(1);
  });
});
