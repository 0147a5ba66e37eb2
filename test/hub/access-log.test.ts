import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { withClient } from '../../services/hub/databases.js';
import { verifyChain } from '../../services/shared/access-log/verify.js';
import { writeCaseFile } from '../helpers/case-files.js';
import { testDatabase } from '../helpers/database.js';
import { unauthorized } from '../helpers/errors.js';
import { type Stack, startStack } from '../helpers/stack.js';

// "Who has seen my record" (Law 058/2021 Art. 18): every read of a case by a person is written by the subgraph that
// owns the data, in a log the database keeps append-only and hash-chained; the case manager and auditors can read it
// across all four agencies; `npm run access-log:verify` finds the first broken link.

const root = fileURLToPath(new URL('../../', import.meta.url));
let url: string;
let stack: Stack;
let caseId: string;

const FILE = `query($id: ID!) { case(id: $id) { caseNumber survivor { code } medical { encounters { findings } }
  investigation { complaintNumber } followUp { riskLevel } } }`;
const LOG = `query($id: ID!) { accessLog(caseId: $id) {
  center { subject agency action fields basis } health { subject agency action fields basis }
  police { subject agency action fields basis } genderMinistry { subject agency action fields basis } } }`;

async function entries(schema: string, id: string) {
  return withClient(
    url,
    async (c) =>
      (
        await c.query(
          `select subject, agency, roles, action, fields, basis from "${schema}".access_log where case_id = $1 order by id`,
          [id],
        )
      ).rows,
  );
}

beforeAll(async () => {
  url = await testDatabase();
  stack = await startStack(url);
  caseId = (
    await writeCaseFile(stack.orms, { centerCode: 'GASABO-1', consent: 'given', caseManager: 'demo:case-manager' })
  ).id;
  const r = await stack.query(await stack.token('case-manager'), FILE, { id: caseId });
  expect(r.body.errors).toBeUndefined();
});

describe('every read is recorded by the subgraph that owns the data', () => {
  it('a case-file read by the case manager lands in all four logs, with fields and legal basis', async () => {
    const who = {
      subject: 'demo:case-manager',
      agency: 'center',
      roles: ['case-manager'],
      action: 'READ',
      basis: 'CARE_TEAM',
    };
    // `id` is there because the gateway's plan asks for the key; the sharing facts it also fetches are no disclosure.
    expect(await entries('center', caseId)).toEqual([{ ...who, fields: ['caseNumber', 'id', 'survivor.code'] }]);
    expect(await entries('health', caseId)).toEqual([{ ...who, fields: ['medical.encounters.findings'] }]);
    expect(await entries('police', caseId)).toEqual([{ ...who, fields: ['investigation.complaintNumber'] }]);
    expect(await entries('gender_ministry', caseId)).toEqual([{ ...who, fields: ['followUp.riskLevel'] }]);
  });

  it('a clinician reading under consent is recorded with CONSENT as the basis', async () => {
    const id = (await writeCaseFile(stack.orms, { centerCode: 'GASABO-1', consent: 'given' })).id;
    await stack.query(
      await stack.token('clinician'),
      'query($id: ID!) { case(id: $id) { medical { encounters { findings } } } }',
      { id },
    );
    expect(await entries('health', id)).toEqual([
      {
        subject: 'demo:clinician',
        agency: 'health',
        roles: ['clinician'],
        action: 'READ',
        fields: ['medical.encounters.findings'],
        basis: 'CONSENT',
      },
    ]);
  });

  it('records what was shown, not what was asked: an empty list, and fields skipped by @skip/@include, are not in the entry', async () => {
    const id = (await writeCaseFile(stack.orms, { centerCode: 'GASABO-1', consent: 'given' })).id;
    // The case file has an encounter and no treatment.
    const r = await stack.query(
      await stack.token('clinician'),
      `query($id: ID!, $more: Boolean = false) { case(id: $id) {
      medical { treatments { kind } encounters { findings seenAt @include(if: $more) injuriesObserved @skip(if: true) } } } }`,
      { id },
    );
    expect(r.body.errors).toBeUndefined();
    expect(await entries('health', id)).toEqual([
      {
        subject: 'demo:clinician',
        agency: 'health',
        roles: ['clinician'],
        action: 'READ',
        fields: ['medical.encounters.findings'],
        basis: 'CONSENT',
      },
    ]);
    // Nothing of the medical slice at all: nothing recorded by health.
    const none = (await writeCaseFile(stack.orms, { centerCode: 'GASABO-1', consent: 'given' })).id;
    await stack.query(
      await stack.token('clinician'),
      'query($id: ID!) { case(id: $id) { medical { treatments { kind } } } }',
      { id: none },
    );
    expect(await entries('health', none)).toEqual([]);
  });

  it('a refused read records nothing', async () => {
    const id = (await writeCaseFile(stack.orms, { centerCode: 'GASABO-1', consent: 'withdrawn' })).id;
    const r = await stack.query(
      await stack.token('clinician'),
      'query($id: ID!) { case(id: $id) { medical { treatments { kind } } } }',
      { id },
    );
    expect(r.body.errors?.[0]?.extensions?.reason).toBe('CONSENT_REQUIRED');
    expect(await entries('health', id)).toEqual([]);
    expect(await entries('center', id)).toEqual([]);
  });
});

describe("Case.accessLog: who has seen this survivor's data, across all four agencies", () => {
  it("the case manager sees every agency's entries", async () => {
    const r = await stack.query(await stack.token('case-manager'), LOG, { id: caseId });
    expect(r.body.errors).toBeUndefined();
    const log = r.body.data?.accessLog as Record<string, { fields: string[] }[]>;
    expect(log.health).toContainEqual({
      subject: 'demo:case-manager',
      agency: 'center',
      action: 'READ',
      fields: ['medical.encounters.findings'],
      basis: 'CARE_TEAM',
    });
    expect(log.police?.length).toBeGreaterThan(0);
    expect(log.genderMinistry?.length).toBeGreaterThan(0);
    expect(log.center?.length).toBeGreaterThan(0);
  });

  it('an auditor sees it too, for any case; reading the log is itself logged with AUDIT as the basis', async () => {
    const r = await stack.query(await stack.token('auditor'), LOG, { id: caseId });
    expect(r.body.errors).toBeUndefined();
    expect((await entries('health', caseId)).at(-1)).toEqual({
      subject: 'demo:auditor',
      agency: 'national',
      roles: ['auditor'],
      action: 'READ',
      fields: ['accessLog.health'],
      basis: 'AUDIT',
    });
  });

  it('a case manager who does not manage this case is refused (NOT_CASE_MANAGER)', async () => {
    const other = await stack.tokenFor({
      sub: 'demo:another-manager',
      agency: 'center',
      roles: ['case-manager'],
      scope: 'access-log:read case:read',
      centers: ['GASABO-1'],
    });
    const r = await stack.query(other, LOG, { id: caseId });
    expect(r.body.data).toEqual({ accessLog: null });
    expect(r.body.errors).toEqual([
      expect.objectContaining({
        path: ['accessLog'],
        extensions: expect.objectContaining({ code: 'FORBIDDEN', reason: 'NOT_CASE_MANAGER' }),
      }),
    ]);
  });

  it('a clinician, without access-log:read, is refused at the gateway', async () => {
    const r = await stack.query(await stack.token('clinician'), LOG, { id: caseId });
    expect(r.body).toEqual({
      data: null,
      errors: [unauthorized(['accessLog'])],
    });
  });
});

describe('the log is append-only and tamper-evident', () => {
  it('the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    for (const sql of [
      "update health.access_log set basis = 'CONSENT'",
      'delete from health.access_log',
      'truncate health.access_log',
    ]) {
      await expect(
        withClient(url, (c) => c.query(sql)),
        sql,
      ).rejects.toThrow(/the access log is append-only/);
    }
  });

  it('verification names the first altered entry, and the first entry after a removed one', async () => {
    await withClient(url, async (c) => {
      expect(await verifyChain(c, 'police')).toEqual({ entries: expect.any(Number), broken: null });
      const ids = (await c.query<{ id: string }>('select id::text from police.access_log order by id')).rows.map(
        (r) => r.id,
      );
      expect(ids.length).toBeGreaterThanOrEqual(2);
      // Someone with the database owner's powers switches the guard off and edits an entry.
      await c.query('alter table police.access_log disable trigger access_log_append_only');
      await c.query("update police.access_log set subject = 'someone-else' where id = $1", [ids[0]]);
      expect((await verifyChain(c, 'police')).broken).toEqual({
        id: ids[0],
        problem: 'its content no longer matches its hash: it was altered',
      });
      await c.query('delete from police.access_log where id = $1', [ids[0]]);
      expect((await verifyChain(c, 'police')).broken).toEqual({
        id: ids[1],
        problem: 'does not follow the entry before it: an entry was removed, inserted or reordered',
      });
      await c.query('alter table police.access_log enable trigger access_log_append_only');
    });
  });

  it('`npm run access-log:verify` reports each subgraph, and exits 1 on a broken chain', async () => {
    const run = () =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'services/hub/verify-access-log.ts'], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: url },
      }).then(
        (r) => ({ code: 0, out: r.stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
      );
    const r = await run();
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^center: \d+ entries, chain intact/m);
    expect(r.out).toMatch(/^police: BROKEN at entry \d+: does not follow the entry before it/m);
  });
});
