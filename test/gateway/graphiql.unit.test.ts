import * as built from '@graphql-yoga/render-graphiql/graphiql';
import { generateKeyPairSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPHIQL_PAGE_POLICY, graphiqlAssets } from '../../gateway/graphiql.js';
import { TokenVerifier } from '../../gateway/jwt.js';
import { createHubGateway } from '../../gateway/runtime.js';
import { type RunningGateway, serveGateway } from '../../gateway/server.js';
import { loadSupergraph } from '../../gateway/supergraph.js';
import { send } from '../helpers/http.js';
import { testPlanner as planner } from '../helpers/stack.js';

// GraphiQL's page and files, served by the gateway itself (GRAPHIQL=true): the page names only the gateway's own
// files, each answers with its type and is kept by the browser, nothing else answers under their path however the
// path is spelled, and with GraphiQL off none of it is served. No subgraph is needed: none is asked.

const supergraph = loadSupergraph(
  await readFile(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'),
  {},
);
const key = generateKeyPairSync('ed25519').privateKey;

async function gateway(graphiql: boolean, anonymous = { perMinute: 1_000_000, burst: 100_000, maxBodyBytes: 8192 }) {
  const verifier = new TokenVerifier([]);
  return serveGateway({
    gateway: createHubGateway({ supergraph, signingKey: key, verifier, planner, graphiql, refusalDelayMs: 0 }),
    subgraphs: supergraph.subgraphs,
    signingKey: key,
    port: 0,
    verifier,
    refusalDelayMs: 0,
    anonymous,
    graphiql,
  });
}

const html = { accept: 'text/html,application/xhtml+xml,application/xhtml+xml;q=0.9,*/*;q=0.8' };

let on: RunningGateway;
let off: RunningGateway;
let page: string;
let urls: Record<string, string>;
beforeAll(async () => {
  [on, off] = await Promise.all([gateway(true), gateway(false)]);
  page = (await send(on.port, '/graphql', { headers: html })).body.toString('utf8');
  urls = (await graphiqlAssets()).urls;
});
afterAll(async () => {
  await on.close();
  await off.close();
});

describe('the GraphiQL page', () => {
  it('is HTML that may load nothing but from the gateway, and is never kept', async () => {
    const res = await send(on.port, '/graphql', { headers: html });
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': GRAPHIQL_PAGE_POLICY,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    });
    expect(new Set(res.names).size).toBe(res.names.length);
    expect(GRAPHIQL_PAGE_POLICY).toContain("default-src 'none'");
    expect(GRAPHIQL_PAGE_POLICY).toContain("script-src 'self';");
  });

  it('names only the gateway’s own files, and runs no inline script', () => {
    const named = [...page.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    expect(named.sort()).toEqual([urls.icon, urls.script, urls.start, urls.styles].sort());
    for (const u of named) expect(u).toMatch(/^\/graphiql\/[\w-]+(\.worker)?\.[\w-]{16}\.(js|css|ico)$/);
    // The one script element without src holds data, not code.
    const inline = [...page.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]);
    expect(inline).toEqual([' type="application/json" id="graphiql-config"']);
    const config = JSON.parse(/id="graphiql-config">([^<]*)<\/script>/.exec(page)![1]!) as {
      workers: Record<string, string>;
      options: Record<string, unknown>;
    };
    expect(config.workers).toEqual({
      editorWorkerService: urls.editorWorkerService,
      json: urls.json,
      graphql: urls.graphql,
    });
    expect(config.options).toMatchObject({ title: 'Isange hub', defaultQuery: expect.stringContaining('centers') });
  });

  it('cannot be broken out of by what its options hold', async () => {
    const assets = await graphiqlAssets();
    const hostile = '</script><script>alert(1)</script><!--';
    const out = assets.page({ title: `</title>${hostile}`, logo: hostile, defaultQuery: hostile });
    expect(out).not.toContain('<script>alert');
    expect(out).not.toContain('</title></script>');
    expect(out.match(/<\/script>/g)).toHaveLength(3);
    const config = JSON.parse(/id="graphiql-config">([^<]*)<\/script>/.exec(out)![1]!) as {
      options: Record<string, string>;
    };
    expect(config.options).toEqual({ title: `</title>${hostile}`, logo: hostile, defaultQuery: hostile });
  });

  it('is not served with GraphiQL off', async () => {
    // A browser's GET is then a GraphQL request without a query, answered as one.
    const res = await send(off.port, '/graphql', { headers: html });
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(res.body.toString('utf8'))).toEqual({
      errors: [{ message: 'Must provide query string.', extensions: { code: 'BAD_REQUEST' } }],
    });
  });
});

describe('the GraphiQL files', () => {
  const files = () =>
    [
      [urls.script, 'text/javascript; charset=utf-8', built.js],
      [urls.styles, 'text/css; charset=utf-8', built.css],
      [urls.editorWorkerService, 'text/javascript; charset=utf-8', built.editorWorkerService],
      [urls.json, 'text/javascript; charset=utf-8', built.jsonWorker],
      [urls.graphql, 'text/javascript; charset=utf-8', built.graphqlWorker],
      [urls.icon, 'image/x-icon', Buffer.from(built.favicon.split(',')[1]!, 'base64')],
    ] as const;

  it('are the installed package’s, each with its type, kept by the browser for good', async () => {
    for (const [url, type, content] of files()) {
      const res = await send(on.port, url!);
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
      expect(res.body.equals(Buffer.from(content))).toBe(true);
    }
  });

  it('the page’s own script only points the editor at its workers and renders GraphiQL', async () => {
    const res = await send(on.port, urls.start!);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const script = res.body.toString('utf8');
    expect(script).toContain('MonacoEnvironment');
    expect(script).toContain('YogaGraphiQL.renderYogaGraphiQL');
    expect(script).not.toMatch(/https?:/);
  });

  it('are sent compressed to a browser that accepts gzip', async () => {
    const res = await send(on.port, urls.script!, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(res.headers).toMatchObject({ 'content-encoding': 'gzip', vary: 'accept-encoding' });
    expect(res.body.length).toBeLessThan(Buffer.byteLength(built.js) / 2);
    expect(gunzipSync(res.body).equals(Buffer.from(built.js))).toBe(true);
  });

  it('answer a browser that has the file already with 304, and HEAD without a body', async () => {
    const first = await send(on.port, urls.styles!);
    const again = await send(on.port, urls.styles!, { headers: { 'if-none-match': String(first.headers.etag) } });
    expect({ status: again.status, length: again.body.length }).toEqual({ status: 304, length: 0 });
    const head = await send(on.port, urls.styles!, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(built.css)));
    expect(head.body.length).toBe(0);
  });

  it('are only read: any other method is 405', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const res = await send(on.port, urls.script!, { method, headers: { 'content-type': 'application/json' } });
      expect({ method, status: res.status, allow: res.headers.allow }).toEqual({
        method,
        status: 405,
        allow: 'GET, HEAD',
      });
    }
  });

  it.each([
    '/graphiql/',
    '/graphiql/..%2fpackage.json',
    '/graphiql/..%2F..%2Fpackage.json',
    '/graphiql/%2e%2e/package.json',
    '/graphiql/%2E%2E%2Fpackage.json',
    '/graphiql/%252e%252e%252fpackage.json',
    '/graphiql/../package.json',
    '/graphiql/..\\package.json',
    '/graphiql/..%5cpackage.json',
    '/graphiql//etc/passwd',
    '/graphiql/%2fetc%2fpasswd',
    '/graphiql/.%2e/.%2e/package.json',
    '/graphiql/graphiql.js',
    '/graphiql/node_modules/@graphql-yoga/render-graphiql/package.json',
    '/graphiql/%00',
    '/..%2fpackage.json',
    '/%2e%2e/package.json',
    '/%2e%2e%2fpackage.json',
    '/graphql/..%2f..%2fpackage.json',
  ])('%s names no file: 404', async (path) => {
    const res = await send(on.port, path);
    expect(res.status).toBe(404);
    expect(res.body.toString('utf8')).not.toMatch(/isange-hub|render-graphiql|root:/);
  });

  it('a real name with anything added, or in another case, is no file either', async () => {
    for (const path of [`${urls.script}/`, `${urls.script}%00`, `${urls.script}.map`, urls.script!.toUpperCase()]) {
      expect({ path, status: (await send(on.port, path)).status }).toEqual({ path, status: 404 });
    }
    // The query string is not part of the name.
    expect((await send(on.port, `${urls.script}?v=1`)).status).toBe(200);
  });

  it('are not served with GraphiQL off', async () => {
    for (const [url] of files()) {
      const res = await send(off.port, url!);
      expect({ url, status: res.status, length: res.body.length }).toEqual({ url, status: 404, length: 0 });
    }
  });

  it('take from the anonymous budget like any request without a token', async () => {
    const tight = await gateway(true, { perMinute: 1, burst: 2, maxBodyBytes: 8192 });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await send(tight.port, urls.icon!)).status);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await tight.close();
    }
  });
});
