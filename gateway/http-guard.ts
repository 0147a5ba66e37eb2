import type { IncomingMessage, ServerResponse } from 'node:http';
import { LIMIT_EXCEEDED } from './limits.js';

// What the gateway checks of a request before the GraphQL runtime sees it: the body's size (refused before it is
// read, or as soon as it grows past the limit), the nesting of its JSON (a deep array of arrays is a few bytes per
// level, and recursive code further down would overflow the stack on it), and, for POST, a JSON content type: a
// browser cannot send one cross-site without a CORS preflight, so a form on another site cannot run a mutation with
// a user's browser (CSRF).

export const MAX_JSON_DEPTH = 64;

const JSON_TYPES = ['application/json', 'application/graphql-response+json'];

export class Refusal {
  constructor(
    readonly status: number,
    readonly message: string,
    readonly extensions: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {}
}

export function sendRefusal(res: ServerResponse, r: Refusal, close = false): void {
  const body = JSON.stringify({ errors: [{ message: r.message, extensions: r.extensions }] });
  res.writeHead(r.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...r.headers,
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(body);
}

const tooLarge = (max: number) =>
  new Refusal(413, `The request body exceeds the limit of ${max} bytes`, { code: LIMIT_EXCEEDED, limit: 'body', max });

/** Deepest nesting of arrays and objects in a JSON text, stopping as soon as it passes `max`. Linear, no recursion. */
export function jsonDepthOver(body: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next byte is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * The checks a POST must pass before its body reaches the runtime. The body is read here, at most `maxBytes`, and
 * handed on as a Buffer (the runtime's Node adapter takes `req.body` as the request body when it is set).
 */
export async function readGuardedBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | Refusal> {
  const [type = ''] = (req.headers['content-type'] ?? '').split(';');
  const mediaType = type.trim().toLowerCase();
  if (!JSON_TYPES.includes(mediaType)) {
    return new Refusal(415, 'POST requests must send a JSON body (content-type: application/json)', {
      code: 'BAD_REQUEST',
    });
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    // Without an encoding set on the request, Node hands over Buffers.
    const bytes: Buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += bytes.length;
    if (size > maxBytes) return tooLarge(maxBytes);
    chunks.push(bytes);
  }
  const body = Buffer.concat(chunks);
  // The protocol's 400 for a missing or broken body, whatever the client accepts (GraphQL over HTTP: SHOULD).
  if (body.length === 0) return new Refusal(400, 'POST body is missing', { code: 'BAD_REQUEST' });
  if (jsonDepthOver(body, MAX_JSON_DEPTH)) {
    return new Refusal(400, `The request JSON is nested deeper than ${MAX_JSON_DEPTH} levels`, {
      code: LIMIT_EXCEEDED,
      limit: 'jsonDepth',
      max: MAX_JSON_DEPTH,
    });
  }
  try {
    JSON.parse(body.toString('utf8'));
  } catch {
    // Not echoed: a broken body can hold a survivor's details.
    return new Refusal(400, 'POST body sent invalid JSON.', { code: 'BAD_REQUEST' });
  }
  return body;
}
