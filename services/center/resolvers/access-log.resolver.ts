import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { AccessLogEntry } from '../../shared/access-log/entry.type.js';
import { accessLogByCase } from '../../shared/access-log/read.js';
import { callerOf, type HubContext } from '../../shared/context.js';
import { decideAccessLog } from '../../shared/sharing/decide.js';
import { refused } from '../../shared/errors.js';
import { openLog, readAccessLog } from '../reads/access-log.read.js';
import { Requires } from '../../shared/guards.js';
import { Case } from '../entities/case.entity.js';
import { CenterAccessLog } from '../types/access-log.type.js';

@Resolver(() => Case)
export class CaseAccessLogResolver {
  @FieldResolver(() => CenterAccessLog, {
    nullable: true,
    description: "Who has seen this survivor's data, in every agency.",
  })
  @Requires('access-log:read')
  accessLog(@Root() c: Case, @Ctx() ctx: HubContext): Promise<CenterAccessLog> {
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
  accessLog(@Arg('caseId', () => ID) caseId: string, @Ctx() ctx: HubContext): Promise<CenterAccessLog> {
    return readAccessLog(ctx, caseId);
  }

  @FieldResolver(() => [AccessLogEntry], {
    nullable: true,
    description: 'Entries of the center access log, oldest first.',
  })
  @Requires('access-log:read')
  async center(@Root() log: CenterAccessLog, @Ctx() ctx: HubContext): Promise<AccessLogEntry[]> {
    const d = decideAccessLog(callerOf(ctx), { caseManager: log.caseManager, where: log });
    if (!d.allowed) throw refused(ctx, log.caseId, d.reason);
    ctx.access.read(log.caseId, d.basis, ['accessLog.center']);
    return accessLogByCase(ctx).load(log.caseId);
  }
}
