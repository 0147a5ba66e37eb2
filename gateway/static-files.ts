import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Refusal, sendRefusal } from './http-guard.js';

// The files a page of the gateway needs (GraphiQL's, the analysts' dashboard's), served by the gateway itself from
// memory, so that the page works on a machine with no internet and may forbid every other origin.
//
// Each file is named by its content's hash, so a browser fetches it once and keeps it (`immutable`): a changed file
// has a new name. The page that names them is small and never cached (no-store, like every answer). Files are looked
// up by exact name in a map: no path reaches the filesystem, so no URL, however encoded (`..%2f`, `%2e%2e`), can name
// anything else. They are only read (GET, HEAD), and sent gzipped to a browser that accepts it.

export const JS_TYPE = 'text/javascript; charset=utf-8';
export const CSS_TYPE = 'text/css; charset=utf-8';

/** One file to serve: its role (how the page refers to it), the start of its name, its extension, type and bytes. */
export interface FileSource {
  role: string;
  name: string;
  extension: string;
  type: string;
  body: Buffer;
}

export interface StaticFile {
  body: Buffer;
  gzipped: Buffer;
  type: string;
  etag: string;
}

export class StaticFiles {
  private readonly byName = new Map<string, StaticFile>();
  /** Each file's URL path, by its role. */
  readonly urls: Record<string, string> = {};

  private constructor(
    /** The URL path the files are under, with its trailing slash. */
    readonly base: string,
    /** Whose files these are, in refusals: "No such GraphiQL file". */
    readonly owner: string,
  ) {}

  /** Name each file by its content's hash under `base`, and compress it once. */
  static async of(base: string, owner: string, sources: readonly FileSource[]): Promise<StaticFiles> {
    const files = new StaticFiles(base, owner);
    const compress = promisify(gzip);
    await Promise.all(
      sources.map(async ({ role, name, extension, type, body }) => {
        const hash = createHash('sha256').update(body).digest('base64url').slice(0, 16);
        const file = `${name}.${hash}.${extension}`;
        files.byName.set(file, { body, gzipped: await compress(body), type, etag: `"${hash}"` });
        files.urls[role] = `${base}${file}`;
      }),
    );
    return files;
  }

  /** The file at this URL path, or undefined: an exact name, never a path to resolve. */
  get(path: string): StaticFile | undefined {
    if (!path.startsWith(this.base)) return undefined;
    return this.byName.get(path.slice(this.base.length));
  }

  /** Answer a request for a file (its admission already decided). */
  serve(req: IncomingMessage, res: ServerResponse, path: string): void {
    if (!readOnly(req, res, `The ${this.owner} files are read with GET`)) return;
    const file = this.get(path);
    if (!file) {
      sendRefusal(res, new Refusal(404, `No such ${this.owner} file`, { code: 'NOT_FOUND' }));
      return;
    }
    const headers: Record<string, string> = {
      'content-type': file.type,
      // Named by its content's hash: a changed file has a new name, so a browser may keep this one for good.
      'cache-control': 'public, max-age=31536000, immutable',
      etag: file.etag,
      vary: 'accept-encoding',
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'same-origin',
    };
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const gzipped = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzipped ? file.gzipped : file.body;
    if (gzipped) headers['content-encoding'] = 'gzip';
    res.writeHead(200, { ...headers, 'content-length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
  }
}

/** True for GET and HEAD; anything else is answered 405 here, with this message. */
export function readOnly(req: IncomingMessage, res: ServerResponse, message: string): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return true;
  sendRefusal(res, new Refusal(405, message, { code: 'METHOD_NOT_ALLOWED' }, { allow: 'GET, HEAD' }));
  return false;
}

/**
 * The headers of a page of the gateway's: its policy (what it may load and call), no sniffing, never in a frame
 * (no clickjacking of a page that holds a token), and no Referer sent from it (its URL is nobody's business).
 */
export function pageHeaders(policy: string): Record<string, string> {
  return {
    'content-security-policy': policy,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  };
}

/**
 * Load something once per process, at the first call rather than at start-up (a gateway whose page nobody opens holds
 * none of its files); a failed load is tried again at the next call.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    });
    return loading;
  };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that cannot end the script element it sits in, whatever its strings hold. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
