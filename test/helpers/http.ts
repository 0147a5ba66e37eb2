import { request } from 'node:http';

// Requests to the hub's HTTP servers sent exactly as written: fetch would resolve `..` and decode what the tests of
// paths must send as it is, and would fold headers sent twice into one.

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Every header line's name, lower-cased, as sent (a header sent twice is named twice). */
  names: string[];
  body: Buffer;
}

/** Send a request to 127.0.0.1:`port` with this path as it is written, and read the whole answer. */
export function send(
  port: number,
  path: string,
  o: { method?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: o.method ?? 'GET', headers: o.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          names: res.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase()),
          body: Buffer.concat(chunks),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}
