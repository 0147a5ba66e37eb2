import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCaseFile } from '../helpers/case-files.js';
import { testDatabase } from '../helpers/database.js';
import { forbidden, unauthorized } from '../helpers/errors.js';
import { type Stack, startStack } from '../helpers/stack.js';

// A refused read leaves a trace for the data-protection officer: counted per person, reason and hour, with a sample of
// the cases named, in every subgraph that refused. Probing shows; it cannot flood anything.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack(await testDatabase());
});

const DENIALS = `query($since: DateTimeISO!) { accessDenials(since: $since) {
  center { subject agency roles reason count caseIds }
  health { subject agency roles reason count caseIds }
} }`;

describe('refused reads are counted', () => {
  it('a clinician probing 30 unknown ids and a case not referred to health: one row per reason, counted, ten ids kept', async () => {
    const since = new Date(Date.now() - 3600_000).toISOString();
    const clinician = await stack.token('huye-clinician');
    const ids = Array.from({ length: 30 }, () => randomUUID());
    for (const id of ids) await stack.query(clinician, 'query($id: ID!) { case(id: $id) { caseNumber } }', { id });
    const file = await writeCaseFile(stack.orms, { centerCode: 'HUYE-1', consent: 'given', referred: false });
    const r = await stack.query(clinician, 'query($id: ID!) { case(id: $id) { caseNumber } }', { id: file.id });
    expect(r.body.errors?.[0]?.extensions).toEqual(forbidden('NOT_REFERRED').extensions);

    const audit = await stack.query(await stack.token('auditor'), DENIALS, { since });
    expect(audit.body.errors).toBeUndefined();
    const center = (
      audit.body.data as {
        accessDenials: { center: { subject: string; reason: string; count: number; caseIds: string[] }[] };
      }
    ).accessDenials.center.filter((d) => d.subject === 'demo:huye-clinician');
    expect(center.map((d) => ({ ...d, caseIds: d.caseIds.length }))).toEqual([
      {
        subject: 'demo:huye-clinician',
        agency: 'health',
        roles: ['clinician'],
        reason: 'NOT_REFERRED',
        count: 1,
        caseIds: 1,
      },
      {
        subject: 'demo:huye-clinician',
        agency: 'health',
        roles: ['clinician'],
        reason: 'OUT_OF_SCOPE',
        count: 30,
        caseIds: 10,
      },
    ]);
    expect(center.find((d) => d.reason === 'OUT_OF_SCOPE')!.caseIds.every((id) => (ids as string[]).includes(id))).toBe(
      true,
    );
  });

  it('a case whose consent was withdrawn: the refusal is counted with its reason and the case', async () => {
    const since = new Date(Date.now() - 3600_000).toISOString();
    const file = await writeCaseFile(stack.orms, { centerCode: 'GASABO-1', consent: 'withdrawn' });
    const r = await stack.query(
      await stack.token('clinician'),
      'query($id: ID!) { case(id: $id) { medical { encounters { findings } } } }',
      { id: file.id },
    );
    expect(r.body.errors?.map((e) => e.extensions?.reason)).toEqual(['CONSENT_REQUIRED']);
    const audit = await stack.query(await stack.token('auditor'), DENIALS, { since });
    const center = (
      audit.body.data as { accessDenials: { center: { subject: string; reason: string; caseIds: string[] }[] } }
    ).accessDenials.center;
    expect(
      center.filter((d) => d.subject === 'demo:clinician' && d.reason === 'CONSENT_REQUIRED').flatMap((d) => d.caseIds),
    ).toContain(file.id);
  });

  it('only auditors read the record: a case manager is refused it', async () => {
    const r = await stack.query(await stack.token('case-manager'), DENIALS, { since: new Date().toISOString() });
    expect(r.body).toEqual({
      data: null,
      errors: [unauthorized(['accessDenials'])],
    });
  });
});
