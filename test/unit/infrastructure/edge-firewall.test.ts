import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../../lib/create-app';
import { DEFAULT_WAF_RATE_PER_IP } from '../../../lib/operations-settings';

const root = mkdtempSync(path.join(tmpdir(), 'rename-feedback-edge-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const WEB_ACL_ARN =
  'arn:aws:wafv2:us-east-1:123456789012:global/webacl/shared-edge/1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901';

type Resource = { Properties: Record<string, unknown> };

/** A dev stack's template in `region`, without bundling: the edge is asserted, not the code. */
function synth(region: string, context: Record<string, unknown> = {}): Template {
  vi.stubEnv('CDK_DEFAULT_REGION', region);
  vi.stubEnv('CDK_DEFAULT_ACCOUNT', '123456789012');
  const outdir = mkdtempSync(path.join(root, 'out-'));
  const full = { stage: 'dev', 'aws:cdk:bundling-stacks': [], ...context };
  return Template.fromStack(createApp({ outdir, context: full }).stack);
}

function only(template: Template, type: string): Resource {
  const found = Object.values(template.findResources(type) as Record<string, Resource>);
  expect(found).toHaveLength(1);
  return found[0] as Resource;
}

describe('AWS WAF in front of the API (-c waf=true)', () => {
  it('is off unless asked for: no distribution, no web ACL, ApiUrl the gateway', () => {
    const template = synth('us-east-1');
    template.resourceCountIs('AWS::CloudFront::Distribution', 0);
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    expect(JSON.stringify(template.toJSON().Outputs.ApiUrl)).toContain('ApiEndpoint');
  });

  it('blocks an address past its rate with a 429, and known bad sources and inputs', () => {
    const template = synth('us-east-1', { waf: 'true' });
    const acl = only(template, 'AWS::WAFv2::WebACL').Properties;
    expect(acl.Scope).toBe('CLOUDFRONT');
    expect(acl.DefaultAction).toEqual({ Allow: {} });
    const rules = acl.Rules as {
      Name: string;
      Action?: { Block?: { CustomResponse?: { ResponseCode: number } } };
      Statement: Record<string, Record<string, unknown>>;
    }[];
    const rate = rules.find((rule) => rule.Name === 'RatePerIp');
    expect(rate?.Statement.RateBasedStatement).toEqual({
      Limit: DEFAULT_WAF_RATE_PER_IP,
      AggregateKeyType: 'IP',
      EvaluationWindowSec: 300,
    });
    expect(rate?.Action?.Block?.CustomResponse?.ResponseCode).toBe(429);
    const managed = rules.flatMap((rule) =>
      rule.Statement.ManagedRuleGroupStatement
        ? [rule.Statement.ManagedRuleGroupStatement.Name]
        : [],
    );
    expect(managed).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesKnownBadInputsRuleSet',
    ]);
  });

  it('takes the rate from -c wafRatePerIp, within WAF bounds', () => {
    const template = synth('us-east-1', { waf: 'true', wafRatePerIp: '500' });
    const rules = only(template, 'AWS::WAFv2::WebACL').Properties.Rules as {
      Statement: { RateBasedStatement?: { Limit: number } };
    }[];
    expect(rules[0]?.Statement.RateBasedStatement?.Limit).toBe(500);
    expect(() => synth('us-east-1', { waf: 'true', wafRatePerIp: '5' })).toThrow(/wafRatePerIp/);
    expect(() => synth('us-east-1', { waf: 'yes' })).toThrow(/-c waf must be true or false/);
  });

  it('puts CloudFront before the gateway: the ACL on it, every method, Authorization passed, nothing kept', () => {
    const template = synth('us-east-1', { waf: 'true' });
    const distribution = only(template, 'AWS::CloudFront::Distribution').Properties
      .DistributionConfig as Record<string, unknown>;
    expect(JSON.stringify(distribution.WebACLId)).toContain('WebAcl');
    const behavior = distribution.DefaultCacheBehavior as Record<string, unknown>;
    expect(behavior.AllowedMethods).toEqual(
      expect.arrayContaining(['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'OPTIONS', 'HEAD']),
    );
    expect(behavior.ViewerProtocolPolicy).toBe('https-only');
    const origin = (
      distribution.Origins as { DomainName: unknown; CustomOriginConfig: unknown }[]
    )[0];
    expect(JSON.stringify(origin?.DomainName)).toContain('ApiEndpoint');
    expect(origin?.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only' });
    const policy = only(template, 'AWS::CloudFront::CachePolicy').Properties.CachePolicyConfig as {
      DefaultTTL: number;
      MinTTL: number;
      ParametersInCacheKeyAndForwardedToOrigin: {
        HeadersConfig: { Headers: string[] };
        QueryStringsConfig: { QueryStringBehavior: string };
      };
    };
    expect(policy).toMatchObject({ DefaultTTL: 0, MinTTL: 0 });
    expect(policy.ParametersInCacheKeyAndForwardedToOrigin.HeadersConfig.Headers).toEqual([
      'Authorization',
    ]);
    expect(
      policy.ParametersInCacheKeyAndForwardedToOrigin.QueryStringsConfig.QueryStringBehavior,
    ).toBe('all');
  });

  it('makes ApiUrl the distribution, and names the gateway and the ACL apart', () => {
    const outputs = synth('us-east-1', { waf: 'true' }).toJSON().Outputs;
    expect(JSON.stringify(outputs.ApiUrl)).toContain('DomainName');
    expect(JSON.stringify(outputs.GatewayUrl)).toContain('ApiEndpoint');
    expect(outputs.WebAclArn).toBeDefined();
  });

  it('outside us-east-1 takes an existing CloudFront ACL by ARN, and makes none', () => {
    expect(() => synth('eu-west-1', { waf: 'true' })).toThrow(/wafWebAclArn/);
    const template = synth('eu-west-1', { wafWebAclArn: WEB_ACL_ARN });
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    const distribution = only(template, 'AWS::CloudFront::Distribution').Properties
      .DistributionConfig as Record<string, unknown>;
    expect(distribution.WebACLId).toBe(WEB_ACL_ARN);
    expect(() =>
      synth('eu-west-1', { wafWebAclArn: WEB_ACL_ARN.replace('us-east-1', 'eu-west-1') }),
    ).toThrow(/CloudFront \(global, us-east-1\) web ACL/);
    expect(() => synth('eu-west-1', { waf: 'false', wafWebAclArn: WEB_ACL_ARN })).toThrow(
      /one or the other/,
    );
  });
});
