import http from 'node:http';

/**
 * A bare keep-alive client for sequential latency figures: `fetch` (undici) costs the
 * benchmark process more per request than the server under test on a small machine, and
 * what it costs would show in every figure.
 */
export function keepAliveClient(baseUrl: string, sockets = 1) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const base = new URL(baseUrl);
  return {
    /** Sends one request; resolves with the status and the milliseconds to the last byte. */
    request(
      method: string,
      path: string,
      headers: Record<string, string> = {},
      body?: string,
    ): Promise<{ status: number; ms: number; body: string }> {
      const started = performance.now();
      return new Promise((resolve, reject) => {
        const req = http.request(
          {
            host: base.hostname,
            port: base.port,
            method,
            path,
            agent,
            headers:
              body === undefined
                ? headers
                : { ...headers, 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                ms: performance.now() - started,
                body: Buffer.concat(chunks).toString('utf8'),
              }),
            );
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
