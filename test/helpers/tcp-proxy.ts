import { connect, createServer, type Server, type Socket } from 'node:net';
import { whenFileDone } from './cleanup.js';

// A TCP proxy a fault test puts between a process and what it talks to (a subgraph, PostgreSQL), to stop it (new and
// open connections refused and reset) or freeze it (connections accepted, nothing ever answered), then heal it.

export type ProxyMode = 'pass' | 'stopped' | 'frozen';

export interface TcpProxy {
  port: number;
  readonly mode: ProxyMode;
  setMode(mode: ProxyMode): void;
  /** Point the proxy elsewhere (for a target that listens only once the proxy's own address is known). */
  setTarget(target: { host: string; port: number }): void;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket | null;
}

function join(p: Pair, target: { host: string; port: number }): void {
  if (!p.upstream) {
    const upstream = connect(target.port, target.host);
    upstream.on('error', () => p.client.destroy());
    upstream.on('close', () => p.client.destroy());
    p.client.on('close', () => upstream.destroy());
    p.upstream = upstream;
  }
  p.client.pipe(p.upstream);
  p.upstream.pipe(p.client);
  p.client.resume();
  p.upstream.resume();
}

function hold(p: Pair): void {
  p.client.unpipe();
  p.upstream?.unpipe();
  p.client.pause();
  p.upstream?.pause();
}

export async function tcpProxy(initial: { host: string; port: number }): Promise<TcpProxy> {
  let target = initial;
  const pairs = new Set<Pair>();
  let mode: ProxyMode = 'pass';
  const server: Server = createServer((client) => {
    if (mode === 'stopped') return client.destroy();
    const p: Pair = { client, upstream: null };
    pairs.add(p);
    client.on('close', () => pairs.delete(p));
    client.on('error', () => undefined);
    if (mode === 'frozen')
      hold(p); // accepted, never answered
    else join(p, target);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy: TcpProxy = {
    port: (server.address() as { port: number }).port,
    get mode() {
      return mode;
    },
    setMode(next) {
      mode = next;
      for (const p of pairs) {
        if (next === 'stopped') {
          p.client.destroy();
          p.upstream?.destroy();
        } else if (next === 'frozen') hold(p);
        else join(p, target);
      }
    },
    setTarget(t) {
      target = t;
    },
    async close() {
      proxy.setMode('stopped');
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  whenFileDone(() => proxy.close());
  return proxy;
}

/** The same URL, through the proxy. */
export function viaProxy(url: string, proxy: TcpProxy): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(proxy.port);
  return u.toString();
}
