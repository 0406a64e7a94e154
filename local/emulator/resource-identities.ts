import { ACCOUNT_ID, arn, generatedId, generatedName } from './aws-identity';
import type { ResolveContext, ResourceIdentity } from './intrinsics';
import { resolveString } from './intrinsics';
import { isRecord, type JsonRecord, optionalString, recordOrEmpty } from './json';

export interface LocalEndpoints {
  /** Builds a queue URL the way the local SQS does. */
  queueUrl(name: string): string;
  /** The emulator's own HTTP API address. */
  apiUrl: string;
}

/**
 * Physical names and ARNs of the resources the emulator creates, computed before anything
 * exists so that intrinsics can refer to any of them. Names are stable from one start to
 * the next, which saved queue contents rely on.
 */
export function buildResolveContext(
  stackName: string,
  template: JsonRecord,
  endpoints: LocalEndpoints,
): ResolveContext {
  const parameters: Record<string, string> = {};
  for (const [name, parameter] of Object.entries(recordOrEmpty(template.Parameters))) {
    const fallback = recordOrEmpty(parameter).Default;
    if (fallback !== undefined) parameters[name] = String(fallback);
  }
  const identities = new Map<string, ResourceIdentity>();
  const context: ResolveContext = {
    stackName,
    identities,
    parameters,
    mappings: recordOrEmpty(template.Mappings),
  };
  const resources = Object.entries(recordOrEmpty(template.Resources));
  // Explicit names may themselves be intrinsics over other resources: resolve in two passes,
  // generated names first.
  for (const explicitPass of [false, true]) {
    for (const [logicalId, resource] of resources) {
      if (!isRecord(resource)) continue;
      const type = optionalString(resource.Type) ?? '';
      const properties = recordOrEmpty(resource.Properties);
      const nameProperty = EXPLICIT_NAME[type];
      const hasExplicitName = nameProperty !== undefined && properties[nameProperty] !== undefined;
      if (hasExplicitName !== explicitPass) continue;
      const name = (maxLength: number, ending = '') =>
        nameProperty && hasExplicitName
          ? resolveString(properties[nameProperty], context, `${nameProperty} of ${logicalId}`)
          : generatedName(stackName, logicalId, maxLength, ending);
      const identity = identify(type, logicalId, properties, name, endpoints);
      if (identity) identities.set(logicalId, identity);
    }
  }
  return context;
}

const EXPLICIT_NAME: Record<string, string> = {
  'AWS::SQS::Queue': 'QueueName',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::Events::Rule': 'Name',
};

function identify(
  type: string,
  logicalId: string,
  properties: JsonRecord,
  name: (maxLength: number, ending?: string) => string,
  endpoints: LocalEndpoints,
): ResourceIdentity | undefined {
  switch (type) {
    case 'AWS::SQS::Queue': {
      const fifo = String(properties.FifoQueue) === 'true';
      const queueName = name(80, fifo ? '.fifo' : '');
      const url = endpoints.queueUrl(queueName);
      const attributes = { Arn: arn('sqs', queueName), QueueName: queueName, QueueUrl: url };
      return { type, ref: url, attributes };
    }
    case 'AWS::DynamoDB::Table': {
      const tableName = name(255);
      const tableArn = arn('dynamodb', `table/${tableName}`);
      return { type, ref: tableName, attributes: { Arn: tableArn } };
    }
    case 'AWS::Lambda::Function': {
      const functionName = name(64);
      return {
        type,
        ref: functionName,
        attributes: { Arn: arn('lambda', `function:${functionName}`) },
      };
    }
    case 'AWS::Logs::LogGroup': {
      const groupName = name(512);
      return { type, ref: groupName, attributes: { Arn: arn('logs', `log-group:${groupName}:*`) } };
    }
    case 'AWS::IAM::Role': {
      const roleName = name(64);
      const roleArn = `arn:aws:iam::${ACCOUNT_ID}:role/${roleName}`;
      return { type, ref: roleName, attributes: { Arn: roleArn, RoleId: generatedId(roleArn) } };
    }
    case 'AWS::Events::Rule': {
      const ruleName = name(64);
      return { type, ref: ruleName, attributes: { Arn: arn('events', `rule/${ruleName}`) } };
    }
    case 'AWS::ApiGatewayV2::Api': {
      const apiId = generatedId(logicalId);
      const attributes = { ApiId: apiId, ApiEndpoint: endpoints.apiUrl };
      return { type, ref: apiId, attributes };
    }
    case 'AWS::ApiGatewayV2::Integration':
    case 'AWS::ApiGatewayV2::Route':
      return { type, ref: generatedId(logicalId).slice(0, 7), attributes: {} };
    case 'AWS::ApiGatewayV2::Stage':
      return { type, ref: optionalString(properties.StageName) ?? '$default', attributes: {} };
    default:
      return undefined;
  }
}
