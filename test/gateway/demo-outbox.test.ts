import { beforeAll, describe, expect, it } from 'vitest';
import { demoPlan, demoReferrals } from '../../services/shared/demo-plan.js';
import { testDatabase } from '../helpers/database.js';
import { forbidden } from '../helpers/errors.js';
import { seedDemo } from '../helpers/seed.js';
import { type Stack, startStack } from '../helpers/stack.js';

// The demo data leaves one referral to the police waiting in the center's outbox, its retries run out: the
// administrator sees it, the police cannot write on a case whose referral they were never told of, and once the
// administrator sends it again, the investigator records the complaint. As a newcomer would try it on `npm start`'s demo.

let stack: Stack;
const CASES = 120;
beforeAll(async () => {
  const url = await testDatabase();
  await seedDemo(url, CASES);
  stack = await startStack(url);
});

const LIST = `{ undeliverableMessages(first: 20) { receiver type referralId caseId status version lastError attempts } }`;
const REDELIVER = `mutation($id: ID!) { redeliverMessage(id: $id) { referralId receiver } }`;
const COMPLAINT = `mutation($i: RecordComplaintInput!) { recordComplaint(input: $i) { caseId } }`;

describe("the demo's referral waiting in the outbox", () => {
  it('is shown to the administrator; the police cannot write on the case until it is sent again, then can', async () => {
    const [waiting] = demoReferrals(demoPlan(CASES)).filter((r) => !r.delivered);
    if (!waiting) throw new Error('the demo plan has no waiting referral');
    const admin = await stack.token('admin');
    const investigator = await stack.token('investigator');

    expect((await stack.query(admin, LIST)).body).toEqual({
      data: {
        undeliverableMessages: [
          {
            receiver: 'police',
            type: 'referral.changed',
            referralId: waiting.id,
            caseId: waiting.caseId,
            status: 'REQUESTED',
            version: 1,
            lastError: 'police did not answer (demo: its subgraph was unreachable for five days)',
            attempts: 25,
          },
        ],
      },
    });
    // The police were never told: they cannot yet write on the case (no referral known to them, no write).
    const complaint = {
      i: { caseId: waiting.caseId, complaintNumber: 'RIB/DEMO/0001', receivedAt: new Date().toISOString() },
    };
    expect((await stack.query(investigator, COMPLAINT, complaint)).body).toEqual({
      data: null,
      errors: [forbidden('NOT_REFERRED', ['recordComplaint'])],
    });

    const [message] = (await stack.orms
      .get('center')!
      .em.fork()
      .getConnection()
      .execute(`select id from center_outbox.job where name = 'undeliverable' and data->>'referralId' = ?`, [
        waiting.id,
      ])) as { id: string }[];
    expect((await stack.query(admin, REDELIVER, { id: message!.id })).body).toEqual({
      data: { redeliverMessage: { referralId: waiting.id, receiver: 'police' } },
    });
    expect((await stack.query(admin, LIST)).body).toEqual({ data: { undeliverableMessages: [] } });

    // Delivered within moments: the police know of the referral, and the investigator records the complaint.
    const police = stack.orms.get('police')!.em.fork().getConnection();
    const deadline = Date.now() + 20_000;
    const known = () =>
      police.execute('select status, version from police.known_referral where referral_id = ?', [waiting.id]);
    let rows = await known();
    while (rows.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      rows = await known();
    }
    expect(rows).toEqual([{ status: 'REQUESTED', version: 1 }]);
    expect((await stack.query(investigator, COMPLAINT, complaint)).body).toEqual({
      data: { recordComplaint: { caseId: waiting.caseId } },
    });
  });

  it('stays hidden from everyone but administrators', async () => {
    for (const login of ['reception', 'case-manager', 'investigator', 'auditor', 'analyst']) {
      const res = await stack.query(await stack.token(login), LIST);
      expect(res.body, login).toEqual({
        data: null,
        errors: [
          {
            message: 'Unauthorized field or type',
            path: ['undeliverableMessages'],
            extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' },
          },
        ],
      });
    }
  });
});
