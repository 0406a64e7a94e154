import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does with a request:
 * - `pass`: forwards it and relays the answer;
 * - `dropFirstAnswer`: forwards it, waits for the whole answer (the server has committed by
 *   then), and cuts the connection instead of relaying it, the first time each
 *   Idempotency-Key is seen; later requests with that key are relayed;
 * - `down`: cuts every connection before anything is forwarded (an outage on the way).
 */
export type ProxyMode = 'pass' | 'dropFirstAnswer' | 'down';

export interface ProxyExchange {
  key: string | undefined;
  status: number;
  body: string;
  /** The answer never reached the client. */
  dropped: boolean;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'host',
  'content-encoding',
]);

/** A loopback HTTP proxy in front of the stack, which loses answers on purpose. */
export async function startLoopbackProxy(upstream: string) {
  const exchanges: ProxyExchange[] = [];
  const seenKeys = new Set<string>();
  let mode: ProxyMode = 'pass';

  const server = createServer(async (req, res) => {
    if (mode === 'down') {
      req.socket.destroy();
      return;
    }
    const body = await readBody(req);
    const key = header(req, 'idempotency-key');
    const answer = await fetch(new URL(req.url ?? '/', upstream), {
      method: req.method,
      headers: forwardable(req.headers),
      body: body.length > 0 ? body : undefined,
    });
    const text = await answer.text();
    const drop = mode === 'dropFirstAnswer' && key !== undefined && !seenKeys.has(key);
    if (key !== undefined) seenKeys.add(key);
    exchanges.push({ key, status: answer.status, body: text, dropped: drop });
    if (drop) {
      req.socket.destroy();
      return;
    }
    const headers: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name)) headers[name] = value;
    });
    res.writeHead(answer.status, headers);
    res.end(text);
  });
  server.on('connection', (socket) => {
    if (mode === 'down') socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    setMode(next: ProxyMode) {
      mode = next;
      // Kept-alive connections would otherwise still reach the stack.
      if (next === 'down') server.closeAllConnections();
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function forwardable(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
