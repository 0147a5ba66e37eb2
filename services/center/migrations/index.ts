import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261127214545 } from './Migration20261127214545.js';
import { Migration20261127222924 } from './Migration20261127222924.js';
import { Migration20261127223500AccessLog } from './Migration20261127223500AccessLog.js';
import { Migration20261129090758 } from './Migration20261129090758.js';
import { Migration20261129092211 } from './Migration20261129092211.js';
import { Migration20261129094336 } from './Migration20261129094336.js';
import { Migration20261129162142 } from './Migration20261129162142.js';
import { Migration20261129170000Referral } from './Migration20261129170000Referral.js';
import { Migration20261130090000SafeRoom } from './Migration20261130090000SafeRoom.js';
import { Migration20261130100000Counselling } from './Migration20261130100000Counselling.js';
import { Migration20261130110000Hotline } from './Migration20261130110000Hotline.js';
import { Migration20261201090000SeedBatch } from './Migration20261201090000SeedBatch.js';
import { Migration20261202090000StatisticsRollup } from './Migration20261202090000StatisticsRollup.js';

// Explicit list, in order: migrations are found by import, never by scanning a folder.
export const migrations: MigrationObject[] = [
  { name: 'Migration20261127214545', class: Migration20261127214545 },
  { name: 'Migration20261127222924', class: Migration20261127222924 },
  { name: 'Migration20261127223500AccessLog', class: Migration20261127223500AccessLog },
  { name: 'Migration20261129090758', class: Migration20261129090758 },
  { name: 'Migration20261129092211', class: Migration20261129092211 },
  { name: 'Migration20261129094336', class: Migration20261129094336 },
  { name: 'Migration20261129162142', class: Migration20261129162142 },
  { name: 'Migration20261129170000Referral', class: Migration20261129170000Referral },
  { name: 'Migration20261130090000SafeRoom', class: Migration20261130090000SafeRoom },
  { name: 'Migration20261130100000Counselling', class: Migration20261130100000Counselling },
  { name: 'Migration20261130110000Hotline', class: Migration20261130110000Hotline },
  { name: 'Migration20261201090000SeedBatch', class: Migration20261201090000SeedBatch },
  { name: 'Migration20261202090000StatisticsRollup', class: Migration20261202090000StatisticsRollup },
];
