import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// docker-compose.yml cannot be started here (no Docker engine), so what matters most in it is checked as data: each
// container gets only the keys it needs, and the development issuer is off unless a setting turns it on.

interface Service {
  volumes?: string[];
  environment?: Record<string, string>;
  profiles?: string[];
  command?: string | string[];
  entrypoint?: string[];
}
const compose = parse(await readFile(new URL('../../docker-compose.yml', import.meta.url), 'utf8'), {
  merge: true,
}) as {
  services: Record<string, Service>;
};
const keyVolumes = (s: Service) =>
  (s.volumes ?? [])
    .map((v) => v.split(':')[0]!)
    .filter((v) => v.endsWith('keys') || v.endsWith('key'))
    .sort();

describe('docker-compose.yml', () => {
  it('hands each container only the keys it needs', () => {
    const mounts = Object.fromEntries(Object.entries(compose.services).map(([name, s]) => [name, keyVolumes(s)]));
    expect(mounts).toEqual({
      postgres: [],
      install: [],
      keys: ['all-keys', 'center-key', 'gateway-key', 'public-keys'],
      migrate: [],
      center: ['center-key', 'public-keys'],
      health: ['public-keys'],
      police: ['public-keys'],
      'gender-ministry': ['public-keys'],
      gateway: ['gateway-key', 'public-keys'],
      token: ['all-keys'],
    });
  });

  it('mounts keys read-only in every long-running service, and every key file named is in a mounted folder', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      if (name === 'keys') continue;
      for (const v of s.volumes ?? []) if (/keys?:/.test(v)) expect(v, `${name}: ${v}`).toMatch(/:ro$/);
      const mounted = (s.volumes ?? []).map((v) => v.split(':')[1]!);
      for (const [k, file] of Object.entries(s.environment ?? {})) {
        if (!k.endsWith('_FILE')) continue;
        expect(
          mounted.some((m) => file.startsWith(`${m}/`)),
          `${name}: ${k}=${file}`,
        ).toBe(true);
      }
    }
  });

  it('runs the compiled JavaScript the install step builds, with no TypeScript compiler in any container', () => {
    expect(compose.services.install!.command).toEqual(['sh', '-ec', 'npm ci --no-audit --no-fund && npm run build']);
    for (const [name, s] of Object.entries(compose.services)) {
      const run = [s.command ?? [], s.entrypoint ?? []].flat().join(' ');
      expect(run, name).not.toMatch(/tsx|\.ts\b/);
      if (name !== 'postgres' && name !== 'install') expect(run, name).toMatch(/node dist\/\S+\.js/);
    }
  });

  it('keeps the development issuer off unless DEV_ISSUER turns it on, and its token maker out of the default profile', () => {
    expect(compose.services.gateway!.environment!.DEV_ISSUER).toBe('${DEV_ISSUER:-false}');
    expect(compose.services.token!.profiles).toEqual(['dev']);
    for (const [name, s] of Object.entries(compose.services)) {
      if (name !== 'token' && name !== 'keys') expect(keyVolumes(s), name).not.toContain('all-keys');
    }
  });
});
