import { describe, expect, it } from 'vitest';
import { readGatewaySettings } from '../../../gateway/settings.js';
import { center } from '../../../services/center/index.js';
import { health } from '../../../services/health/index.js';
import { readSubgraphSettings, subgraphSettings } from '../../../services/hub/settings.js';
import { readSettings, SettingsError } from '../../../services/shared/settings.js';

// Settings are read once at start-up; every problem is reported at once, then the process exits non-zero.

describe('settings', () => {
  it('a subgraph with nothing set lists every missing setting together', () => {
    expect(() => readSettings(subgraphSettings(4001), {})).toThrow(
      new SettingsError([
        'DATABASE_URL is required: PostgreSQL URL; each subgraph uses its own schema in this database',
        "GATEWAY_PUBLIC_KEY_FILE is required: PEM file with the gateway's Ed25519 public key: the only signer a subgraph trusts",
      ]),
    );
  });

  it('bad values are named with what was given and what is wanted', () => {
    const env = {
      DATABASE_URL: 'mysql://x',
      PORT: '70000',
      GATEWAY_PUBLIC_KEY_FILE: 'k.pem',
      SIGNATURE_MAX_AGE_MS: 'soon',
      DB_POOL_MAX: '0',
    };
    expect(() => readSettings(subgraphSettings(4001), env)).toThrow(
      new SettingsError([
        'DATABASE_URL="mysql://x": must be a postgres:// URL',
        'PORT="70000": must be between 0 and 65535',
        'SIGNATURE_MAX_AGE_MS="soon": must be a whole number',
        'DB_POOL_MAX="0": must be between 1 and 100',
      ]),
    );
  });

  it('defaults apply when a setting is unset or empty', () => {
    expect(
      readSettings(subgraphSettings(4002), {
        DATABASE_URL: 'postgres://h/db',
        GATEWAY_PUBLIC_KEY_FILE: 'k.pem',
        PORT: '',
      }),
    ).toEqual({
      databaseUrl: 'postgres://h/db',
      port: 4002,
      host: '127.0.0.1',
      gatewayKeyFile: 'k.pem',
      statementTimeoutMs: 10_000,
      idleInTransactionTimeoutMs: 10_000,
      signatureMaxAgeMs: 30_000,
      statisticsThreshold: 5,
      statisticsConcurrency: 1,
      statisticsPerCaller: 1,
      statisticsQueue: 16,
      statisticsQueuePerCaller: 6,
      statisticsWaitMs: 2_000,
      statisticsTimeoutMs: 5_000,
      poolMax: 10,
    });
  });

  it('the statistics threshold is a whole number from 2 to 100', () => {
    const base = { DATABASE_URL: 'postgres://h/db', GATEWAY_PUBLIC_KEY_FILE: 'k.pem' };
    expect(readSettings(subgraphSettings(4001), { ...base, STATISTICS_THRESHOLD: '10' }).statisticsThreshold).toBe(10);
    for (const bad of ['1', '101', 'five'])
      expect(() => readSettings(subgraphSettings(4001), { ...base, STATISTICS_THRESHOLD: bad })).toThrow(SettingsError);
  });

  it('the gateway refuses to start trusting no issuer, and lists that with the other problems', () => {
    expect(() => readGatewaySettings({ GATEWAY_SIGNING_KEY_FILE: 'g.pem' })).toThrow(
      new SettingsError(['JWT_ISSUER is required unless DEV_ISSUER=true: the gateway must trust some issuer']),
    );
    expect(() =>
      readGatewaySettings({ GATEWAY_SIGNING_KEY_FILE: 'g.pem', JWT_ISSUER: 'https://id.gov.rw', DEV_ISSUER: 'maybe' }),
    ).toThrow(new SettingsError(['DEV_ISSUER="maybe": must be true or false']));
    expect(() => readGatewaySettings({ GATEWAY_SIGNING_KEY_FILE: 'g.pem', JWT_ISSUER: 'https://id.gov.rw' })).toThrow(
      new SettingsError(['JWKS_URL or JWKS_PATH is required with JWT_ISSUER']),
    );
  });

  it('CORS origins: a list of origins, each checked; a path or a word is refused', () => {
    const base = { GATEWAY_SIGNING_KEY_FILE: 'g.pem', DEV_ISSUER: 'true' };
    expect(
      readGatewaySettings({ ...base, CORS_ORIGINS: 'https://staff.isange.example, http://localhost:5173/' })
        .corsOrigins,
    ).toEqual(['https://staff.isange.example', 'http://localhost:5173']);
    expect(readGatewaySettings(base).corsOrigins).toEqual([]);
    expect(() => readGatewaySettings({ ...base, CORS_ORIGINS: 'https://staff.isange.example/app,everyone' })).toThrow(
      new SettingsError([
        'CORS_ORIGINS="https://staff.isange.example/app,everyone": "https://staff.isange.example/app" is not an origin: give scheme://host[:port] only',
      ]),
    );
  });

  it("the center needs its signing key and where each agency is; an agency needs the center's public key", () => {
    const base = { DATABASE_URL: 'postgres://h/db', GATEWAY_PUBLIC_KEY_FILE: 'k.pem' };
    expect(() => readSubgraphSettings(center, base)).toThrow(
      new SettingsError([
        'SUBGRAPH_URL_HEALTH is required: where subgraph health is; the center delivers to it',
        'SUBGRAPH_URL_POLICE is required: where subgraph police is; the center delivers to it',
        'SUBGRAPH_URL_GENDER_MINISTRY is required: where subgraph gender-ministry is; the center delivers to it',
        'CENTER_SIGNING_KEY_FILE is required: center signs its deliveries',
      ]),
    );
    expect(() => readSubgraphSettings(health, base)).toThrow(
      new SettingsError(['CENTER_PUBLIC_KEY_FILE is required: health accepts deliveries from the center only']),
    );
    expect(readSubgraphSettings(health, { ...base, CENTER_PUBLIC_KEY_FILE: 'c.pem' }).receivers).toEqual([]);
  });
});
