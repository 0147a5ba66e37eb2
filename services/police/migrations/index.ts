import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261127214552 } from './Migration20261127214552.js';
import { Migration20261127222931 } from './Migration20261127222931.js';
import { Migration20261127223500AccessLog } from './Migration20261127223500AccessLog.js';
import { Migration20261129085851 } from './Migration20261129085851.js';
import { Migration20261129092214 } from './Migration20261129092214.js';
import { Migration20261129094339 } from './Migration20261129094339.js';
import { Migration20261129170100KnownReferral } from './Migration20261129170100KnownReferral.js';
import { Migration20261129170527 } from './Migration20261129170527.js';
import { Migration20261129194117ForensicReceipt } from './Migration20261129194117ForensicReceipt.js';
import { Migration20261201090000CaseStatistics } from './Migration20261201090000CaseStatistics.js';
import { Migration20261202090000StatisticsRollup } from './Migration20261202090000StatisticsRollup.js';

// Explicit list, in order: migrations are found by import, never by scanning a folder.
export const migrations: MigrationObject[] = [
  { name: 'Migration20261127214552', class: Migration20261127214552 },
  { name: 'Migration20261127222931', class: Migration20261127222931 },
  { name: 'Migration20261127223500AccessLog', class: Migration20261127223500AccessLog },
  { name: 'Migration20261129085851', class: Migration20261129085851 },
  { name: 'Migration20261129092214', class: Migration20261129092214 },
  { name: 'Migration20261129094339', class: Migration20261129094339 },
  { name: 'Migration20261129170100KnownReferral', class: Migration20261129170100KnownReferral },
  { name: 'Migration20261129170527', class: Migration20261129170527 },
  { name: 'Migration20261129194117ForensicReceipt', class: Migration20261129194117ForensicReceipt },
  { name: 'Migration20261201090000CaseStatistics', class: Migration20261201090000CaseStatistics },
  { name: 'Migration20261202090000StatisticsRollup', class: Migration20261202090000StatisticsRollup },
];
