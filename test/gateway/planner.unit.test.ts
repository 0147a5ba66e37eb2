import { unifiedGraphHandler as routerRuntime } from '@graphql-hive/router-runtime';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLANNER, unifiedGraphHandlerFor } from '../../gateway/planner.js';
import { readGatewaySettings } from '../../gateway/settings.js';
import { SettingsError } from '../../services/shared/settings.js';

// GATEWAY_PLANNER chooses the query planner: the Rust one by default, the JavaScript one on request. A value that is
// neither stops the gateway at start-up with the other settings problems, never a planner chosen by guess.

const base = { GATEWAY_SIGNING_KEY_FILE: 'g.pem', DEV_ISSUER: 'true' };

describe('GATEWAY_PLANNER', () => {
  it('is rust unless set, and rust or js when set', () => {
    expect([
      DEFAULT_PLANNER,
      readGatewaySettings(base).planner,
      readGatewaySettings({ ...base, GATEWAY_PLANNER: '' }).planner,
      readGatewaySettings({ ...base, GATEWAY_PLANNER: 'rust' }).planner,
      readGatewaySettings({ ...base, GATEWAY_PLANNER: 'js' }).planner,
    ]).toEqual(['rust', 'rust', 'rust', 'rust', 'js']);
  });

  it('refuses anything else, named, with every other problem', () => {
    for (const value of ['Rust', 'javascript', 'apollo', ' js'])
      expect(() => readGatewaySettings({ ...base, GATEWAY_PLANNER: value, UPSTREAM_TIMEOUT_MS: '0' })).toThrow(
        new SettingsError([
          `GATEWAY_PLANNER=${JSON.stringify(value)}: must be one of rust, js`,
          'UPSTREAM_TIMEOUT_MS="0": must be between 100 and 300000',
        ]),
      );
  });

  it("rust hands the runtime router-runtime's handler; js keeps the runtime's own planner", () => {
    expect(unifiedGraphHandlerFor('rust')).toBe(routerRuntime);
    expect(unifiedGraphHandlerFor('js')).toBeUndefined();
  });
});
