import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { AccessLogEntry } from '../../shared/access-log/entry.type.js';
import { accessLogByCase } from '../../shared/access-log/read.js';
import { callerOf, type HubContext } from '../../shared/context.js';
import { decideAccessLog } from '../../shared/sharing/decide.js';
import { caseNotFound, DenialReason, forbidden, refused } from '../../shared/errors.js';
import { Requires } from '../../shared/guards.js';
import { Case } from '../entities/case.entity.js';
import { CenterAccessLog } from '../types/access-log.type.js';
import { caseById } from './loaders.js';

function openLog(ctx: HubContext, c: Case): CenterAccessLog {
  const d = decideAccessLog(callerOf(ctx), { caseManager: c.caseManager ?? null });
  if (!d.allowed) throw refused(ctx, c.id, d.reason);
  return Object.assign(new CenterAccessLog(), { caseId: c.id, caseManager: c.caseManager ?? null });
}

@Resolver(() => Case)
export class CaseAccessLogResolver {
  @FieldResolver(() => CenterAccessLog, {
    nullable: true,
    description: "Who has seen this survivor's data, in every agency.",
  })
  @Requires('access-log:read')
  accessLog(@Root() c: Case, @Ctx() ctx: HubContext): CenterAccessLog {
    return openLog(ctx, c);
  }
}

@Resolver(() => CenterAccessLog)
export class AccessLogResolver {
  @Query(() => CenterAccessLog, {
    nullable: true,
    description: "A case's access log, for auditors and its case manager.",
  })
  @Requires('access-log:read')
  async accessLog(@Arg('caseId', () => ID) caseId: string, @Ctx() ctx: HubContext): Promise<CenterAccessLog> {
    const c = await caseById(ctx).load(caseId);
    if (!c) throw callerOf(ctx).scopes.has('audit:read') ? caseNotFound() : forbidden(DenialReason.NOT_CASE_MANAGER);
    return openLog(ctx, c);
  }

  @FieldResolver(() => [AccessLogEntry], {
    nullable: true,
    description: 'Entries of the center access log, oldest first.',
  })
  @Requires('access-log:read')
  async center(@Root() log: CenterAccessLog, @Ctx() ctx: HubContext): Promise<AccessLogEntry[]> {
    const d = decideAccessLog(callerOf(ctx), log);
    if (!d.allowed) throw refused(ctx, log.caseId, d.reason);
    ctx.access.read(log.caseId, d.basis, ['accessLog.center']);
    return accessLogByCase(ctx).load(log.caseId);
  }
}
