import { AsyncLocalStorage } from 'node:async_hooks';
import net from 'node:net';

/**
 * fauxqs's `startFauxqs` binds 0.0.0.0 with no option to change it (its `host` option only
 * names the host in queue URLs), and it has no authentication: anyone on the developer's
 * network could read job contents or send to a queue. Its app builder alone would mean
 * rebuilding its server object from internals the package does not export, so instead every
 * `listen` on all interfaces made by code run through `onLoopback` is moved to 127.0.0.1.
 * The async context confines it to that code: other servers in this process are untouched.
 */
const loopbackOnly = new AsyncLocalStorage<true>();
let installed = false;

const ALL_INTERFACES = new Set(['0.0.0.0', '::', undefined]);

function install(): void {
  if (installed) return;
  installed = true;
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
    const [options] = args;
    if (
      loopbackOnly.getStore() &&
      typeof options === 'object' &&
      options !== null &&
      !('path' in options && options.path) &&
      ALL_INTERFACES.has((options as net.ListenOptions).host)
    ) {
      args[0] = { ...options, host: '127.0.0.1' };
    }
    return (listen as (...a: unknown[]) => net.Server).apply(this, args);
  } as typeof listen;
}

/** Runs `start`, binding to loopback the servers it makes listen on every interface. */
export function onLoopback<T>(start: () => Promise<T>): Promise<T> {
  install();
  return loopbackOnly.run(true, start);
}
