import { StatisticsRollupMigration } from '../../shared/statistics/rollup.migration.js';

// The rollup of this subgraph's statistics, and the triggers that note each case written to what they read.
export class Migration20261202090000StatisticsRollup extends StatisticsRollupMigration {
  protected readonly schema = 'center';
  protected readonly triggers = [
    { table: 'survivor_case', column: 'id' },
    { table: 'consent', column: 'case_id' },
    {
      table: 'survivor',
      column: 'id',
      lookup: 'select id as case_id from center.survivor_case where survivor_id in ($1::uuid, $2::uuid)',
    },
  ];
  protected readonly indexes = [
    { name: 'consent_given_at_index', table: 'consent', column: 'given_at' },
    { name: 'consent_expires_at_index', table: 'consent', column: 'expires_at' },
    { name: 'consent_withdrawn_at_index', table: 'consent', column: 'withdrawn_at' },
  ];
}
