import { Ctx, Directive, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import { callerOf, type HubContext } from '../context.js';
import { normalizeId } from '../ids.js';
import type { ReferenceResolver } from '../descriptor.js';
import { decideAccessLog } from '../sharing/decide.js';
import { refused } from '../errors.js';
import { Requires } from '../guards.js';
import { AccessLogEntry } from './entry.type.js';
import { ACCESS_LOG_KEY, AccessLogKey } from './key.type.js';
import { accessLogByCase } from './read.js';

/**
 * An agency's part of `Case.accessLog`: its own entries, as a field named after the agency on the center's AccessLog
 * entity, shown only to the case's case manager (named in the entity key the center sends) and to auditors. One factory, so the three
 * agencies' parts cannot drift apart.
 */
export function agencyAccessLog(field: string, agency: string) {
  // The case manager and the case's place travel in the key rather than through @requires: the Hive runtime isolates
  // @requires fields into subschemas of their own and then finds three "canonical" AccessLogEntry types, one per
  // agency, and refuses them.
  @ObjectType('AccessLog')
  @Directive(`@key(fields: "${ACCESS_LOG_KEY}")`)
  class AgencyAccessLog extends AccessLogKey {}

  @Resolver(() => AgencyAccessLog)
  class AgencyAccessLogResolver {
    @FieldResolver(() => [AccessLogEntry], {
      name: field,
      nullable: true,
      description: `Entries of the ${agency} access log, oldest first.`,
    })
    @Requires('access-log:read')
    async entries(@Root() log: AgencyAccessLog, @Ctx() ctx: HubContext): Promise<AccessLogEntry[]> {
      const caseId = normalizeId(log.caseId);
      // Where the case is, as the center says in the key: its case manager reads the log only from there.
      const where = log.centerCode && log.district ? { centerCode: log.centerCode, district: log.district } : null;
      const d = decideAccessLog(callerOf(ctx), { caseManager: log.caseManager, where });
      if (!d.allowed) throw refused(ctx, caseId, d.reason);
      if (!caseId) return []; // names no case: nothing to show, nothing to log
      ctx.access.read(caseId, d.basis, [`accessLog.${field}`]);
      return accessLogByCase(ctx).load(caseId);
    }
  }

  const reference: ReferenceResolver = {
    scopes: ['access-log:read'],
    resolve: (ref) =>
      Object.assign(new AgencyAccessLog(), {
        caseId: String(ref.caseId),
        caseManager: typeof ref.caseManager === 'string' ? ref.caseManager : null,
        centerCode: typeof ref.centerCode === 'string' ? ref.centerCode : '',
        district: typeof ref.district === 'string' ? ref.district : '',
      }),
  };
  return { type: AgencyAccessLog, resolver: AgencyAccessLogResolver, reference };
}
