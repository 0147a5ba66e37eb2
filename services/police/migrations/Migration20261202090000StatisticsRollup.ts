import {
  AGENCY_INDEXES,
  AGENCY_TRIGGERS,
  StatisticsRollupMigration,
} from '../../shared/statistics/rollup.migration.js';

// The rollup of this subgraph's statistics, and the triggers that note each case written to what they read.
export class Migration20261202090000StatisticsRollup extends StatisticsRollupMigration {
  protected readonly schema = 'police';
  protected readonly triggers = [
    ...AGENCY_TRIGGERS,
    { table: 'investigation', column: 'case_id' },
    {
      table: 'investigation_transition',
      column: 'investigation_id',
      lookup: 'select case_id from police.investigation where id in ($1::uuid, $2::uuid)',
    },
  ];
  protected readonly indexes = AGENCY_INDEXES;
}
