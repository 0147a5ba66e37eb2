import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { projectRoot } from '../services/shared/project.js';
import { CSS_TYPE, JS_TYPE, loadOnce, pageHeaders, readOnly, type FileSource, StaticFiles } from './static-files.js';

// The analysts' dashboard: a page at /dashboard that charts the hub's statistics (intakes over time and by district,
// the HIV PEP clock, follow-up plans) for someone holding the stats:read scope, with each table's numbers and CSV
// under its chart. The page is plain HTML, a stylesheet and one script of its own, in gateway/dashboard/ (read from
// the project folder, as the hub reads schema/), and Chart.js, taken from the pinned chart.js package in
// node_modules: nothing comes from a CDN, so it works on a machine with no internet, and its policy lets it load and
// call nothing but the gateway.
//
// It is served always, with no setting to turn it on, unlike GraphiQL (a developer's tool, 35 MiB, off in
// production): the page and its files hold no data and grant nothing. Every number on it is asked of /graphql with
// the analyst's own token, through the same authorization, disclosure control and access log as any other client's
// request, so a gateway without the page would refuse nobody anything. Its files take from the anonymous budget like
// any request without a token, and are loaded at the first request for them (under 1 MiB).

/** The page. */
export const DASHBOARD_PATH = '/dashboard';
/** Where its files are served, each by a name with its content's hash. */
export const DASHBOARD_FILES_PATH = '/dashboard/';

/**
 * What the page may do: run its own two scripts and stylesheet from the gateway, call the gateway, and draw. No
 * inline script or style, nothing from anywhere else, no form sent anywhere (the token field is read by the script,
 * never submitted), never in a frame. `img-src data:` is for the empty icon (so that the browser does not ask the
 * gateway for /favicon.ico); Chart.js draws on a canvas and sets its size through the DOM, which the policy allows.
 */
export const DASHBOARD_PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  'img-src data:',
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The page's own files, by the name index.html gives them, beside it in gateway/dashboard/. */
const OWN_FILES: readonly (Omit<FileSource, 'body' | 'role'> & { file: string })[] = [
  { file: 'dashboard.js', name: 'dashboard', extension: 'js', type: JS_TYPE },
  { file: 'dashboard.css', name: 'dashboard', extension: 'css', type: CSS_TYPE },
];

/** Chart.js's browser build: one file that defines `Chart`, with its one dependency (@kurkle/color) inside it. */
const CHART_FILE = 'chart.umd.min.js';

async function chartJs(): Promise<Buffer> {
  // The package exports no path to its browser build: found beside its main file, wherever npm installed it.
  const main = createRequire(import.meta.url).resolve('chart.js');
  const text = await readFile(join(dirname(main), CHART_FILE), 'utf8');
  // The source map is not served: its comment would have a browser's developer tools ask for a file that is not there.
  return Buffer.from(text.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'));
}

export class Dashboard {
  private constructor(
    readonly files: StaticFiles,
    /** The page, naming each file by the URL the gateway serves it at. */
    readonly page: Buffer,
  ) {}

  static async load(folder = `${projectRoot}gateway/dashboard/`): Promise<Dashboard> {
    const sources: FileSource[] = await Promise.all(
      OWN_FILES.map(async (f) => ({ ...f, role: f.file, body: await readFile(join(folder, f.file)) })),
    );
    sources.push({ role: CHART_FILE, name: 'chart.umd.min', extension: 'js', type: JS_TYPE, body: await chartJs() });
    const files = await StaticFiles.of(DASHBOARD_FILES_PATH, 'dashboard', sources);
    const html = await readFile(join(folder, 'index.html'), 'utf8');
    return new Dashboard(files, Buffer.from(linkFiles(html, files.urls)));
  }

  /** Answer a request for the page or one of its files (its admission already decided). */
  serve(req: IncomingMessage, res: ServerResponse, path: string): void {
    if (path !== DASHBOARD_PATH) return this.files.serve(req, res, path);
    if (!readOnly(req, res, 'The dashboard is read with GET')) return;
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(this.page.length),
      // The page is small and names its files by hash: it is never kept, so a new version is seen at once.
      'cache-control': 'no-store',
      'cross-origin-resource-policy': 'same-origin',
      ...pageHeaders(DASHBOARD_PAGE_POLICY),
    });
    res.end(req.method === 'HEAD' ? undefined : this.page);
  }
}

/**
 * The page as the gateway serves it: each `src` or `href` naming a file beside it (`dashboard.js`) names that file's
 * hashed URL instead. Copied elsewhere with its files, the page works as written. A relative name that is not one of
 * the files, or any other URL but the empty icon's, fails the load: the page must load nothing the gateway does not
 * serve.
 */
export function linkFiles(html: string, urls: Record<string, string>): string {
  return html.replace(/\b(src|href)="([^"]*)"/g, (_all, attribute: string, name: string) => {
    const url = urls[name];
    if (url) return `${attribute}="${url}"`;
    if (name === 'data:,') return `${attribute}="${name}"`;
    throw new Error(`the dashboard's page names ${name}, which is not one of its files`);
  });
}

/** The dashboard, loaded once per process, at the first request for it. */
export const dashboard = loadOnce(() => Dashboard.load());
