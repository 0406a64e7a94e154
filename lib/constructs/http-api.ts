import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ApiThrottle } from '../operations-settings';

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  handler: lambda.IFunction;
}

export interface HttpApiProps {
  routes: RouteSpec[];
  /** What the whole stage lets through: every route's default. */
  throttle: ApiThrottle;
  /**
   * Tighter limits for the routes of one function (a route class): a flood on the keyless
   * health check is cut at its own share, before it reaches the stage's.
   */
  routeClassThrottles: ReadonlyMap<lambda.IFunction, ApiThrottle>;
  /** Keep the access log group when the stack is destroyed (production). */
  retainLogs: boolean;
}

/**
 * One JSON line per request: who asked what, what it answered and how long it took, and,
 * when the gateway itself failed the request (throttled, the integration timed out or
 * failed), why. Bodies, headers and keys are never logged.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integration.status',
  integrationError: '$context.integrationErrorMessage',
  errorMessage: '$context.error.message',
  errorResponseType: '$context.error.responseType',
} as const;

/** The HTTP API (payload format 2.0): each route goes to the function that owns it. */
export class HttpApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    // CORS stays off: the callers are services, not browsers.
    this.api = new apigw.HttpApi(this, 'Api', { createDefaultStage: false });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Every route but the health check and the OpenAPI document authenticates in its function with an API key (hashed, per tenant, revocable; functions/http), before any data is read; a gateway authorizer would add a second invocation to each request for the same check',
    });
    // Kept as long as the functions' own logs.
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    const integrations = new Map<lambda.IFunction, HttpLambdaIntegration>();
    const routeSettings: Record<
      string,
      { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
    > = {};
    for (const route of props.routes) {
      let integration = integrations.get(route.handler);
      if (!integration) {
        integration = new HttpLambdaIntegration(
          `${route.handler.node.id}Integration`,
          route.handler,
          {
            payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
          },
        );
        integrations.set(route.handler, integration);
      }
      const added = this.api.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration,
      });
      const classThrottle = props.routeClassThrottles.get(route.handler);
      if (classThrottle) {
        // Never above the stage's own limits: a route setting can only tighten them.
        routeSettings[`${route.method} ${route.path}`] = {
          ThrottlingRateLimit: Math.min(classThrottle.rateLimit, props.throttle.rateLimit),
          ThrottlingBurstLimit: Math.min(classThrottle.burstLimit, props.throttle.burstLimit),
        };
        // A stage's route setting names a route that must exist already.
        for (const r of added) this.stage.node.addDependency(r);
      }
    }
    // HttpStage has no route settings of its own; CloudFormation's stage has.
    if (Object.keys(routeSettings).length > 0) {
      (this.stage.node.defaultChild as apigw.CfnStage).routeSettings = routeSettings;
    }
  }
}
