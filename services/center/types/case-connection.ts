import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../shared/pagination.js';
import { Case } from '../entities/case.entity.js';

@ObjectType()
export class CaseConnection {
  @Field(() => [Case]) nodes!: Case[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'Cases matching the filter that the caller may see.' }) totalCount!: number;
}
