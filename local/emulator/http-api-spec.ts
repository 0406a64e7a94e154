import { type ResolveContext, resolveString } from './intrinsics';
import { type JsonRecord, optionalNumber, optionalString, recordOrEmpty } from './json';

export interface RouteSpec {
  logicalId: string;
  routeKey: string;
  functionLogicalId: string;
  /** The integration's timeout: API Gateway answers 503 when the function is slower. */
  timeoutMs: number;
}

export interface HttpApiSpec {
  logicalId: string;
  apiId: string;
  routes: RouteSpec[];
}

const DEFAULT_INTEGRATION_TIMEOUT_MS = 30_000;

type Resource = { logicalId: string; type: string; resource: JsonRecord };

/** The stack's HTTP API (AWS::ApiGatewayV2::*): its routes and the function behind each. */
export function readHttpApi(
  resources: Resource[],
  context: ResolveContext,
  functionNamed: (value: string, where: string) => string,
): HttpApiSpec | undefined {
  const apis = resources.filter((r) => r.type === 'AWS::ApiGatewayV2::Api');
  const [api, ...others] = apis;
  if (!api) return undefined;
  if (others.length > 0) throw new Error('The local emulator serves one HTTP API per stack');
  const protocol = recordOrEmpty(api.resource.Properties).ProtocolType;
  if (protocol !== 'HTTP') throw new Error(`API ${api.logicalId}: only HTTP APIs are supported`);
  const stages = resources.filter((r) => r.type === 'AWS::ApiGatewayV2::Stage');
  const stageNames = stages.map((s) => context.identities.get(s.logicalId)?.ref);
  if (stages.length > 0 && !stageNames.includes('$default')) {
    throw new Error(`API ${api.logicalId}: only the $default stage is served locally`);
  }

  const integrations = new Map<string, { functionLogicalId: string; timeoutMs: number }>();
  for (const { logicalId, resource } of resources) {
    if (context.identities.get(logicalId)?.type !== 'AWS::ApiGatewayV2::Integration') continue;
    const properties = recordOrEmpty(resource.Properties);
    const where = `integration ${logicalId}`;
    if (properties.IntegrationType !== 'AWS_PROXY') {
      throw new Error(`${where}: only Lambda proxy (AWS_PROXY) integrations are supported`);
    }
    if (String(properties.PayloadFormatVersion) !== '2.0') {
      throw new Error(`${where}: only payload format version 2.0 is supported`);
    }
    const uri = resolveString(properties.IntegrationUri, context, `IntegrationUri of ${where}`);
    // Either the function ARN itself or the older `.../functions/<arn>/invocations` form.
    const functionArn = /functions\/(arn:[^/]+)\/invocations$/.exec(uri)?.[1] ?? uri;
    const timeoutMs = optionalNumber(properties.TimeoutInMillis) ?? DEFAULT_INTEGRATION_TIMEOUT_MS;
    integrations.set(context.identities.get(logicalId)?.ref ?? logicalId, {
      functionLogicalId: functionNamed(functionArn, where),
      timeoutMs,
    });
  }

  const routes = resources
    .filter((r) => r.type === 'AWS::ApiGatewayV2::Route')
    .map(({ logicalId, resource }) => {
      const properties = recordOrEmpty(resource.Properties);
      const where = `route ${logicalId}`;
      const authorization = optionalString(properties.AuthorizationType) ?? 'NONE';
      if (authorization !== 'NONE') {
        throw new Error(`${where}: ${authorization} authorization is not emulated locally`);
      }
      const routeKey = resolveString(properties.RouteKey, context, `RouteKey of ${where}`);
      const target = resolveString(properties.Target, context, `Target of ${where}`);
      const integration = integrations.get(target.replace(/^integrations\//, ''));
      if (!integration) throw new Error(`${where}: target ${target} is not an integration`);
      return { logicalId, routeKey, ...integration };
    });
  const apiId = context.identities.get(api.logicalId)?.ref ?? api.logicalId;
  return { logicalId: api.logicalId, apiId, routes };
}
