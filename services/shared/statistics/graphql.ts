import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Directive, Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Granularity } from './periods.js';
import type { Dimension } from './request.js';

// The statistics every agency answers, in one shape: a question (StatisticsQuery) and a table of counts in which a
// small count is hidden (StatisticsCell.suppressed), never shown as 0. The types are the same in every subgraph, so
// they are shareable in the federated graph.

export enum StatisticsPeriod {
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  YEAR = 'YEAR',
}
registerEnumType(StatisticsPeriod, {
  name: 'StatisticsPeriod',
  description:
    'Kigali calendar periods. A week starts on Monday and is cut at the end of its month (2025-03-W1 is 1-2 March), so that days, weeks, months and years nest.',
});

export enum StatisticsDimension {
  PERIOD = 'PERIOD',
  PROVINCE = 'PROVINCE',
  DISTRICT = 'DISTRICT',
  CENTER = 'CENTER',
  INCIDENT_TYPE = 'INCIDENT_TYPE',
  AGE_BAND = 'AGE_BAND',
  SEX = 'SEX',
  NATIONALITY_GROUP = 'NATIONALITY_GROUP',
  CLOCK_STATUS = 'CLOCK_STATUS',
  TREATMENT = 'TREATMENT',
  INVESTIGATION_STATUS = 'INVESTIGATION_STATUS',
  TIME_TO_PROSECUTION = 'TIME_TO_PROSECUTION',
  FOLLOW_UP_STATUS = 'FOLLOW_UP_STATUS',
  LENGTH_OF_STAY = 'LENGTH_OF_STAY',
  NEED_STATUS = 'NEED_STATUS',
}
registerEnumType(StatisticsDimension, {
  name: 'StatisticsDimension',
  description:
    "What a table is broken down by. AGE_BAND is the age at the incident: 0-4, 5-11, 12-17, 18-24, 25-59, 60+ or UNKNOWN; NATIONALITY_GROUP is RWANDAN, OTHER or UNKNOWN. The last seven are one agency's own: health's clock status and treatment received, the police's investigation status and days to prosecution, the gender ministry's follow-up status, the center's length of a Safe Room stay and whether an intake had a need.",
});

@InputType({ description: 'One table: a period range, what its rows and columns are, and where.' })
export class StatisticsQuery {
  @Field(() => StatisticsPeriod, { defaultValue: StatisticsPeriod.MONTH })
  @IsIn(Object.values(StatisticsPeriod))
  period!: Granularity;

  @Field(() => String, { description: 'First day (YYYY-MM-DD, Kigali) of the first period.' })
  @IsString()
  @MaxLength(10)
  from!: string;

  @Field(() => String, {
    description: 'Last day (YYYY-MM-DD, Kigali) of the last period. A table not by PERIOD covers one period.',
  })
  @IsString()
  @MaxLength(10)
  to!: string;

  @Field(() => StatisticsDimension)
  @IsIn(Object.values(StatisticsDimension))
  rows!: Dimension;

  @Field(() => StatisticsDimension, { nullable: true })
  @IsOptional()
  @IsIn(Object.values(StatisticsDimension))
  columns?: Dimension | null;

  @Field(() => String, { nullable: true, description: 'Only this province (its name, e.g. "Kigali City").' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  province?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this district (e.g. "Gasabo").' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  district?: string | null;
}

@Directive('@shareable')
@ObjectType({ description: 'One count of a table. A suppressed count is null: too few people to publish.' })
export class StatisticsCell {
  @Field(() => String, { nullable: true, description: 'Null in a column total.' }) row!: string | null;
  @Field(() => String, { nullable: true, description: 'Null in a table without columns, and in a row total.' })
  column!: string | null;
  @Field(() => Int, { nullable: true }) count!: number | null;
  @Field(() => Boolean) suppressed!: boolean;
}

@Directive('@shareable')
@ObjectType({
  description:
    'A table of counts under disclosure control: small counts and the counts that would give them back are suppressed.',
})
export class StatisticsTable {
  @Field(() => String, { description: 'What is counted, e.g. "intakes".' }) statistic!: string;
  @Field(() => StatisticsPeriod) period!: Granularity;
  @Field(() => String) from!: string;
  @Field(() => String) to!: string;
  @Field(() => StatisticsDimension) rows!: Dimension;
  @Field(() => StatisticsDimension, { nullable: true }) columns!: Dimension | null;
  @Field(() => Int, { description: 'Counts from 1 to one less than this are suppressed.' }) threshold!: number;
  @Field(() => [String]) rowLabels!: string[];
  @Field(() => [String]) columnLabels!: string[];
  @Field(() => [StatisticsCell], { description: 'Row by row, each row across the columns.' })
  cells!: StatisticsCell[];
  @Field(() => [StatisticsCell], { description: 'Per row; none when the columns are periods.' })
  rowTotals!: StatisticsCell[];
  @Field(() => [StatisticsCell], { description: 'Per column; none when the rows are periods.' })
  columnTotals!: StatisticsCell[];
  @Field(() => StatisticsCell, { nullable: true, description: 'None in a table by period: no sum over a range.' })
  total!: StatisticsCell | null;
  @Field(() => String, { description: 'The same table as CSV, a suppressed count written "suppressed".' })
  csv!: string;
}
