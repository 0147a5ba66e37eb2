import {
  AGENCY_INDEXES,
  AGENCY_TRIGGERS,
  StatisticsRollupMigration,
} from '../../shared/statistics/rollup.migration.js';

// The rollup of this subgraph's statistics, and the triggers that note each case written to what they read.
export class Migration20261202090000StatisticsRollup extends StatisticsRollupMigration {
  protected readonly schema = 'health';
  protected readonly triggers = [
    ...AGENCY_TRIGGERS,
    { table: 'known_referral', column: 'case_id' },
    { table: 'treatment', column: 'case_id' },
    { table: 'clock_not_applicable', column: 'case_id' },
  ];
  protected readonly indexes = AGENCY_INDEXES;
}
