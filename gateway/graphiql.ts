import type { GatewayConfig, GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Refusal, sendRefusal } from './http-guard.js';

// GraphiQL, for developers (GRAPHIQL=true; `npm start` turns it on), served wholly by the gateway: the page, its
// script, its styles (the fonts are inside them), the editor's three workers and the icon. Nothing is fetched from
// another site, so GraphiQL works on a machine with no internet, and the page can forbid every other origin.
//
// The assets come from @graphql-yoga/render-graphiql, the build of Yoga's GraphiQL that the runtime's own page would
// load from a CDN, pinned to the runtime's Yoga version. That package inlines them all into one page of 9 MB; the
// gateway serves each as a file of its own instead, named by its content's hash, so a browser fetches each once and
// keeps it (`immutable`), and the page itself stays small and is never cached (no-store, like every answer). The
// assets are held in memory and looked up by exact name: no path reaches the filesystem, so no URL, however encoded,
// can name anything else. They are loaded at the first GraphiQL request, not at start-up: a gateway whose GraphiQL
// nobody opens holds none of it.

/** Where the assets are served, when GraphiQL is on. */
export const GRAPHIQL_ASSETS_PATH = '/graphiql/';

type GraphiQLOptions = Parameters<NonNullable<GatewayConfig<Record<string, unknown>>['renderGraphiQL']>>[0];

/** What the page shows first: the public part of the graph, which answers without a token. */
export const GRAPHIQL_DEFAULT_QUERY = `# The Isange hub. Without a token only the public directory answers (centers, hotlines).
# With a token: the Headers tab, {"authorization": "Bearer <npm run -s token -- case-manager>"}.
{
  centers {
    code
    name
    district
  }
}
`;

/**
 * The page's own script, run before GraphiQL's bundle: where the editor's workers are (same-origin URLs, so no blob:
 * needed), then GraphiQL rendered once the document is parsed. Its settings are in a JSON element, not in a script:
 * the page runs no inline script at all (its Content-Security-Policy says `script-src 'self'`).
 */
const START = `'use strict';
(function () {
  var config = JSON.parse(document.getElementById('graphiql-config').textContent);
  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: function (_moduleId, label) {
      return config.workers[label];
    },
  };
  document.addEventListener('DOMContentLoaded', function () {
    YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), config.options);
  });
})();
`;

/**
 * The page's policy: everything from the gateway itself, nothing from anywhere else. Styles may be inline (React and
 * the editor set them on elements) and images and fonts may be data: URLs (the stylesheet carries its fonts so).
 */
export const GRAPHIQL_PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  body: Buffer;
  gzipped: Buffer;
  type: string;
  etag: string;
}

const JS = 'text/javascript; charset=utf-8';

export class GraphiQLAssets {
  private readonly byName = new Map<string, Asset>();
  /** Each asset's URL path, by its role. */
  readonly urls: Record<string, string> = {};

  private constructor() {}

  static async load(): Promise<GraphiQLAssets> {
    const built = await import('@graphql-yoga/render-graphiql/graphiql');
    const icon = /^data:[^;,]+;base64,(.*)$/s.exec(built.favicon);
    const sources: [role: string, name: string, extension: string, type: string, body: Buffer][] = [
      ['script', 'graphiql', 'js', JS, Buffer.from(built.js)],
      ['styles', 'graphiql', 'css', 'text/css; charset=utf-8', Buffer.from(built.css)],
      ['start', 'start', 'js', JS, Buffer.from(START)],
      ['editorWorkerService', 'editor.worker', 'js', JS, Buffer.from(built.editorWorkerService)],
      ['json', 'json.worker', 'js', JS, Buffer.from(built.jsonWorker)],
      ['graphql', 'graphql.worker', 'js', JS, Buffer.from(built.graphqlWorker)],
      ['icon', 'favicon', 'ico', 'image/x-icon', Buffer.from(icon?.[1] ?? '', 'base64')],
    ];
    const assets = new GraphiQLAssets();
    const compress = promisify(gzip);
    await Promise.all(
      sources.map(async ([role, name, extension, type, body]) => {
        const hash = createHash('sha256').update(body).digest('base64url').slice(0, 16);
        const file = `${name}.${hash}.${extension}`;
        assets.byName.set(file, { body, gzipped: await compress(body), type, etag: `"${hash}"` });
        assets.urls[role] = `${GRAPHIQL_ASSETS_PATH}${file}`;
      }),
    );
    return assets;
  }

  /** The asset at this URL path, or undefined: an exact name, never a path to resolve. */
  get(path: string): Asset | undefined {
    if (!path.startsWith(GRAPHIQL_ASSETS_PATH)) return undefined;
    return this.byName.get(path.slice(GRAPHIQL_ASSETS_PATH.length));
  }

  /** The GraphiQL page, with the options the runtime hands its renderer. */
  page(opts: GraphiQLOptions = {}): string {
    // The icon is the gateway's own file; the runtime's data: URL is not needed by GraphiQL itself.
    const { favicon: _favicon, ...options } = opts;
    const config = {
      options,
      workers: {
        editorWorkerService: this.urls.editorWorkerService,
        json: this.urls.json,
        graphql: this.urls.graphql,
      },
    };
    return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(opts.title ?? 'GraphiQL')}</title>
    <link rel="icon" href="${this.urls.icon}" />
    <link rel="stylesheet" href="${this.urls.styles}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run GraphiQL.</noscript>
    <div id="root"></div>
    <script type="application/json" id="graphiql-config">${scriptSafeJson(config)}</script>
    <script src="${this.urls.start}"></script>
    <script src="${this.urls.script}"></script>
  </body>
</html>
`;
  }

  /** Answer a request for an asset (its admission already decided). */
  serve(req: IncomingMessage, res: ServerResponse, path: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendRefusal(
        res,
        new Refusal(405, 'GraphiQL files are read with GET', { code: 'METHOD_NOT_ALLOWED' }, { allow: 'GET, HEAD' }),
      );
      return;
    }
    const asset = this.get(path);
    if (!asset) {
      sendRefusal(res, new Refusal(404, 'No such GraphiQL file', { code: 'NOT_FOUND' }));
      return;
    }
    const headers: Record<string, string> = {
      'content-type': asset.type,
      // Named by its content's hash: a changed file has a new name, so a browser may keep this one for good.
      'cache-control': 'public, max-age=31536000, immutable',
      etag: asset.etag,
      vary: 'accept-encoding',
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'same-origin',
    };
    if (req.headers['if-none-match'] === asset.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const gzipped = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzipped ? asset.gzipped : asset.body;
    if (gzipped) headers['content-encoding'] = 'gzip';
    res.writeHead(200, { ...headers, 'content-length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
  }
}

let loading: Promise<GraphiQLAssets> | undefined;

/** The assets, loaded once per process, at the first call. */
export function graphiqlAssets(): Promise<GraphiQLAssets> {
  loading ??= GraphiQLAssets.load().catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

/** The runtime's GraphiQL renderer: the page above, pointing at the gateway's own files. */
export async function renderGraphiQLPage(opts: GraphiQLOptions): Promise<string> {
  return (await graphiqlAssets()).page(opts);
}

/** The GraphiQL page's headers: its character set, its policy (nothing from another origin), no sniffing, no frame. */
export function useGraphiQLPageHeaders(): GatewayPlugin {
  return {
    onResponse({ response }) {
      if (!response.headers.get('content-type')?.startsWith('text/html')) return;
      // Deleted first: Yoga spells it `Content-Type`, and the runtime's headers would otherwise keep both spellings
      // and send the header twice (the first, without a charset, is the one clients read).
      response.headers.delete('content-type');
      response.headers.set('content-type', 'text/html; charset=utf-8');
      response.headers.set('content-security-policy', GRAPHIQL_PAGE_POLICY);
      response.headers.set('x-content-type-options', 'nosniff');
      response.headers.set('x-frame-options', 'DENY');
      response.headers.set('referrer-policy', 'no-referrer');
    },
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that cannot end the script element it sits in, whatever its strings hold. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
