import { accessLogMigration } from '../../shared/access-log/migration.js';

export class Migration20261127223500AccessLog extends accessLogMigration('gender_ministry') {}
