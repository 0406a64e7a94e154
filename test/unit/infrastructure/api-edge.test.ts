import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_LOG_FIELDS } from '../../../lib/constructs/http-api';
import { createApp } from '../../../lib/create-app';
import { DEFAULT_API_THROTTLE, ROUTE_CLASS_THROTTLE } from '../../../lib/operations-settings';

const root = mkdtempSync(path.join(tmpdir(), 'rename-feedback-api-edge-'));
let template: Template;

/** A stage's template without bundling: what is asserted is the gateway, not the code. */
function synth(context: Record<string, unknown> = {}): Template {
  const outdir = mkdtempSync(path.join(root, 'out-'));
  const full = { stage: 'dev', 'aws:cdk:bundling-stacks': [], ...context };
  return Template.fromStack(createApp({ outdir, context: full }).stack);
}

type Resource = { Properties: Record<string, unknown> };

function stageOf(t: Template): Record<string, unknown> {
  const stages = Object.values(
    t.findResources('AWS::ApiGatewayV2::Stage') as Record<string, Resource>,
  );
  expect(stages).toHaveLength(1);
  return stages[0]?.Properties ?? {};
}

beforeAll(() => {
  template = synth();
}, 60_000);
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('the API stage', () => {
  it('is the $default stage, deployed on every change', () => {
    expect(stageOf(template)).toMatchObject({ StageName: '$default', AutoDeploy: true });
  });

  it('throttles every route at the stage default unless told otherwise', () => {
    expect(stageOf(template).DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: DEFAULT_API_THROTTLE.rateLimit,
      ThrottlingBurstLimit: DEFAULT_API_THROTTLE.burstLimit,
    });
  });

  it('takes the rate and the burst from -c apiThrottleRate and -c apiThrottleBurst', () => {
    const t = synth({ apiThrottleRate: '50', apiThrottleBurst: '80' });
    expect(stageOf(t).DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: 50,
      ThrottlingBurstLimit: 80,
    });
  });

  it.each([
    [{ apiThrottleRate: '0' }, /apiThrottleRate/],
    [{ apiThrottleRate: 'fast' }, /apiThrottleRate/],
    [{ apiThrottleBurst: '2.5' }, /apiThrottleBurst/],
    [{ apiThrottleRate: '100', apiThrottleBurst: '10' }, /below the rate/],
  ])('refuses a throttle that cannot be meant (%j)', (context, message) => {
    expect(() => synth(context)).toThrow(message);
  });

  it('gives the keyless and the admin routes a share of their own, each route by its key', () => {
    const settings = stageOf(template).RouteSettings as Record<string, Record<string, number>>;
    expect(settings['GET /v1/health']).toEqual({
      ThrottlingRateLimit: ROUTE_CLASS_THROTTLE.Public.rateLimit,
      ThrottlingBurstLimit: ROUTE_CLASS_THROTTLE.Public.burstLimit,
    });
    expect(settings['GET /v1/openapi.json']).toEqual(settings['GET /v1/health']);
    for (const key of ['POST /v1/admin/dlq/redrive', 'POST /v1/keys', 'GET /v1/training-data']) {
      expect(settings[key], key).toEqual({
        ThrottlingRateLimit: ROUTE_CLASS_THROTTLE.Ops.rateLimit,
        ThrottlingBurstLimit: ROUTE_CLASS_THROTTLE.Ops.burstLimit,
      });
    }
    // Submit, metrics and experiments share the stage's limits.
    expect(settings['POST /v1/feedback']).toBeUndefined();
  });

  it('never lets a route class above a stage throttled lower', () => {
    const settings = stageOf(synth({ apiThrottleRate: '10', apiThrottleBurst: '10' }))
      .RouteSettings as Record<string, Record<string, number>>;
    expect(settings['GET /v1/health']).toEqual({
      ThrottlingRateLimit: 10,
      ThrottlingBurstLimit: 10,
    });
  });

  it('is created after the routes its settings name, which must exist first', () => {
    const stages = template.findResources('AWS::ApiGatewayV2::Stage') as Record<
      string,
      { DependsOn?: string[] }
    >;
    const dependsOn = Object.values(stages)[0]?.DependsOn ?? [];
    const routes = template.findResources('AWS::ApiGatewayV2::Route', {
      Properties: { RouteKey: 'GET /v1/health' },
    });
    expect(dependsOn).toEqual(expect.arrayContaining(Object.keys(routes)));
  });
});

describe('access logs', () => {
  it('write one JSON line per request, with its id, caller, route, answer, latency and gateway error', () => {
    const settings = stageOf(template).AccessLogSettings as {
      DestinationArn: unknown;
      Format: string;
    };
    const fields = JSON.parse(settings.Format) as Record<string, string>;
    expect(fields).toEqual(ACCESS_LOG_FIELDS);
    for (const field of [
      'requestId',
      'ip',
      'routeKey',
      'status',
      'responseLatency',
      'integrationError',
    ]) {
      expect(fields, field).toHaveProperty(field);
    }
  });

  it("go to a log group kept as long as the functions' logs, and destroyed with a dev stack", () => {
    const groups = template.findResources('AWS::Logs::LogGroup') as Record<
      string,
      Resource & { DeletionPolicy?: string }
    >;
    const [id, group] =
      Object.entries(groups).find(([logicalId]) => logicalId.startsWith('HttpAccessLogs')) ?? [];
    expect(id).toBeDefined();
    expect(group?.Properties.RetentionInDays).toBe(30);
    expect(group?.DeletionPolicy).toBe('Delete');
    const settings = stageOf(template).AccessLogSettings as { DestinationArn: unknown };
    expect(settings.DestinationArn).toEqual({ 'Fn::GetAtt': [id, 'Arn'] });
  });

  it('are retained in prod', () => {
    const groups = synth({ stage: 'prod' }).findResources('AWS::Logs::LogGroup') as Record<
      string,
      { DeletionPolicy?: string }
    >;
    const entry = Object.entries(groups).find(([id]) => id.startsWith('HttpAccessLogs'));
    expect(entry?.[1].DeletionPolicy).toBe('Retain');
  });
});
