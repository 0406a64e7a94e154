import { createServer } from 'node:net';

/**
 * A loopback port nothing listens on now: the kernel's pick, released at once for the
 * caller's server to bind. Another process could take it in between; tests accept that
 * tiny race rather than hard-code ports that parallel suites would fight over.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('No port was assigned');
  return address.port;
}
