import type { GatewayConfig, GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CSS_TYPE,
  escapeHtml,
  type FileSource,
  JS_TYPE as JS,
  loadOnce,
  pageHeaders,
  scriptSafeJson,
  type StaticFile,
  StaticFiles,
} from './static-files.js';

// GraphiQL, for developers (GRAPHIQL=true; `npm start` turns it on), served wholly by the gateway: the page, its
// script, its styles (the fonts are inside them), the editor's three workers and the icon. Nothing is fetched from
// another site, so GraphiQL works on a machine with no internet, and the page can forbid every other origin.
//
// The assets come from @graphql-yoga/render-graphiql, the build of Yoga's GraphiQL that the runtime's own page would
// load from a CDN, pinned to the runtime's Yoga version. That package inlines them all into one page of 9 MB; the
// gateway serves each as a file of its own instead (static-files.ts: named by its content's hash and kept by the
// browser, held in memory and looked up by exact name), and the page itself stays small and is never cached. They
// are loaded at the first GraphiQL request, not at start-up: a gateway whose GraphiQL nobody opens holds none of it.

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

export class GraphiQLAssets {
  private constructor(private readonly files: StaticFiles) {}

  /** Each asset's URL path, by its role. */
  get urls(): Record<string, string> {
    return this.files.urls;
  }

  static async load(): Promise<GraphiQLAssets> {
    const built = await import('@graphql-yoga/render-graphiql/graphiql');
    const icon = /^data:[^;,]+;base64,(.*)$/s.exec(built.favicon);
    const sources: FileSource[] = [
      { role: 'script', name: 'graphiql', extension: 'js', type: JS, body: Buffer.from(built.js) },
      { role: 'styles', name: 'graphiql', extension: 'css', type: CSS_TYPE, body: Buffer.from(built.css) },
      { role: 'start', name: 'start', extension: 'js', type: JS, body: Buffer.from(START) },
      {
        role: 'editorWorkerService',
        name: 'editor.worker',
        extension: 'js',
        type: JS,
        body: Buffer.from(built.editorWorkerService),
      },
      { role: 'json', name: 'json.worker', extension: 'js', type: JS, body: Buffer.from(built.jsonWorker) },
      { role: 'graphql', name: 'graphql.worker', extension: 'js', type: JS, body: Buffer.from(built.graphqlWorker) },
      {
        role: 'icon',
        name: 'favicon',
        extension: 'ico',
        type: 'image/x-icon',
        body: Buffer.from(icon?.[1] ?? '', 'base64'),
      },
    ];
    return new GraphiQLAssets(await StaticFiles.of(GRAPHIQL_ASSETS_PATH, 'GraphiQL', sources));
  }

  /** The asset at this URL path, or undefined: an exact name, never a path to resolve. */
  get(path: string): StaticFile | undefined {
    return this.files.get(path);
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
    this.files.serve(req, res, path);
  }
}

/** The assets, loaded once per process, at the first call. */
export const graphiqlAssets = loadOnce(() => GraphiQLAssets.load());

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
      for (const [name, value] of Object.entries(pageHeaders(GRAPHIQL_PAGE_POLICY))) response.headers.set(name, value);
    },
  };
}
