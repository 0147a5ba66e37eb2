import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context.js';
import { Requires } from '../../shared/guards.js';
import { Case } from '../entities/case.entity.js';
import { CenterRecordWritten } from '../types/record-written.type.js';
import { readCase } from '../reads/case.read.js';

@Resolver(() => CenterRecordWritten)
export class RecordWrittenResolver {
  // What an agency's write shows of its case is a read like case(id): the same decision, the same log entry; the
  // agency's own slice then comes from the agency, with the sharing facts, as in any case file.
  @FieldResolver(() => Case, {
    name: 'case',
    nullable: true,
    description: 'The case of the record, under the same rules as case(id).',
  })
  @Requires('case:read')
  caseOf(@Root() w: CenterRecordWritten, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Case> {
    return readCase(ctx, w.caseId, info);
  }
}
