import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261127214548 } from './Migration20261127214548.js';
import { Migration20261127222927 } from './Migration20261127222927.js';
import { Migration20261127223500AccessLog } from './Migration20261127223500AccessLog.js';
import { Migration20261129085850 } from './Migration20261129085850.js';
import { Migration20261129092212 } from './Migration20261129092212.js';
import { Migration20261129094337 } from './Migration20261129094337.js';
import { Migration20261129170100KnownReferral } from './Migration20261129170100KnownReferral.js';
import { Migration20261129180000ClinicalClocks } from './Migration20261129180000ClinicalClocks.js';
import { Migration20261129193920Forensic } from './Migration20261129193920Forensic.js';
import { Migration20261201090000CaseStatistics } from './Migration20261201090000CaseStatistics.js';
import { Migration20261202090000StatisticsRollup } from './Migration20261202090000StatisticsRollup.js';

// Explicit list, in order: migrations are found by import, never by scanning a folder.
export const migrations: MigrationObject[] = [
  { name: 'Migration20261127214548', class: Migration20261127214548 },
  { name: 'Migration20261127222927', class: Migration20261127222927 },
  { name: 'Migration20261127223500AccessLog', class: Migration20261127223500AccessLog },
  { name: 'Migration20261129085850', class: Migration20261129085850 },
  { name: 'Migration20261129092212', class: Migration20261129092212 },
  { name: 'Migration20261129094337', class: Migration20261129094337 },
  { name: 'Migration20261129170100KnownReferral', class: Migration20261129170100KnownReferral },
  { name: 'Migration20261129180000ClinicalClocks', class: Migration20261129180000ClinicalClocks },
  { name: 'Migration20261129193920Forensic', class: Migration20261129193920Forensic },
  { name: 'Migration20261201090000CaseStatistics', class: Migration20261201090000CaseStatistics },
  { name: 'Migration20261202090000StatisticsRollup', class: Migration20261202090000StatisticsRollup },
];
