import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServices, startLocalServices } from '../../../local/emulator/local-services';

let services: LocalServices;

beforeAll(async () => {
  services = await startLocalServices();
});
afterAll(async () => {
  await services.stop();
});

/** This machine's addresses that other machines could reach (none on a machine offline). */
function externalAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flatMap((addresses) => addresses ?? [])
    .filter((address) => !address.internal && !address.address.startsWith('fe80:'))
    .map((address) => address.address);
}

/** Resolves with the error code of a connection attempt, or 'connected'. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

/**
 * The local addresses of the sockets listening on `port`, from Linux's socket tables
 * (hex, as the kernel writes them: 0100007F is 127.0.0.1, 00000000 every interface), or
 * undefined where there are none to read.
 */
function listeningAddresses(port: number): string[] | undefined {
  const tables = ['/proc/net/tcp', '/proc/net/tcp6'].filter((file) => existsSync(file));
  if (tables.length === 0) return undefined;
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  return tables.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      // Fields: sl, local_address, rem_address, st (0A: LISTEN), ...
      .filter((fields) => fields[3] === '0A' && fields[1]?.endsWith(`:${portHex}`))
      .map((fields) => fields[1]?.split(':')[0] ?? ''),
  );
}

// Not an AWS behaviour: fauxqs has no authentication, so nobody but this machine may reach it.
describe('the local SQS service (fauxqs)', () => {
  it('listens on loopback only: a non-loopback address of this machine is refused', async () => {
    const port = services.fauxqs.port;
    expect(await tryConnect('127.0.0.1', port)).toBe('connected');
    const external = externalAddresses();
    for (const address of external) {
      expect({ address, outcome: await tryConnect(address, port) }).toEqual({
        address,
        outcome: 'ECONNREFUSED',
      });
    }
    // fauxqs's own `address` names 127.0.0.1 even when it listens on 0.0.0.0: the kernel's
    // table says which address is bound, whether this machine has another address or not.
    const bound = listeningAddresses(port);
    if (bound !== undefined) expect(bound).toEqual(['0100007F']);
    expect(external.length > 0 || bound !== undefined).toBe(true);
  });
});
