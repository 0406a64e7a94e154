import { Duration, Fn, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { WafSettings } from '../operations-settings';

/** A web ACL for CloudFront lives in us-east-1, whatever the region of what it protects. */
const CLOUDFRONT_WEB_ACL_REGION = 'us-east-1';

export interface EdgeFirewallProps {
  api: apigw.HttpApi;
  settings: WafSettings;
}

/**
 * AWS WAF in front of the HTTP API, which cannot carry a web ACL itself: a CloudFront
 * distribution that passes every request through (nothing cached: each answer differs by key)
 * with a web ACL on it. The ACL blocks an IP address past its request rate (a 429, as the
 * service's own limits answer), addresses on Amazon's reputation list, and known bad inputs.
 * Made here when the stack is in us-east-1, or an existing CloudFront ACL given by ARN.
 */
export class EdgeFirewall extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: EdgeFirewallProps) {
    super(scope, id);
    this.webAclArn = props.settings.webAclArn ?? this.createWebAcl(props.settings.ratePerIp);
    // The API's host, from its endpoint (https://<id>.execute-api.<region>.amazonaws.com).
    const apiHost = Fn.select(2, Fn.split('/', props.api.apiEndpoint));
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'rename-feedback: AWS WAF in front of the HTTP API',
      webAclId: this.webAclArn,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: new origins.HttpOrigin(apiHost, {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          // Above the HTTP API's 29 s integration timeout: the gateway's answer comes first.
          readTimeout: Duration.seconds(30),
        }),
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        cachePolicy: this.passThroughCachePolicy(),
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
    });
    const acknowledge = (findingId: string, reason: string) =>
      Validations.of(this.distribution).acknowledge({ id: findingId, reason });
    acknowledge(
      'AwsSolutions-CFR1',
      'The API serves callers in any country; per-IP rate limits and reputation lists are the filters, not geography',
    );
    acknowledge(
      'AwsSolutions-CFR3',
      "The HTTP API stage writes a JSON access log of every request that passes (lib/constructs/http-api.ts), and WAF's sampled requests show what it blocked; a second log in S3 would repeat the first",
    );
    acknowledge(
      'AwsSolutions-CFR4',
      "The distribution's default *.cloudfront.net certificate: CloudFront sets its TLS policy only with a custom domain's certificate, which this stack does not own",
    );
  }

  /**
   * Passes every request on with its Authorization header. CloudFront forwards that header on
   * a GET only when the cache key holds it, and a cache key needs a TTL above 0: the
   * answers say `Cache-Control: no-store`, which CloudFront honours, so nothing is kept.
   */
  private passThroughCachePolicy(): cloudfront.ICachePolicy {
    return new cloudfront.CachePolicy(this, 'PassThrough', {
      comment: 'Nothing cached (no-store answers); Authorization and query forwarded',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Authorization'),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
    });
  }

  private createWebAcl(ratePerIp: number): string {
    const region = Stack.of(this).region;
    if (Token.isUnresolved(region) || region !== CLOUDFRONT_WEB_ACL_REGION) {
      throw new Error(
        `-c waf=true makes a web ACL for CloudFront, which AWS keeps in ${CLOUDFRONT_WEB_ACL_REGION}: ` +
          `deploy this stack there (CDK_DEFAULT_REGION=${CLOUDFRONT_WEB_ACL_REGION}), or make one there ` +
          '(scope CLOUDFRONT) and give -c wafWebAclArn=<its ARN>',
      );
    }
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });
    const managed = (priority: number, name: string): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      visibilityConfig: visibility(name),
    });
    const acl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('RenameFeedbackEdge'),
      customResponseBodies: {
        TooManyRequests: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({
            type: 'about:blank',
            title: 'Too Many Requests',
            status: 429,
            detail: `More than ${ratePerIp} requests in 5 minutes from this address; retry later`,
          }),
        },
      },
      rules: [
        {
          name: 'RatePerIp',
          priority: 0,
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                customResponseBodyKey: 'TooManyRequests',
                responseHeaders: [{ name: 'retry-after', value: '300' }],
              },
            },
          },
          statement: {
            rateBasedStatement: {
              limit: ratePerIp,
              aggregateKeyType: 'IP',
              evaluationWindowSec: 300,
            },
          },
          visibilityConfig: visibility('RatePerIp'),
        },
        managed(1, 'AWSManagedRulesAmazonIpReputationList'),
        // Not the common rule set: its 8 KB body limit would block a batch of feedback.
        managed(2, 'AWSManagedRulesKnownBadInputsRuleSet'),
      ],
    });
    return acl.attrArn;
  }
}
