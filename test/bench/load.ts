import { Worker } from 'node:worker_threads';

// Load for `npm run bench`: closed-loop clients that each send the next request when the last is answered, and
// hostile clients in a thread of their own (so that their own work does not run on the event loop being measured).

export interface Sample {
  requests: number;
  errors: number;
  latencies: number[];
  ms: number;
}

/** The case-file page every bench asks: 20 cases, with slices from all four subgraphs. */
export const CASE_FILE_QUERY = `{ cases(first: 20) { nodes {
  caseNumber center { code } survivor { code sex }
  medical { treatments { kind givenAt } } investigation { status } followUp { riskLevel }
} } }`;

/** Closed-loop clients: `concurrency` of them, for `ms`, each sending the next request when the last is answered. */
export interface LoadOptions {
  url: string;
  token: string | null;
  query: string;
  concurrency: number;
  ms: number;
}

export async function load(o: LoadOptions): Promise<Sample> {
  const body = JSON.stringify({ query: o.query });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
  };
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const end = started + o.ms;
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        const res = await fetch(o.url, { method: 'POST', headers, body });
        const json = (await res.json()) as { errors?: unknown[] };
        if (!res.ok || json.errors) errors += 1;
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { requests: latencies.length, errors, latencies, ms: performance.now() - started };
}

export const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

export const rate = (s: Sample): number => s.requests / (s.ms / 1000);

/** The hostile documents of the hostile-neighbour row: every one is refused, and each costs the gateway little. */
export function hostileBodies(): string[] {
  const aliases = `{ ${Array.from({ length: 50_000 }, (_, i) => `a${i}: hotlines { number }`).join(' ')} }`;
  const fanOut = Array.from({ length: 30 }, (_, i) =>
    i === 29 ? `fragment F${i} on Hotline { number }` : `fragment F${i} on Hotline { ...F${i + 1} ...F${i + 1} }`,
  ).join(' ');
  const tokens = `{ ${'hotlines { number } '.repeat(12_000)}}`; // just under the body limit, far over the token limit
  return [
    JSON.stringify({ query: aliases }),
    JSON.stringify({ query: `{ hotlines { ...F0 } } ${fanOut}` }),
    JSON.stringify({ query: tokens }),
  ];
}

/**
 * Anonymous clients sending `bodies` in a loop from another thread, until stopped; counts the answers by status. Each
 * sends the next body as soon as the last is answered. The bodies are encoded once and written with the plain HTTP
 * client, so that what this costs is, as far as can be on one machine, the gateway's work and not the sender's.
 */
export function hostileNeighboursWith(
  url: string,
  concurrency: number,
  bodies: string[],
): { stop(): Promise<Record<string, number>> } {
  const worker = new Worker(
    `
    const { parentPort, workerData } = require('node:worker_threads');
    const http = require('node:http');
    const target = new URL(workerData.url);
    const bodies = workerData.bodies.map((b) => Buffer.from(b));
    const agent = new http.Agent({ keepAlive: true, maxSockets: workerData.concurrency });
    let running = true;
    const statuses = {};
    parentPort.on('message', () => { running = false; });
    const send = (body) => new Promise((resolve) => {
      const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent,
        headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
        res.resume();
        res.on('end', () => resolve(String(res.statusCode)));
      });
      req.on('error', () => resolve('refused'));
      req.end(body);
    });
    Promise.all(Array.from({ length: workerData.concurrency }, async (_, c) => {
      let i = c;
      while (running) {
        const status = await send(bodies[i++ % bodies.length]);
        statuses[status] = (statuses[status] || 0) + 1;
      }
    })).then(() => parentPort.postMessage(statuses));
  `,
    { eval: true, workerData: { url, concurrency, bodies } },
  );
  return {
    stop: () =>
      new Promise((resolve) => {
        worker.once(
          'message',
          (statuses: Record<string, number>) => void worker.terminate().then(() => resolve(statuses)),
        );
        worker.postMessage('stop');
      }),
  };
}

/**
 * The closed-loop clients of `load`, run in a thread of their own with the plain HTTP client, so that the process's
 * main thread does nothing but serve (the engine row measures gateways in that thread: engines.ts). An answer counts
 * as an error unless it is a 200 without "errors" in its body.
 */
export function loadInThread(o: LoadOptions): Promise<Sample> {
  const worker = new Worker(
    `
    const { parentPort, workerData: o } = require('node:worker_threads');
    const http = require('node:http');
    const { performance } = require('node:perf_hooks');
    const target = new URL(o.url);
    const body = Buffer.from(JSON.stringify({ query: o.query }));
    const headers = { 'content-type': 'application/json', 'content-length': body.length };
    if (o.token) headers.authorization = 'Bearer ' + o.token;
    const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency });
    const latencies = [];
    let errors = 0;
    const send = () => new Promise((resolve) => {
      const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent,
        headers }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve(res.statusCode === 200 && !Buffer.concat(chunks).includes('"errors"')));
      });
      req.on('error', () => resolve(false));
      req.end(body);
    });
    const started = performance.now();
    const end = started + o.ms;
    Promise.all(Array.from({ length: o.concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        if (!(await send())) errors += 1;
        latencies.push(performance.now() - t);
      }
    })).then(() => {
      agent.destroy();
      parentPort.postMessage({ requests: latencies.length, errors, latencies, ms: performance.now() - started });
    });
  `,
    { eval: true, workerData: o },
  );
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (s: Sample) => void worker.terminate().then(() => resolve(s)));
  });
}
