import { beforeAll, describe, expect, it } from 'vitest';
import { writeCaseFile } from '../helpers/case-files.js';
import { testDatabase } from '../helpers/database.js';
import { unauthorized } from '../helpers/errors.js';
import { type Stack, startStack } from '../helpers/stack.js';

// Consent, referral, overrides and emergency access as the whole federated graph applies them: the agencies learn
// the facts from the center at read time, so every change takes effect on the very next request.

let stack: Stack;
const forbidden = (path: (string | number)[], reason: string) =>
  expect.objectContaining({
    message: 'Forbidden',
    path,
    extensions: expect.objectContaining({ code: 'FORBIDDEN', reason }),
  });
const MEDICAL = 'query($id: ID!) { case(id: $id) { caseNumber medical { encounters { findings } } } }';

beforeAll(async () => {
  stack = await startStack(await testDatabase());
});

describe('consent, withdrawn', () => {
  it('takes effect on the very next request: the clinician reads, the survivor withdraws, the clinician is refused', async () => {
    const file = await writeCaseFile(stack.orms, { centerCode: 'GASABO-1', consent: 'given' });
    const clinician = await stack.token('clinician');
    const before = await stack.query(clinician, MEDICAL, { id: file.id });
    expect(before.body).toEqual({
      data: { case: { caseNumber: file.caseNumber, medical: { encounters: [{ findings: 'Synthetic findings.' }] } } },
    });

    const withdrawn = await stack.query(
      await stack.token('reception'),
      'mutation($i: WithdrawConsentInput!) { withdrawConsent(input: $i) { active } }',
      {
        i: { caseId: file.id, scope: 'HEALTH' },
      },
    );
    expect(withdrawn.body).toEqual({ data: { withdrawConsent: { active: false } } });

    const after = await stack.query(clinician, MEDICAL, { id: file.id });
    expect(after.body.data).toEqual({ case: null });
    expect(after.body.errors).toEqual([forbidden(['case'], 'CONSENT_REQUIRED')]);
  });
});

describe('referral', () => {
  it('the clinician sees nothing until the case is referred to health, then the medical slice', async () => {
    const file = await writeCaseFile(stack.orms, { centerCode: 'GASABO-1', consent: 'given', referred: false });
    const clinician = await stack.token('clinician');
    const before = await stack.query(clinician, MEDICAL, { id: file.id });
    expect(before.body.errors).toEqual([forbidden(['case'], 'NOT_REFERRED')]);

    const referred = await stack.query(
      await stack.token('reception'),
      'mutation($i: ReferCaseInput!) { referCase(input: $i) { agency } }',
      {
        i: { caseId: file.id, agency: 'HEALTH' },
      },
    );
    expect(referred.body).toEqual({ data: { referCase: { agency: 'HEALTH' } } });
    const after = await stack.query(clinician, MEDICAL, { id: file.id });
    expect(after.body.errors).toBeUndefined();
  });

  it('is refused without consent for that agency', async () => {
    const file = await writeCaseFile(stack.orms, { centerCode: 'GASABO-1', consent: 'none', referred: false });
    const r = await stack.query(
      await stack.token('reception'),
      'mutation($i: ReferCaseInput!) { referCase(input: $i) { agency } }',
      {
        i: { caseId: file.id, agency: 'POLICE' },
      },
    );
    expect(r.body.data).toBeNull();
    expect(r.body.errors).toEqual([forbidden(['referCase'], 'CONSENT_REQUIRED')]);
  });
});

describe('consent override', () => {
  it('a case manager overrides, with a reason, and the referral and the read then go through; the DPO sees it listed', async () => {
    const file = await writeCaseFile(stack.orms, { centerCode: 'GASABO-1', consent: 'none', referred: false });
    const manager = await stack.token('case-manager');
    const reason = 'The guardian is the suspect; the child needs treatment now.';
    const o = await stack.query(
      manager,
      'mutation($i: OverrideConsentInput!) { overrideConsent(input: $i) { agency reason } }',
      {
        i: { caseId: file.id, agency: 'HEALTH', reason, hours: 24 },
      },
    );
    expect(o.body).toEqual({ data: { overrideConsent: { agency: 'HEALTH', reason } } });
    await stack.query(manager, 'mutation($i: ReferCaseInput!) { referCase(input: $i) { agency } }', {
      i: { caseId: file.id, agency: 'HEALTH' },
    });
    const read = await stack.query(await stack.token('clinician'), MEDICAL, { id: file.id });
    expect(read.body.errors).toBeUndefined();

    const report = await stack.query(
      await stack.token('auditor'),
      'query($s: DateTimeISO!) { exceptionalAccessReport(since: $s) { kind caseNumber subject reason } }',
      {
        s: new Date(Date.now() - 60_000).toISOString(),
      },
    );
    expect(report.body.data?.exceptionalAccessReport).toContainEqual({
      kind: 'CONSENT_OVERRIDE',
      caseNumber: file.caseNumber,
      subject: 'demo:case-manager',
      reason,
    });
  });

  it('a reception officer may not override (no consent:override): refused at the gateway', async () => {
    const file = await writeCaseFile(stack.orms, { centerCode: 'GASABO-1', consent: 'none' });
    const r = await stack.query(
      await stack.token('reception'),
      'mutation($i: OverrideConsentInput!) { overrideConsent(input: $i) { agency } }',
      {
        i: { caseId: file.id, agency: 'HEALTH', reason: 'No reason at all, just trying it out here.', hours: 1 },
      },
    );
    expect(r.body).toEqual({
      data: null,
      errors: [unauthorized(['overrideConsent'])],
    });
  });
});

describe('break-glass', () => {
  it('opens one case to the Huye clinician outside every ordinary rule, for a while, and is reported', async () => {
    const file = await writeCaseFile(stack.orms, { centerCode: 'GASABO-1', consent: 'none', referred: false });
    const huye = await stack.token('huye-clinician');
    expect((await stack.query(huye, MEDICAL, { id: file.id })).body.errors).toEqual([
      forbidden(['case'], 'OUT_OF_SCOPE'),
    ]);
    const reason = 'Unconscious survivor transferred to Huye; PEP decision needed.';
    const g = await stack.query(huye, 'mutation($i: BreakGlassInput!) { breakGlass(input: $i) { subject reason } }', {
      i: { caseId: file.id, reason, minutes: 30 },
    });
    expect(g.body).toEqual({ data: { breakGlass: { subject: 'demo:huye-clinician', reason } } });
    const read = await stack.query(huye, MEDICAL, { id: file.id });
    expect(read.body).toEqual({
      data: { case: { caseNumber: file.caseNumber, medical: { encounters: [{ findings: 'Synthetic findings.' }] } } },
    });
    // The grant is the Huye clinician's own: her colleague at GASABO-1 still needs referral and consent.
    expect((await stack.query(await stack.token('clinician'), MEDICAL, { id: file.id })).body.errors).toEqual([
      forbidden(['case'], 'NOT_REFERRED'),
    ]);
    const report = await stack.query(
      await stack.token('auditor'),
      'query($s: DateTimeISO!) { exceptionalAccessReport(since: $s) { kind caseNumber subject reason } }',
      {
        s: new Date(Date.now() - 60_000).toISOString(),
      },
    );
    expect(report.body.data?.exceptionalAccessReport).toContainEqual({
      kind: 'BREAK_GLASS',
      caseNumber: file.caseNumber,
      subject: 'demo:huye-clinician',
      reason,
    });
  });

  it('an investigator has no break-glass scope: refused at the gateway', async () => {
    const file = await writeCaseFile(stack.orms, { centerCode: 'GASABO-1', consent: 'none' });
    const r = await stack.query(
      await stack.token('investigator'),
      'mutation($i: BreakGlassInput!) { breakGlass(input: $i) { subject } }',
      {
        i: { caseId: file.id, reason: 'I would like to read this case, please.' },
      },
    );
    expect(r.body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
  });
});

describe('what no client can reach through the gateway', () => {
  it('the sharing facts are @inaccessible: asking for them is a validation error', async () => {
    const r = await stack.query(
      await stack.token('case-manager'),
      '{ cases(first: 1) { nodes { sharing { consents { agency } } } } }',
    );
    expect(r.body.data).toBeUndefined();
    expect(r.body.errors?.[0]?.message).toMatch(/Cannot query field "sharing" on type "Case"/);
  });

  it('_entities is not part of the public graph: a forged representation cannot even be sent', async () => {
    const r = await stack.query(
      await stack.token('clinician'),
      `query { _entities(representations: [{ __typename: "Case", id: "x",
      sharing: { centerCode: "GASABO-1", district: "Gasabo", caseManager: null, consents: [{ agency: "HEALTH", basis: "CONSENT", expiresAt: null }],
      referrals: [{ agency: "HEALTH" }], breakGlass: [] } }]) { __typename } }`,
    );
    expect(r.body.data).toBeUndefined();
    expect(r.body.errors?.[0]?.message).toMatch(/Cannot query field "_entities" on type "Query"/);
  });
});

describe("the order of a case's consents, overrides and referrals", () => {
  it('is the same in a page of cases as in case(id): by time, then by id (referrals by agency), where several share an instant', async () => {
    // The case file's three consents, three overrides and three referrals are each written at one same instant.
    const file = await writeCaseFile(stack.orms, { centerCode: 'GASABO-1', consent: 'given', override: 'active' });
    const token = await stack.token('case-manager');
    const FIELDS = 'id consents { id } consentOverrides { id } referrals { id agency }';
    type Ids = { id: string; agency?: string }[];
    type View = { id: string; consents: Ids; consentOverrides: Ids; referrals: Ids };
    const one = await stack.query(token, `query($id: ID!) { case(id: $id) { ${FIELDS} } }`, { id: file.id });
    const page = await stack.query(token, `{ cases(first: 500, centerCode: "GASABO-1") { nodes { ${FIELDS} } } }`);
    const alone = (one.body.data as { case: View }).case;
    const inPage = (page.body.data as { cases: { nodes: View[] } }).cases.nodes.find((n) => n.id === file.id);
    const byId = (xs: Ids) => [...xs].sort((a, b) => (a.id < b.id ? -1 : 1));
    const byAgency = (xs: Ids) => [...xs].sort((a, b) => ((a.agency ?? '') < (b.agency ?? '') ? -1 : 1));
    expect({ inPage, alone }).toEqual({
      inPage: alone,
      alone: {
        id: file.id,
        consents: byId(alone.consents),
        consentOverrides: byId(alone.consentOverrides),
        referrals: byAgency(alone.referrals),
      },
    });
    expect([alone.consents.length, alone.consentOverrides.length, alone.referrals.length]).toEqual([3, 3, 3]);
  });
});
