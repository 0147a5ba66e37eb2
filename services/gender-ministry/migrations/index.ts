import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261127214555 } from './Migration20261127214555.js';
import { Migration20261127222934 } from './Migration20261127222934.js';
import { Migration20261127223500AccessLog } from './Migration20261127223500AccessLog.js';
import { Migration20261129085852 } from './Migration20261129085852.js';
import { Migration20261129092216 } from './Migration20261129092216.js';
import { Migration20261129094341 } from './Migration20261129094341.js';
import { Migration20261129165358 } from './Migration20261129165358.js';
import { Migration20261129170100KnownReferral } from './Migration20261129170100KnownReferral.js';
import { Migration20261201090000CaseStatistics } from './Migration20261201090000CaseStatistics.js';
import { Migration20261202090000StatisticsRollup } from './Migration20261202090000StatisticsRollup.js';

// Explicit list, in order: migrations are found by import, never by scanning a folder.
export const migrations: MigrationObject[] = [
  { name: 'Migration20261127214555', class: Migration20261127214555 },
  { name: 'Migration20261127222934', class: Migration20261127222934 },
  { name: 'Migration20261127223500AccessLog', class: Migration20261127223500AccessLog },
  { name: 'Migration20261129085852', class: Migration20261129085852 },
  { name: 'Migration20261129092216', class: Migration20261129092216 },
  { name: 'Migration20261129094341', class: Migration20261129094341 },
  { name: 'Migration20261129165358', class: Migration20261129165358 },
  { name: 'Migration20261129170100KnownReferral', class: Migration20261129170100KnownReferral },
  { name: 'Migration20261201090000CaseStatistics', class: Migration20261201090000CaseStatistics },
  { name: 'Migration20261202090000StatisticsRollup', class: Migration20261202090000StatisticsRollup },
];
