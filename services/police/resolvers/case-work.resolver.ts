import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { canTouch, RecordWritten, writeOwnRecord, written } from '../../shared/agency-write.js';
import { callerOf, type HubContext } from '../../shared/context.js';
import { referralForWrite } from '../../shared/delivery/known-referrals.js';
import { badInput, conflict } from '../../shared/errors.js';
import { Requires } from '../../shared/guards.js';
import { staffActionTime } from '../../shared/time.js';
import { ProtectionMeasure } from '../entities/protection-measure.entity.js';
import { Statement } from '../entities/statement.entity.js';
import { LiftProtectionInput, OrderProtectionInput, RecordStatementInput } from '../types/police.input.js';
import { openInvestigation } from './record.resolver.js';

// The investigators' work on an open investigation: statements taken, and measures protecting the survivor. Each is
// a write on the police's own record, under the rules of every agency write (an open referral of the case to the
// police, within the investigator's center); a closed investigation takes no new statement or measure.

@Resolver()
export class PoliceCaseWorkResolver {
  @Mutation(() => RecordWritten, {
    description: 'Record a statement taken from the survivor, a guardian or a witness.',
  })
  @Requires('police:write', 'police:statements')
  async recordStatement(@Arg('input', () => RecordStatementInput) input: RecordStatementInput, @Ctx() ctx: HubContext) {
    staffActionTime('input.takenAt', input.takenAt, new Date());
    const r = await writeOwnRecord(ctx, 'recordStatement', async (em) => {
      const investigation = await openInvestigation(em, ctx, input.investigationId);
      const s = em.create(Statement, {
        investigation,
        givenBy: input.givenBy,
        takenAt: input.takenAt,
        takenBy: callerOf(ctx).subject,
        text: input.text,
      });
      return { id: s.id, caseId: investigation.caseId };
    });
    return written(r.id, r.caseId);
  }

  @Mutation(() => RecordWritten, {
    description: 'Order a measure protecting the survivor, such as a no-contact order.',
  })
  @Requires('police:write')
  async orderProtection(@Arg('input', () => OrderProtectionInput) input: OrderProtectionInput, @Ctx() ctx: HubContext) {
    const now = new Date();
    staffActionTime('input.issuedAt', input.issuedAt, now);
    if (input.until && input.until <= input.issuedAt) throw badInput('input.until', 'must be after issuedAt');
    const r = await writeOwnRecord(ctx, `orderProtection.${input.kind}`, async (em) => {
      const investigation = await openInvestigation(em, ctx, input.investigationId);
      const m = em.create(ProtectionMeasure, {
        investigation,
        kind: input.kind,
        details: input.details,
        issuedAt: input.issuedAt,
        until: input.until ?? null,
        issuedBy: callerOf(ctx).subject,
      });
      return { id: m.id, caseId: investigation.caseId };
    });
    return written(r.id, r.caseId);
  }

  @Mutation(() => RecordWritten, { description: 'Lift a protection measure before it ends, saying why.' })
  @Requires('police:write')
  async liftProtection(@Arg('input', () => LiftProtectionInput) input: LiftProtectionInput, @Ctx() ctx: HubContext) {
    const r = await writeOwnRecord(ctx, 'liftProtection', async (em) => {
      const m = await em.findOne(ProtectionMeasure, { id: input.measureId }, { populate: ['investigation'] });
      if (!m || !canTouch(callerOf(ctx), { centerCode: m.investigation.centerCode })) {
        throw badInput('input.measureId', 'no protection measure has this id');
      }
      await referralForWrite(em, ctx, m.investigation.caseId);
      const now = new Date();
      // Conditional on still being in force, so that of two people lifting it at once, one does.
      const changed = await em.nativeUpdate(
        ProtectionMeasure,
        { id: m.id, liftedAt: null, $or: [{ until: null }, { until: { $gt: now } }] },
        { liftedAt: now, liftedReason: input.reason },
      );
      if (changed === 0) throw conflict('this protection measure is no longer in force');
      return { id: m.id, caseId: m.investigation.caseId };
    });
    return written(r.id, r.caseId);
  }
}
