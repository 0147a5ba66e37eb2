import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

// Open connections are capped, so that nobody can use up the gateway's file descriptors, and the cap cannot be used to
// lock others out: when it is reached, room is made by closing the connection that has been idle the longest. A
// client holding connections open without using them loses them to clients with requests to make. Only when every
// connection is in the middle of a request is a new one refused; anonymous requests are bounded by their budget
// (anonymous.ts) and every request by its timeouts (server.ts).

export interface ConnectionLimits {
  /** All clients together: kept well under the process's open-file limit, so the gateway never runs out. */
  total: number;
  /** From one client address; 0 for no limit (behind a proxy every client has the proxy's address). */
  perAddress: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = { total: 4096, perAddress: 256 };

export function limitConnections(server: Server, limits: ConnectionLimits): void {
  const fromAddress = new Map<string, number>();
  // Every open connection with the number of requests it is serving, the longest idle first (a connection moves to
  // the end each time it finishes a request).
  const open = new Map<Socket, { busy: number }>();
  const idlest = (): Socket | undefined => {
    for (const [socket, state] of open) if (state.busy === 0) return socket;
    return undefined;
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    const state = open.get(socket);
    if (!state) return;
    state.busy += 1;
    res.once('close', () => {
      state.busy -= 1;
      if (open.delete(socket)) open.set(socket, state);
    });
  });
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const n = (fromAddress.get(address) ?? 0) + 1;
    if (limits.perAddress > 0 && n > limits.perAddress) {
      socket.destroy();
      return;
    }
    if (open.size >= limits.total) {
      const idle = idlest();
      if (!idle) {
        socket.destroy();
        return;
      }
      open.delete(idle);
      idle.destroy();
    }
    fromAddress.set(address, n);
    open.set(socket, { busy: 0 });
    socket.once('close', () => {
      open.delete(socket);
      const left = (fromAddress.get(address) ?? 1) - 1;
      if (left > 0) fromAddress.set(address, left);
      else fromAddress.delete(address);
    });
  });
}
