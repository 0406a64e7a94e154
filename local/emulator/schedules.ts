import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent } from 'aws-lambda';
import { ACCOUNT_ID, REGION } from './aws-identity';
import type { PoolOutcome } from './function-pool';
import type { ScheduleSpec } from './stack-model';

const UNIT_MS: Record<string, number> = {
  minute: 60_000,
  minutes: 60_000,
  hour: 3_600_000,
  hours: 3_600_000,
  day: 86_400_000,
  days: 86_400_000,
};

/** The period of a `rate(...)` expression, in milliseconds. */
export function parseRate(expression: string): number {
  if (expression.startsWith('cron(')) {
    throw new Error(
      `Schedule "${expression}": cron() expressions are not supported locally; use rate(), ` +
        'or start the emulator with schedules: false and call fireSchedules()',
    );
  }
  const match = /^rate\(\s*(\d+)\s+([a-z]+)\s*\)$/.exec(expression);
  const unit = match?.[2] === undefined ? undefined : UNIT_MS[match[2]];
  const count = Number(match?.[1]);
  if (unit === undefined || !Number.isInteger(count) || count < 1) {
    throw new Error(`Schedule "${expression}" is not rate(N minute[s]|hour[s]|day[s])`);
  }
  return count * unit;
}

/** The event EventBridge Scheduler sends a target of a scheduled rule. */
export function scheduledEvent(
  rule: ScheduleSpec,
  now: Date,
): EventBridgeEvent<'Scheduled Event', Record<string, never>> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: ACCOUNT_ID,
    time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: REGION,
    resources: [rule.arn],
    detail: {},
  };
}

/**
 * Invokes every target of a rule, as asynchronous invocations (queued when the function is
 * busy); resolves with a line per failed target.
 */
export async function fireTargets(
  rule: ScheduleSpec,
  invoke: (functionLogicalId: string, event: unknown) => Promise<PoolOutcome>,
): Promise<string[]> {
  const failures = await Promise.all(
    rule.targets.map(async (target) => {
      const outcome = await invoke(
        target.functionLogicalId,
        target.input ?? scheduledEvent(rule, new Date()),
      );
      if (outcome.status !== 'error') return undefined;
      const { errorType, errorMessage } = outcome.error;
      return `${rule.logicalId} -> ${target.functionLogicalId}: ${errorType}: ${errorMessage}`;
    }),
  );
  return failures.filter((failure) => failure !== undefined);
}

/**
 * Fires each rule once per period, first one period after start, as long as it runs. A
 * firing does not wait for the previous one: EventBridge does not either.
 */
export class ScheduleRunner {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly firing = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly rules: ScheduleSpec[],
    private readonly fire: (rule: ScheduleSpec) => Promise<void>,
  ) {
    // Parse every expression up front, so a bad one fails start rather than a minute later.
    for (const rule of rules) parseRate(rule.expression);
  }

  start(): void {
    for (const rule of this.rules) this.schedule(rule, parseRate(rule.expression));
  }

  /** Cancels future firings; resolves when those under way are done. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(this.firing);
  }

  private schedule(rule: ScheduleSpec, periodMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.stopped) return;
      const run = this.fire(rule).finally(() => this.firing.delete(run));
      this.firing.add(run);
      this.schedule(rule, periodMs);
    }, periodMs);
    this.timers.add(timer);
  }
}
