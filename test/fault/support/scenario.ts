import { inject } from 'vitest';
import type { Emulator } from '../../../local/emulator';
import {
  expectCountedOnce,
  expectOnlyRetryableFailures,
  expectStoredAndLearnedOnce,
} from './checks';
import type { FaultServers } from './fault-system';
import { sweepEvery } from './fault-system';
import { reportFigures } from './figures';
import { type LoadResult, startLoad } from './load-client';

/** At least 1,000 single submits, 8 in flight, in every scenario (issue 8). */
export const LOAD_COUNT = 1_200;
export const IN_FLIGHT = 8;
/** The fault strikes once this many are acknowledged: mid-load, on a warm stack. */
const FAULT_AFTER_ACKNOWLEDGED = 300;
/** The load gives up after this; a scenario stays well under two minutes. */
const LOAD_DEADLINE_MS = 75_000;
/** How long everything acknowledged may take to be learned once the load is over. */
const LEARN_DEADLINE_MS = 45_000;

export interface ScenarioOptions {
  /** The name in the figures table, which is sorted by it: start with the scenario's number. */
  name: string;
  servers: FaultServers;
  /**
   * What the load is sent to. With an emulator (startFaultStack), the outbox sweeper is
   * fired every 2 s (see sweepEvery); `npm start` runs its own schedule.
   */
  stack: { url: string; emulator?: Emulator };
  /** Breaks something once 300 feedback are acknowledged; resolves once the fault is over. */
  fault(): Promise<void>;
  /** When everything acknowledged must be learned by (epoch ms); default 45 s after the load. */
  learnedBy?: () => number;
}

/**
 * Runs the load, injects the fault, then checks the promises (checks.ts) and reports the
 * scenario's figures. Returns the load's result for the scenario's own evidence that its
 * fault was felt (a test whose fault changes nothing proves nothing).
 */
export async function runScenario(options: ScenarioOptions): Promise<LoadResult> {
  const label = options.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  const { url, emulator } = options.stack;
  await warmUp(url, options.servers.userKey);
  const sweeper = emulator ? sweepEvery(emulator, 2_000) : undefined;
  try {
    const load = startLoad({
      url,
      key: options.servers.userKey,
      count: LOAD_COUNT,
      inFlight: IN_FLIGHT,
      label,
      deadlineMs: LOAD_DEADLINE_MS,
    });
    // The fault's own failure is reported after the load has ended (it has a deadline).
    const fault = load
      .whenAcknowledged(FAULT_AFTER_ACKNOWLEDGED, 30_000)
      .then(() => options.fault())
      .then(
        () => undefined,
        (error: unknown) => error ?? new Error('The fault failed'),
      );
    const [result, faultError] = await Promise.all([load.done, fault]);
    if (faultError) throw faultError;

    expectOnlyRetryableFailures(result);
    const db = options.servers.db();
    const learnedBy = options.learnedBy?.() ?? Date.now() + LEARN_DEADLINE_MS;
    const learnedAfterS = await expectStoredAndLearnedOnce(db, result, learnedBy - Date.now());
    await expectCountedOnce(url, options.servers.userKey, label, result);
    await reportFigures(inject('faultFiguresFile'), {
      scenario: options.name,
      sent: result.sent,
      acknowledged: result.acknowledged.size,
      retries: result.retries,
      unavailable: result.unavailable,
      longestAnswerMs: result.longestAnswerMs,
      learnedAfterS,
    });
    return result;
  } finally {
    await sweeper?.stop();
  }
}

/**
 * Starts as many `submit` instances as the load keeps busy, with requests the API refuses
 * (422, nothing stored): on two cores, eight instances starting at once take seconds, and
 * the longest answer should measure the fault, not cold starts.
 */
export async function warmUp(url: string, key: string): Promise<void> {
  for (let round = 0; round < 3; round += 1) {
    const statuses = await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        const response = await fetch(new URL('/v1/feedback', url), {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: '{}',
          signal: AbortSignal.timeout(30_000),
        });
        await response.text();
        return response.status;
      }),
    );
    if (statuses.some((status) => status !== 422)) {
      throw new Error(`Warming up, the stack answered ${statuses.join(', ')} instead of 422`);
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
