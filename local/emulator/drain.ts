import type { FunctionPool } from './function-pool';
import type { StackModel } from './stack-model';

/** What drain needs of fauxqs: how many messages a queue holds in each state. */
export interface QueueInspector {
  inspectQueue(
    name: string,
  ): { messages: { ready: unknown[]; delayed: unknown[]; inflight: unknown[] } } | undefined;
}

interface QueueCounts {
  visible: number;
  inFlight: number;
  delayed: number;
}

/** Polls the in-process services until the event-driven work has run out. */
export async function drainWork(
  model: StackModel,
  inspector: QueueInspector,
  pools: ReadonlyMap<string, FunctionPool>,
  timeoutMs: number,
): Promise<void> {
  const consumed = new Set(model.eventSourceMappings.map((m) => m.queueLogicalId));
  const queues = model.queues.filter((q) => consumed.has(q.logicalId));
  const snapshot = () => {
    const counts = new Map<string, QueueCounts>();
    for (const queue of queues) {
      const messages = inspector.inspectQueue(queue.name)?.messages;
      counts.set(queue.logicalId, {
        visible: messages?.ready.length ?? 0,
        inFlight: messages?.inflight.length ?? 0,
        delayed: messages?.delayed.length ?? 0,
      });
    }
    const running = [...pools.values()].filter((pool) => pool.inFlight > 0);
    const idle =
      running.length === 0 &&
      [...counts.values()].every((c) => c.visible + c.inFlight + c.delayed === 0);
    return { counts, running, idle };
  };
  const deadline = Date.now() + timeoutMs;
  let quietChecks = 0;
  // Two quiet looks in a row: the first may fall between a function's end and its effects.
  while (quietChecks < 2) {
    const { counts, running, idle } = snapshot();
    quietChecks = idle ? quietChecks + 1 : 0;
    if (quietChecks >= 2) return;
    if (Date.now() > deadline) {
      const left = [
        ...[...counts].map(
          ([id, c]) => `${id}: ${c.visible} visible, ${c.inFlight} in flight, ${c.delayed} delayed`,
        ),
        ...running.map((pool) => `${pool.spec.shortName}: ${pool.inFlight} invocations running`),
      ];
      throw new Error(`drain() timed out after ${timeoutMs} ms: ${left.join('; ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
