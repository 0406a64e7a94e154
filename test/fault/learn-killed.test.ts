import { expect, it } from 'vitest';
import type { Emulator } from '../../local/emulator';
import { withFaultStack } from './support/fault-system';
import { runScenario, sleep } from './support/scenario';

// The emulator names the signal as Lambda's Runtime.ExitError does ("signal: killed").
const KILLED_BATCH =
  /FeedbackQueue.*-> Learn\] batch of \d+ failed: Runtime\.ExitError.*(SIGKILL|signal: killed)/;

/**
 * Waits until a `learn` instance is handling a batch, then SIGKILLs every live instance at
 * once. Returns the pids killed, and whether one was busy at that moment.
 */
async function killEveryLearnInstanceMidBatch(
  emulator: Emulator,
  timeoutMs: number,
): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (emulator.functionPids('Learn', 'busy').length > 0) {
      const pids = emulator.functionPids('Learn');
      for (const pid of pids) process.kill(pid, 'SIGKILL');
      return pids;
    }
    // A batch lasts milliseconds: look often.
    await sleep(1);
  }
  throw new Error(`No learn instance was busy within ${timeoutMs} ms`);
}

// Lambda may lose an execution environment in the middle of a batch. The batch's messages
// are neither deleted nor failed: they come back after the visibility timeout, to new
// instances, and whatever the dead instance had committed is not learned again.
it('learns everything exactly once when every learn instance is SIGKILLed mid-batch', async () => {
  await withFaultStack(async (servers, stack) => {
    const killed: number[] = [];
    await runScenario({
      name: '4. every learn instance SIGKILLed mid-batch',
      servers,
      stack,
      fault: async () => {
        // The kill must land inside a batch at least once; a batch ending between our look
        // and the signal is tried again, a few times at most.
        for (let round = 0; round < 5 && stack.logs.count(KILLED_BATCH) === 0; round += 1) {
          killed.push(...(await killEveryLearnInstanceMidBatch(stack.emulator, 10_000)));
          await sleep(200);
        }
      },
    });
    // The fault was felt: a batch died with its instance ...
    expect(stack.logs.count(KILLED_BATCH)).toBeGreaterThan(0);
    // ... and learn went on in instances the emulator started after the kill.
    const live = stack.emulator.functionPids('Learn');
    expect(live.length).toBeGreaterThan(0);
    expect(live.filter((pid) => killed.includes(pid))).toEqual([]);
  });
});
