import { describe, expect, it } from 'vitest';
import { parseSweepRequest } from '#core/sweep-request';

const scheduledEvent = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2024-06-01T12:00:00Z',
  region: 'eu-west-1',
  resources: ['arn:aws:events:eu-west-1:123456789012:rule/SweepOutboxSchedule'],
  detail: {},
};

describe('parseSweepRequest', () => {
  it.each([
    ['the scheduled event', scheduledEvent],
    ['an empty object (a manual invoke)', {}],
    ['no payload at all', undefined],
    ['a null payload', null],
  ])('sweeps what is due for %s', (_, event) => {
    expect(parseSweepRequest(event)).toEqual({ action: 'sweep-due' });
  });

  it('reads a resend of every unlearned feedback', () => {
    expect(parseSweepRequest({ action: 'resend-unlearned' })).toEqual({
      action: 'resend-unlearned',
      notSentSince: undefined,
    });
  });

  it('reads the instant a resend that ran out of time continues from, to the microsecond', () => {
    const notSentSince = '2024-06-01T12:00:00.123456Z';
    expect(parseSweepRequest({ action: 'resend-unlearned', notSentSince })).toEqual({
      action: 'resend-unlearned',
      notSentSince,
    });
  });

  it.each([
    ['a mistyped action', { action: 'resend-unlerned' }, /action: /],
    ['an unknown field next to the action', { action: 'resend-unlearned', force: true }, /force/],
    [
      'a date that is not ISO 8601',
      { action: 'resend-unlearned', notSentSince: 'yesterday' },
      /notSentSince: /,
    ],
    ['another event source', { ...scheduledEvent, source: 'aws.s3' }, /source: /],
    ['an unknown field alone', { resend: true }, /resend/],
    ['a payload that is not an object', 'resend-unlearned', /expected object/],
  ])('refuses %s instead of sweeping as usual', (_, event, detail) => {
    expect(() => parseSweepRequest(event)).toThrow(/^Not a sweeper event/);
    expect(() => parseSweepRequest(event)).toThrow(detail);
  });

  it('refuses with a 400-class error that keeps each broken field', () => {
    try {
      parseSweepRequest({ action: 'resend-unlearned', notSentSince: 'yesterday' });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({
        name: 'BadRequestError',
        errors: [{ path: 'notSentSince', rule: 'datetime' }],
      });
    }
  });
});
