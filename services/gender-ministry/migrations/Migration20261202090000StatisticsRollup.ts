import {
  AGENCY_INDEXES,
  AGENCY_TRIGGERS,
  StatisticsRollupMigration,
} from '../../shared/statistics/rollup.migration.js';

// The rollup of this subgraph's statistics, and the triggers that note each case written to what they read.
export class Migration20261202090000StatisticsRollup extends StatisticsRollupMigration {
  protected readonly schema = 'gender_ministry';
  protected readonly triggers = [
    ...AGENCY_TRIGGERS,
    { table: 'follow_up_plan', column: 'case_id' },
    {
      table: 'visit',
      column: 'plan_id',
      lookup: 'select case_id from gender_ministry.follow_up_plan where id in ($1::uuid, $2::uuid)',
    },
  ];
  protected readonly indexes = [
    ...AGENCY_INDEXES,
    { name: 'visit_scheduled_for_index', table: 'visit', column: 'scheduled_for' },
  ];
}
