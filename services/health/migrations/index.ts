import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261127214548 } from './Migration20261127214548.js';

// Explicit list, in order: migrations are found by import, never by scanning a folder.
export const migrations: MigrationObject[] = [
  { name: 'Migration20261127214548', class: Migration20261127214548 },
];
