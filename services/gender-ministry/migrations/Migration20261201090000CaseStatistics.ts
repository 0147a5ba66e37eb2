import { CaseStatisticsMigration } from '../../shared/delivery/case-statistics.migration.js';

export class Migration20261201090000CaseStatistics extends CaseStatisticsMigration {
  protected readonly schema = 'gender_ministry';
}
