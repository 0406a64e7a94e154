import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  handler: lambda.IFunction;
}

/** The HTTP API (payload format 2.0): each route goes to the function that owns it. */
export class HttpApi extends Construct {
  readonly api: apigw.HttpApi;

  constructor(scope: Construct, id: string, routes: RouteSpec[]) {
    super(scope, id);
    // CORS stays off: the callers are services, not browsers.
    this.api = new apigw.HttpApi(this, 'Api', { createDefaultStage: true });
    const integrations = new Map<lambda.IFunction, HttpLambdaIntegration>();
    for (const route of routes) {
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
      this.api.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration,
      });
    }
  }
}
