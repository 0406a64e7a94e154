import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  describeSegment,
  newTraceHeader,
  type SegmentDocument,
  startTraceDaemon,
  type TraceDaemon,
  traceIdOf,
} from '../../../local/emulator/traces';

const segment: SegmentDocument = {
  name: 'PostgreSQL',
  id: '0123456789abcdef',
  trace_id: '1-5759e988-bd862e3fe1be46a994272793',
  parent_id: 'fedcba9876543210',
  type: 'subsegment',
  namespace: 'remote',
  start_time: 1_700_000_000.001,
  end_time: 1_700_000_000.004,
  annotations: { operation: 'insert-feedback-and-outbox-v1' },
};

function send(address: string, text: string): Promise<void> {
  const [host = '', port = ''] = address.split(':');
  const socket = createSocket('udp4');
  return new Promise((resolve, reject) =>
    socket.send(text, Number(port), host, (error) => {
      socket.close();
      if (error) reject(error);
      else resolve();
    }),
  );
}

const asSent = (document: unknown) => `{"format":"json","version":1}\n${JSON.stringify(document)}`;

describe('newTraceHeader', () => {
  it('starts a new trace as Lambda does: its epoch seconds, 96 random bits, a parent, sampled', () => {
    // X-Ray's own example: 10:00 AM PST on December 1st, 2016 is 58406520.
    const header = newTraceHeader(true, Date.UTC(2016, 11, 1, 18, 0, 0, 999));
    expect(header).toMatch(/^Root=1-58406520-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=1$/);
    expect(traceIdOf(header)).toMatch(/^1-58406520-[0-9a-f]{24}$/);
  });

  it('says Sampled=0 for a function whose tracing is not active, and never repeats', () => {
    expect(newTraceHeader(false)).toMatch(/;Sampled=0$/);
    expect(newTraceHeader(true)).not.toBe(newTraceHeader(true));
  });
});

describe('describeSegment', () => {
  it('is one line: trace, name, operation, whole milliseconds', () => {
    expect(describeSegment(segment)).toBe(
      'trace 1-5759e988-bd862e3fe1be46a994272793: PostgreSQL insert-feedback-and-outbox-v1 3 ms',
    );
  });

  it("names an AWS call by the SDK's operation and shows a fault", () => {
    const { annotations: _, ...call } = segment;
    const line = describeSegment({
      ...call,
      name: 'DynamoDB',
      aws: { operation: 'PutItem' },
      fault: true,
    });
    expect(line).toMatch(/: DynamoDB PutItem 3 ms fault$/);
  });
});

describe('the local X-Ray daemon', () => {
  let daemon: TraceDaemon | undefined;
  afterEach(async () => {
    await daemon?.close();
  });

  it('keeps what an invocation sends, under its trace, and logs it when asked', async () => {
    const log = vi.fn();
    daemon = await startTraceDaemon(log);
    expect(daemon.address).toMatch(/^127\.0\.0\.1:\d+$/);
    daemon.invoked(
      'Submit',
      'request-1',
      `Root=${segment.trace_id};Parent=fedcba9876543210;Sampled=1`,
    );
    await send(daemon.address, asSent(segment));
    await vi.waitFor(() => expect(daemon?.traces()[0]?.segments).toEqual([segment]));
    expect(daemon.traces()[0]).toMatchObject({
      traceId: segment.trace_id,
      functionName: 'Submit',
      requestId: 'request-1',
      sampled: true,
    });
    expect(log).toHaveBeenCalledWith(`[Submit] ${describeSegment(segment)}`);
  });

  it('drops what is not a segment of an invocation it started, and keeps running', async () => {
    daemon = await startTraceDaemon();
    daemon.invoked(
      'Learn',
      'request-2',
      `Root=${segment.trace_id};Parent=fedcba9876543210;Sampled=1`,
    );
    await send(daemon.address, 'not json at all');
    await send(
      daemon.address,
      asSent({ ...segment, trace_id: '1-00000000-000000000000000000000000' }),
    );
    await send(daemon.address, `{"format":"json","version":1}\n{"broken`);
    await send(daemon.address, asSent({ ...segment, name: 'Redis' }));
    await vi.waitFor(() => expect(daemon?.traces()[0]?.segments).toHaveLength(1));
    expect(daemon.traces()[0]?.segments[0]?.name).toBe('Redis');
  });
});
