import type { FrameOrigin } from './attribute-samples';

/** What the emulator's own process does for a request, for the profile beside submit's. */
export const EMULATOR_PHASES = [
  'HTTP gateway (event in, answer out)',
  'function instances (IPC, JSON)',
  'SQS (fauxqs: the publish, learn receiving)',
  'learn polling (event source mapping)',
  'AWS SDK (the pollers)',
  'DynamoDB (dynalite)',
  'benchmark client',
  'Node: HTTP server and client',
  'Node: IPC with the instances',
  'Node: sockets, timers, other',
  'garbage collection',
  'other',
  'idle',
] as const;

export type EmulatorPhase = (typeof EMULATOR_PHASES)[number];

function phaseOf(frame: FrameOrigin): EmulatorPhase | undefined {
  const { source, functionName } = frame;
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(idle)') return 'idle';
  if (/local\/emulator\/(http-gateway|http-event|http-routes)\.ts$/.test(source)) {
    return 'HTTP gateway (event in, answer out)';
  }
  if (/local\/emulator\/(function-instance|function-pool|memory-watch)\.ts$/.test(source)) {
    return 'function instances (IPC, JSON)';
  }
  if (/local\/emulator\/(sqs-poller|sqs-event)\.ts$/.test(source)) {
    return 'learn polling (event source mapping)';
  }
  if (source.includes('node_modules/fauxqs/')) return 'SQS (fauxqs: the publish, learn receiving)';
  if (/node_modules\/(dynalite|leveldown|levelup|memdown)\//.test(source)) {
    return 'DynamoDB (dynalite)';
  }
  if (/node_modules\/@(aws-sdk|smithy)\//.test(source)) return 'AWS SDK (the pollers)';
  if (/\/bench\//.test(source)) return 'benchmark client';
  return undefined;
}

/** The innermost phase on the stack; else what Node's own frames were doing. */
export function classifyEmulatorSample(stack: readonly FrameOrigin[]): EmulatorPhase {
  for (let i = stack.length - 1; i >= 0; i--) {
    const phase = phaseOf(stack[i] as FrameOrigin);
    if (phase) return phase;
  }
  const nodeFrames = stack.filter((frame) => frame.source.startsWith('node:'));
  if (nodeFrames.some((frame) => /_http_|internal\/http/.test(frame.source))) {
    return 'Node: HTTP server and client';
  }
  if (nodeFrames.some((frame) => /child_process/.test(frame.source))) {
    return 'Node: IPC with the instances';
  }
  return nodeFrames.length > 0 ? 'Node: sockets, timers, other' : 'other';
}
