import { generateKeyPairSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_PAGE_POLICY, dashboard, linkFiles } from '../../gateway/dashboard.js';
import { TokenVerifier } from '../../gateway/jwt.js';
import { createHubGateway } from '../../gateway/runtime.js';
import { type RunningGateway, serveGateway } from '../../gateway/server.js';
import { loadSupergraph } from '../../gateway/supergraph.js';
import { send } from '../helpers/http.js';
import { testPlanner as planner } from '../helpers/stack.js';

// The analysts' dashboard, served by the gateway itself, always (GraphiQL off here): the page names only the
// gateway's own files and runs no inline script, each file answers with its type and is kept by the browser, Chart.js
// is the installed package's own build, nothing else answers under their path however the path is spelled, and only
// GET and HEAD are answered. No subgraph is needed: none is asked (test/gateway/dashboard.test.ts drives the page in
// a browser against the whole hub).

const supergraph = loadSupergraph(
  await readFile(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'),
  {},
);
const key = generateKeyPairSync('ed25519').privateKey;
const folder = new URL('../../gateway/dashboard/', import.meta.url);
const chartDist = dirname(createRequire(import.meta.url).resolve('chart.js'));

async function gateway(anonymous = { perMinute: 1_000_000, burst: 100_000, maxBodyBytes: 8192 }) {
  const verifier = new TokenVerifier([]);
  return serveGateway({
    gateway: createHubGateway({ supergraph, signingKey: key, verifier, planner, refusalDelayMs: 0 }),
    subgraphs: supergraph.subgraphs,
    signingKey: key,
    port: 0,
    verifier,
    refusalDelayMs: 0,
    anonymous,
  });
}

let hub: RunningGateway;
let page: string;
let urls: Record<string, string>;
beforeAll(async () => {
  hub = await gateway();
  page = (await send(hub.port, '/dashboard')).body.toString('utf8');
  urls = (await dashboard()).files.urls;
});
afterAll(() => hub.close());

describe('the dashboard page', () => {
  it('is HTML that may load and call nothing but the gateway, is never kept, never framed, and sends no referrer', async () => {
    const res = await send(hub.port, '/dashboard');
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': DASHBOARD_PAGE_POLICY,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'content-length': String(res.body.length),
    });
    expect(new Set(res.names).size).toBe(res.names.length);
    const policy = Object.fromEntries(
      DASHBOARD_PAGE_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]),
    );
    expect(policy).toEqual({
      'default-src': "'none'",
      'script-src': "'self'",
      'style-src': "'self'",
      'img-src': 'data:',
      'connect-src': "'self'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
  });

  it('is served by a gateway without GraphiQL (it is always on), and to HEAD without a body', async () => {
    const head = await send(hub.port, '/dashboard', { method: 'HEAD' });
    expect({ status: head.status, length: head.body.length }).toEqual({ status: 200, length: 0 });
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(page)));
    // The query string is not part of the path.
    expect((await send(hub.port, '/dashboard?year=2026')).status).toBe(200);
  });

  it('names only the gateway’s own files, and has no inline script, style or handler', () => {
    const named = [...page.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    expect(named.sort()).toEqual(
      ['data:,', urls['dashboard.css'], urls['dashboard.js'], urls['chart.umd.min.js']].sort(),
    );
    for (const u of named.filter((n) => n !== 'data:,')) {
      expect(u).toMatch(/^\/dashboard\/(dashboard|chart\.umd\.min)\.[\w-]{16}\.(js|css)$/);
    }
    expect([...page.matchAll(/<script(?![^>]*\bsrc=)[^>]*>/g)]).toEqual([]);
    expect(page).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    // The page says where the API is: the gateway's own endpoint.
    expect(page).toContain('data-graphql="/graphql"');
  });

  it('as written in gateway/dashboard/, names its files by their plain names, so that a copy works beside them', async () => {
    const source = await readFile(new URL('index.html', folder), 'utf8');
    expect([...source.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]).sort()).toEqual(
      ['chart.umd.min.js', 'dashboard.css', 'dashboard.js', 'data:,'].sort(),
    );
    expect(linkFiles(source, urls)).toBe(page);
  });

  it('fails to load if it names anything the gateway does not serve', () => {
    expect(() => linkFiles('<script src="app.js"></script>', urls)).toThrow(
      "the dashboard's page names app.js, which is not one of its files",
    );
    expect(() => linkFiles('<script src="https://cdn.example/chart.js"></script>', urls)).toThrow(
      'https://cdn.example/chart.js',
    );
  });
});

describe('the dashboard files', () => {
  const files = async () => {
    const chart = await readFile(join(chartDist, 'chart.umd.min.js'), 'utf8');
    return [
      [urls['dashboard.js'], 'text/javascript; charset=utf-8', await readFile(new URL('dashboard.js', folder))],
      [urls['dashboard.css'], 'text/css; charset=utf-8', await readFile(new URL('dashboard.css', folder))],
      // The installed package's browser build, without its source map's comment (the map is not served).
      [
        urls['chart.umd.min.js'],
        'text/javascript; charset=utf-8',
        Buffer.from(chart.replace(/\/\/# sourceMappingURL=chart\.umd\.min\.js\.map\s*$/, '')),
      ],
    ] as const;
  };

  it('are the gateway/dashboard/ files and the installed Chart.js, each with its type, kept by the browser for good', async () => {
    for (const [url, type, content] of await files()) {
      const res = await send(hub.port, url!);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      expect(res.headers).toMatchObject({
        'content-type': type,
        'content-length': String(res.body.length),
        'cache-control': 'public, max-age=31536000, immutable',
        etag: expect.stringMatching(/^"[\w-]{16}"$/),
        'x-content-type-options': 'nosniff',
        'cross-origin-resource-policy': 'same-origin',
      });
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.body.equals(content)).toBe(true);
    }
  });

  it('Chart.js is the version package.json pins, MIT-licensed, with no source map named', async () => {
    const pinned = (
      JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
        dependencies: Record<string, string>;
      }
    ).dependencies['chart.js'];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    const installed = JSON.parse(await readFile(join(chartDist, '..', 'package.json'), 'utf8')) as {
      version: string;
      license: string;
    };
    expect(installed).toMatchObject({ version: pinned, license: 'MIT' });
    const served = (await send(hub.port, urls['chart.umd.min.js']!)).body.toString('utf8');
    expect(served.slice(0, 120)).toContain(`Chart.js v${pinned}`);
    expect(served).toContain('Released under the MIT License');
    expect(served).not.toContain('sourceMappingURL');
  });

  it('the page’s own script calls only the gateway, and keeps the token in memory, never in storage', async () => {
    const script = (await send(hub.port, urls['dashboard.js']!)).body.toString('utf8');
    expect(script).not.toMatch(/https?:\/\//);
    // Its comments say why; its code touches no storage.
    expect(script).not.toMatch(/\b(localStorage|sessionStorage|indexedDB|caches)\s*[.[]|document\.cookie/);
    expect(script).not.toMatch(/\.innerHTML\s*=|\beval\(|new Function\(/);
  });

  it('are sent compressed to a browser that accepts gzip', async () => {
    const res = await send(hub.port, urls['chart.umd.min.js']!, {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(res.headers).toMatchObject({ 'content-encoding': 'gzip', vary: 'accept-encoding' });
    const plain = (await send(hub.port, urls['chart.umd.min.js']!)).body;
    expect(res.body.length).toBeLessThan(plain.length / 2);
    expect(gunzipSync(res.body).equals(plain)).toBe(true);
  });

  it('answer a browser that has the file already with 304, and HEAD without a body', async () => {
    const first = await send(hub.port, urls['dashboard.css']!);
    const again = await send(hub.port, urls['dashboard.css']!, {
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect({ status: again.status, length: again.body.length }).toEqual({ status: 304, length: 0 });
    const head = await send(hub.port, urls['dashboard.css']!, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(first.body.length));
    expect(head.body.length).toBe(0);
  });
});

describe('the dashboard is only read', () => {
  it.each(['POST', 'PUT', 'DELETE', 'PATCH'])('%s to the page or a file is 405', async (method) => {
    for (const path of ['/dashboard', urls['dashboard.js']!, '/dashboard/no-such-file.js']) {
      const res = await send(hub.port, path, { method, headers: { 'content-type': 'application/json' } });
      expect({ path, status: res.status, allow: res.headers.allow }).toEqual({
        path,
        status: 405,
        allow: 'GET, HEAD',
      });
    }
  });
});

describe('no other name answers under the dashboard', () => {
  it.each([
    '/dashboard/',
    '/dashboard/index.html',
    '/dashboard/dashboard.js',
    '/dashboard/dashboard.css',
    '/dashboard/chart.umd.min.js',
    '/dashboard/chart.umd.min.js.map',
    '/dashboard/..%2fpackage.json',
    '/dashboard/..%2F..%2Fpackage.json',
    '/dashboard/%2e%2e/package.json',
    '/dashboard/%2E%2E%2Fgateway%2Fdashboard.ts',
    '/dashboard/%252e%252e%252fpackage.json',
    '/dashboard/../package.json',
    '/dashboard/..\\package.json',
    '/dashboard/..%5c..%5cpackage.json',
    '/dashboard//etc/passwd',
    '/dashboard/%2fetc%2fpasswd',
    '/dashboard/.%2e/.%2e/package.json',
    '/dashboard/node_modules/chart.js/package.json',
    '/dashboard/%00',
    '/dashboard%2f..%2fpackage.json',
    '/dashboard..%2fpackage.json',
    '/dashboard.js',
    '/Dashboard',
  ])('%s names no file: 404', async (path) => {
    const res = await send(hub.port, path);
    expect(res.status).toBe(404);
    expect(res.body.toString('utf8')).not.toMatch(/isange-hub|chart\.js|root:|Chart|<html/);
  });

  it('a real name with anything added, or in another case, is no file either', async () => {
    const script = urls['dashboard.js']!;
    for (const path of [`${script}/`, `${script}%00`, `${script}.map`, script.toUpperCase(), `/dashboard${script}`]) {
      expect({ path, status: (await send(hub.port, path)).status }).toEqual({ path, status: 404 });
    }
    expect((await send(hub.port, `${script}?v=1`)).status).toBe(200);
  });
});

describe('the dashboard and the anonymous budget', () => {
  it('its page and files take from it like any request without a token', async () => {
    const tight = await gateway({ perMinute: 1, burst: 2, maxBodyBytes: 8192 });
    try {
      const statuses = [];
      for (const path of ['/dashboard', urls['dashboard.css']!, urls['dashboard.js']!]) {
        statuses.push((await send(tight.port, path)).status);
      }
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await tight.close();
    }
  });
});
