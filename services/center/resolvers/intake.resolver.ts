import { randomUUID } from 'node:crypto';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Mutation, Resolver } from 'type-graphql';
import { recordReturned } from '../../shared/access-log/returned.js';
import { callerOf, type HubContext } from '../../shared/context.js';
import { LegalBasis } from '../../shared/sharing/decide.js';
import { badInput, InputProblems } from '../../shared/errors.js';
import { Requires } from '../../shared/guards.js';
import { normalizeId } from '../../shared/ids.js';
import { Case } from '../entities/case.entity.js';
import { Center } from '../entities/center.entity.js';
import { assertCanWriteAt } from '../policies/case-access.policy.js';
import { checkIntakeForm } from '../policies/intake-form.policy.js';
import { openIntakes, type PreparedIntake } from '../policies/intake.policy.js';
import { visibleSurvivors } from '../policies/survivor-access.policy.js';
import { classifyIncident } from '../types/incident-type.js';
import { ImportCasesInput, MAX_IMPORT, OpenCaseInput } from '../types/open-case.input.js';

/**
 * Check intake forms and make them ready to open: every problem with every form in one answer (how each form's fields
 * fit together, then the centers the codes name), then the caller's right to write at each center, then the
 * returning survivors. Nothing is written here.
 */
async function prepareIntakes(
  ctx: HubContext,
  forms: { input: OpenCaseInput; at: string }[],
  now: Date,
): Promise<PreparedIntake[]> {
  const problems = new InputProblems();
  for (const f of forms) {
    // An id in capitals is the same survivor: compared, fingerprinted and stored in its canonical form.
    if (f.input.survivorId) f.input.survivorId = normalizeId(f.input.survivorId) ?? f.input.survivorId;
    checkIntakeForm(f.input, now, problems, f.at);
  }
  const codes = [...new Set(forms.map((f) => f.input.centerCode))];
  const centers = new Map((await ctx.em.find(Center, { code: { $in: codes } })).map((c) => [c.code, c]));
  for (const f of forms)
    if (!centers.has(f.input.centerCode)) problems.add(`${f.at}.centerCode`, 'no center has this code');
  problems.throwIfAny();
  for (const c of centers.values()) assertCanWriteAt(callerOf(ctx), c);
  // Only a survivor the caller could already see: otherwise the answer would tell whether the id exists, and the new
  // case would hand the caller another center's survivor's identity. Asked before the transaction: it reads on a
  // connection of its own, which the transaction must not wait for while it holds keys other attempts wait on.
  const visible = await visibleSurvivors(ctx, [
    ...new Set(forms.flatMap((f) => (f.input.survivorId ? [f.input.survivorId] : []))),
  ]);
  const prepared: PreparedIntake[] = [];
  for (const f of forms) {
    const center = centers.get(f.input.centerCode);
    // throwIfAny has thrown when there is no center, or neither an incident type nor a classification.
    if (!center) throw badInput(`${f.at}.centerCode`, 'no center has this code');
    const incidentType = f.input.incidentType ?? (f.input.classification && classifyIncident(f.input.classification));
    if (!incidentType)
      throw badInput(`${f.at}.incidentType`, 'give either incidentType or classification, exactly one');
    if (f.input.survivorId && !visible.has(f.input.survivorId))
      throw badInput(`${f.at}.survivorId`, 'no survivor has this id');
    prepared.push({ input: f.input, at: f.at, center, incidentType, caseId: randomUUID() });
  }
  return prepared;
}

@Resolver()
export class IntakeResolver {
  @Mutation(() => Case, { description: 'Reception opens a case for a new or returning survivor. All or nothing.' })
  @Requires('case:write')
  async openCase(
    @Arg('input', () => OpenCaseInput) input: OpenCaseInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Case> {
    const now = new Date();
    const prepared = await prepareIntakes(ctx, [{ input, at: 'input' }], now);
    const [opened] = await ctx.em.transactional((em) => openIntakes(em, ctx, prepared, now));
    if (!opened) throw new Error('an intake opened no case');
    recordReturned(ctx, info, opened.id, LegalBasis.CARE_TEAM);
    return opened;
  }

  @Mutation(() => [Case], {
    description:
      'Open many cases at once, all or nothing: a bulk import of intakes, for example from a paper register. Each ' +
      'intake is checked as openCase checks it and must carry its own idempotency key, so that a retried import ' +
      `opens nothing twice. At most ${MAX_IMPORT} intakes; the cases are answered in the order of the intakes.`,
  })
  @Requires('case:write')
  async importCases(
    @Arg('input', () => ImportCasesInput) input: ImportCasesInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Case[]> {
    const now = new Date();
    const forms = input.cases.map((c, i) => ({ input: c, at: `input.cases[${i}]` }));
    const problems = new InputProblems();
    const seen = new Map<string, number>();
    for (const f of forms) {
      const key = f.input.idempotencyKey;
      if (!key) problems.add(`${f.at}.idempotencyKey`, 'every intake of an import needs its own idempotency key');
      else if (seen.has(key)) problems.add(`${f.at}.idempotencyKey`, `the same key as input.cases[${seen.get(key)}]`);
      else seen.set(key, forms.indexOf(f));
    }
    problems.throwIfAny();
    const prepared = await prepareIntakes(ctx, forms, now);
    const opened = await ctx.em.transactional((em) => openIntakes(em, ctx, prepared, now));
    for (const c of opened) recordReturned(ctx, info, c.id, LegalBasis.CARE_TEAM);
    return opened;
  }
}
