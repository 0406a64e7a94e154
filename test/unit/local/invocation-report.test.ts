import { describe, expect, it } from 'vitest';
import {
  billedDurationMs,
  formatInitReport,
  formatReport,
  maxMemoryUsedMB,
} from '../../../local/emulator/invocation-report';
import { lambdaNodeArguments } from '../../../local/emulator/lambda-environment';

const MIB = 1024 * 1024;
const warm = {
  requestId: 'a24d03b5-429d-4ca3-a490-878a52a0182f',
  durationMs: 27.551,
  memorySizeMB: 1024,
  peakMemoryBytes: 471.2 * MIB,
};

describe('the REPORT line', () => {
  it('reads as Lambda writes it for a warm invocation', () => {
    expect(formatReport(warm)).toBe(
      'REPORT RequestId: a24d03b5-429d-4ca3-a490-878a52a0182f\tDuration: 27.55 ms\t' +
        'Billed Duration: 28 ms\tMemory Size: 1024 MB\tMax Memory Used: 472 MB\t',
    );
  });

  it('adds the init of a cold start, and bills it with the invocation', () => {
    const cold = { ...warm, durationMs: 395.99, initDurationMs: 265.72 };
    expect(formatReport(cold)).toMatch(
      /\tBilled Duration: 662 ms\t.*\tInit Duration: 265\.72 ms\t$/,
    );
  });

  it('names a failure of the environment, and shows a killed one at its full size', () => {
    const killed = {
      ...warm,
      memorySizeMB: 128,
      peakMemoryBytes: 131 * MIB,
      failure: { status: 'error' as const, errorType: 'Runtime.OutOfMemory' },
    };
    expect(formatReport(killed)).toMatch(
      /\tMax Memory Used: 128 MB\tStatus: error\tError Type: Runtime\.OutOfMemory\t$/,
    );
    expect(formatReport({ ...warm, failure: { status: 'timeout' } })).toMatch(
      /\tStatus: timeout\t$/,
    );
  });

  it('rounds billed time up to the millisecond and memory up to the MB', () => {
    expect(billedDurationMs(0.01)).toBe(1);
    expect(billedDurationMs(4.42, 333.05)).toBe(338);
    expect(maxMemoryUsedMB(40 * MIB + 1, 128)).toBe(41);
  });

  it('reports a failed init on its own line', () => {
    expect(formatInitReport(10_000, 'Runtime.InitTimeout')).toBe(
      'INIT_REPORT Init Duration: 10000.00 ms\tPhase: init\tStatus: timeout\t',
    );
    expect(formatInitReport(12.5, 'Runtime.OutOfMemory')).toBe(
      'INIT_REPORT Init Duration: 12.50 ms\tPhase: init\tStatus: error\tError Type: Runtime.OutOfMemory\t',
    );
  });
});

describe('the runtime process', () => {
  it('starts node with the heap Lambda gives that memory size', () => {
    expect(lambdaNodeArguments(128)).toEqual([
      '--expose-gc',
      '--max-http-header-size=81920',
      '--max-semi-space-size=6',
      '--max-old-space-size=116',
    ]);
  });
});
