import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, Directive, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../context.js';
import type { ReferenceResolver } from '../descriptor.js';
import { badInput } from '../errors.js';
import { Requires } from '../guards.js';

// Refused reads, for the data-protection officer: who was refused what, why, how often, in which hour, with a sample
// of the cases named. Each subgraph counts its own (AccessDenialRow); the center owns the entity that gathers them, by
// the hour they start from, and every subgraph adds its own list, as for the access log.

@ObjectType({ description: 'Reads refused to one person for one reason in one hour.' })
@Directive('@shareable')
export class AccessDenial {
  @Field(() => String) subject!: string;
  @Field(() => String) agency!: string;
  @Field(() => [String]) roles!: string[];
  @Field(() => String, {
    description: 'OUT_OF_SCOPE, NOT_REFERRED, CONSENT_REQUIRED, NOT_CASE_MANAGER, NOT_OWN_SESSION, CASE_NOT_FOUND',
  })
  reason!: string;
  @Field(() => Date, { description: 'The hour the refusals are counted in.' }) windowStart!: Date;
  @Field(() => Int) count!: number;
  @Field(() => [ID], { description: 'Up to ten of the cases named; the rest are counted only.' }) caseIds!: string[];
  @Field(() => Date) lastAt!: Date;
}

interface Row {
  subject: string;
  agency: string;
  roles: string[];
  reason: string;
  window_start: Date;
  count: number;
  case_ids: string[];
  last_at: Date;
}

async function denialsSince(em: EntityManager, since: Date): Promise<AccessDenial[]> {
  const rows: Row[] = await em.getConnection().execute(
    `select subject, agency, roles, reason, window_start, count, case_ids, last_at from "${em.config.get('schema')}"."access_denial"
      where window_start >= date_trunc('hour', ?::timestamptz) order by last_at desc, subject limit 1000`,
    [since],
  );
  return rows.map((r) =>
    Object.assign(new AccessDenial(), {
      subject: r.subject,
      agency: r.agency,
      roles: r.roles,
      reason: r.reason,
      windowStart: new Date(r.window_start),
      count: r.count,
      caseIds: r.case_ids,
      lastAt: new Date(r.last_at),
    }),
  );
}

/** One subgraph's part of `accessDenials`: a list named after it. The center's also answers the root query. */
export function accessDenialsPart(field: string, agency: string, root = false) {
  @ObjectType('AccessDenials', {
    description: 'Refused reads since an hour, one list per subgraph (at most 1000 each, newest first).',
  })
  @Directive('@key(fields: "since")')
  class AccessDenials {
    @Field(() => Date) since!: Date;
  }

  @Resolver(() => AccessDenials)
  class AccessDenialsResolver {
    @FieldResolver(() => [AccessDenial], { name: field, nullable: true, description: `Reads the ${agency} refused.` })
    @Requires('audit:read')
    list(@Root() d: AccessDenials, @Ctx() ctx: HubContext): Promise<AccessDenial[]> {
      return denialsSince(ctx.em, d.since);
    }
  }

  @Resolver(() => AccessDenials)
  class AccessDenialsQuery {
    @Query(() => AccessDenials, {
      nullable: true,
      description: 'Refused reads since a time, in every subgraph, for the data-protection officer.',
    })
    @Requires('audit:read')
    accessDenials(@Arg('since', () => Date) since: Date): AccessDenials {
      if (Number.isNaN(since.getTime())) throw badInput('since', 'must be a date-time');
      return Object.assign(new AccessDenials(), { since });
    }
  }

  const reference: ReferenceResolver = {
    scopes: ['audit:read'],
    resolve: (ref) => Object.assign(new AccessDenials(), { since: new Date(String(ref.since)) }),
  };
  return {
    type: AccessDenials,
    resolvers: root ? [AccessDenialsResolver, AccessDenialsQuery] : [AccessDenialsResolver],
    reference,
  };
}
