import type { FeedbackClient } from './feedback-client.js';
import type { FeedbackInput } from './validate.js';

export interface FlushOnExitOptions {
  /** How long `close()` may take. Default 5,000 ms (Lambda and Kubernetes give more). */
  timeoutMs?: number;
  /** Default `['SIGTERM']`. */
  signals?: NodeJS.Signals[];
  /** Receives what could not be delivered, to persist it; awaited before the exit. */
  onUndelivered?: (items: FeedbackInput[]) => void | Promise<void>;
}

/**
 * Opt-in: closes the client when the process is told to stop (SIGTERM by default) or runs
 * out of work (`beforeExit`). On a signal, once closed, the signal is raised again so the
 * process ends as it would have without the hook, unless the application listens to that
 * signal itself (then ending is its call). Answers a function that removes the hooks.
 */
export function flushOnExit(client: FeedbackClient, options: FlushOnExitOptions = {}): () => void {
  const signals = options.signals ?? ['SIGTERM'];
  const closeOnce = async () => {
    const { undelivered } = await client.close({ timeoutMs: options.timeoutMs });
    if (undelivered.length > 0) await options.onUndelivered?.(undelivered);
  };
  let closing: Promise<void> | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    closing ??= closeOnce();
    void closing.finally(() => {
      remove();
      // Only our listener was in the way of the default action: give it back.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  };
  const onBeforeExit = () => {
    // beforeExit fires again once close's work is done; closing is then settled.
    closing ??= closeOnce();
  };
  const remove = () => {
    for (const signal of signals) process.off(signal, onSignal);
    process.off('beforeExit', onBeforeExit);
  };
  for (const signal of signals) process.on(signal, onSignal);
  process.on('beforeExit', onBeforeExit);
  return remove;
}
