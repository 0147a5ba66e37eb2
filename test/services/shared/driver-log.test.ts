import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { center } from '../../../services/center/index.js';
import type { Logger } from '../../../services/shared/log.js';
import { type HubOrm, openOrm } from '../../../services/shared/orm.js';
import { testDatabase } from '../../helpers/database.js';

// The query builder under the ORM (knex) prints its own warnings to the console, whole: a connection error, a statement.
// The hub routes them through the subgraph's logger, reduced to their kind.

const lines: [string, string, Record<string, unknown> | undefined][] = [];
const log: Logger = {
  debug: (m, f) => lines.push(['debug', m, f]),
  info: (m, f) => lines.push(['info', m, f]),
  warn: (m, f) => lines.push(['warn', m, f]),
  error: (m, f) => lines.push(['error', m, f]),
};
let orm: HubOrm;

beforeAll(async () => {
  orm = await openOrm(center, { clientUrl: await testDatabase(), poolMax: 1, log });
});
afterAll(() => orm.close());

describe("the database driver's own log", () => {
  it('goes to the subgraph logger as its kind only, never the message', () => {
    const logger = (orm.em.getKnex().client as { logger: { warn(m: string): void; error(m: string): void } }).logger;
    logger.warn("Connection Error: Error: select * from survivor_identity where given_name = 'Uwase'");
    logger.error(
      'Undefined binding(s) detected when compiling SELECT. Undefined column(s): [phone] query: select phone',
    );
    expect(lines).toEqual([
      ['warn', 'database driver warning', { kind: 'Connection Error' }],
      ['error', 'database driver error', { kind: 'Undefined binding(s) detected when compiling SELECT. Undefin' }],
    ]);
  });
});
