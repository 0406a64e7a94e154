import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseRate, ScheduleRunner } from '../../../local/emulator/schedules';
import type { ScheduleSpec } from '../../../local/emulator/stack-model';
import {
  type FixtureEmulator,
  linesOf,
  useFixtureEmulators,
  waitForLine,
} from './fixture-emulator';

const emulators = useFixtureEmulators();
let system: FixtureEmulator | undefined;
let stateDir: string;

afterEach(async () => {
  // Stopped before the state directory goes: stopping writes into it.
  await emulators.stopAll();
  system = undefined;
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
  vi.useRealTimers();
});

const rule: ScheduleSpec = {
  logicalId: 'TickScheduleC4A56CA6',
  name: 'tick',
  arn: 'arn:aws:events:us-east-1:000000000000:rule/tick',
  expression: 'rate(1 minute)',
  targets: [{ id: 'Target0', functionLogicalId: 'TickerABCDEF12' }],
};

describe('scheduled rules', () => {
  // AWS: Creating a scheduled rule (legacy) in Amazon EventBridge, https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-rule-schedule.html
  it('fire on demand with the event EventBridge sends', async () => {
    system = await emulators.start();
    await system.emulator.fireSchedules();
    const [line] = linesOf(system.logs, 'Ticker', /\ttick /);
    const event = JSON.parse(line?.slice(line.indexOf('tick ') + 5) ?? '{}');
    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      region: 'us-east-1',
      resources: [
        expect.stringMatching(
          /^arn:aws:events:us-east-1:000000000000:rule\/emulator-fixture-TickSchedule/,
        ),
      ],
      detail: {},
    });
  });

  // AWS: Setting a schedule pattern for scheduled rules (legacy) in Amazon EventBridge, https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
  it('fire on their rate, the first one period after start, until stopped', async () => {
    vi.useFakeTimers();
    const fired: string[] = [];
    const runner = new ScheduleRunner([rule], async (r) => {
      fired.push(r.name);
    });
    runner.start();
    await vi.advanceTimersByTimeAsync(59_999);
    expect(fired).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(fired).toEqual(['tick']);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(fired).toEqual(['tick', 'tick', 'tick']);
    await runner.stop();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(fired).toHaveLength(3);
  });

  // AWS: Setting a schedule pattern for scheduled rules (legacy) in Amazon EventBridge, https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
  it('read rate() expressions and refuse cron() with a reason', () => {
    expect(parseRate('rate(1 minute)')).toBe(60_000);
    expect(parseRate('rate(5 minutes)')).toBe(300_000);
    expect(parseRate('rate(2 hours)')).toBe(7_200_000);
    expect(parseRate('rate(1 day)')).toBe(86_400_000);
    expect(() => parseRate('cron(0 12 * * ? *)')).toThrow(
      /cron\(\) expressions are not supported locally/,
    );
    expect(() => parseRate('rate(0 minutes)')).toThrow(/is not rate/);
    expect(() => parseRate('rate(1 fortnight)')).toThrow(/is not rate/);
  });
});

describe('stopping and starting with a state directory', () => {
  // Emulator: queues kept across a restart (`stateDir`); in AWS they never stop.
  it('keeps every unconsumed message: visible, in flight and delayed', async () => {
    stateDir = await mkdtemp(path.join(tmpdir(), 'emulator-state-'));
    system = await emulators.start({ stateDir });
    const { emulator, sqs } = system;
    // Fails once and stays in flight for the queue's 30 s visibility timeout.
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: emulator.queueUrl('WorkQueue'),
        MessageBody: JSON.stringify({ key: 'in-flight', behaviour: 'fail' }),
      }),
    );
    await waitForLine(system.logs, /failed key=in-flight receive=1 /);
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: emulator.queueUrl('WorkQueue'),
        MessageBody: JSON.stringify({ key: 'later', behaviour: 'ok' }),
        DelaySeconds: 900,
      }),
    );
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: emulator.queueUrl('WorkDeadLetters'),
        MessageBody: 'parked',
        MessageAttributes: { reason: { DataType: 'String', StringValue: 'poison' } },
      }),
    );
    await system.stop();
    system = undefined;
    const saved = JSON.parse(await readFile(path.join(stateDir, 'queues.json'), 'utf8'));
    expect(Object.values(saved.queues).flat()).toHaveLength(3);

    system = await emulators.start({ stateDir });
    expect(existsSync(path.join(stateDir, 'queues.json'))).toBe(false);
    expect(system.logs.some((line) => /3 saved messages restored/.test(line))).toBe(true);
    // Visible again at once, with its receive count started over (a documented gap).
    await waitForLine(system.logs, /failed key=in-flight receive=1 /);
    const parked = await system.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: system.emulator.queueUrl('WorkDeadLetters'),
        MessageAttributeNames: ['All'],
      }),
    );
    expect(parked.Messages?.map((m) => [m.Body, m.MessageAttributes?.reason?.StringValue])).toEqual(
      [['parked', 'poison']],
    );
    const work = await system.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: system.emulator.queueUrl('WorkQueue'),
        AttributeNames: ['ApproximateNumberOfMessagesDelayed'],
      }),
    );
    expect(work.Attributes?.ApproximateNumberOfMessagesDelayed).toBe('1');
  });
});
