import type { StackArtifact } from './assembly';
import { type FunctionSpec, readFunction } from './function-spec';
import { type HttpApiSpec, readHttpApi } from './http-api-spec';
import { isRecord, optionalString, recordOrEmpty } from './json';
import { type QueueSpec, readQueue } from './queue-spec';
import { buildResolveContext, type LocalEndpoints } from './resource-identities';
import { readTableSpec, type TableSpec } from './table-spec';
import {
  type EventSourceMappingSpec,
  readEventSourceMapping,
  readRule,
  type ScheduleSpec,
} from './trigger-specs';

export type { RouteSpec } from './http-api-spec';
export type {
  EventSourceMappingSpec,
  FunctionSpec,
  HttpApiSpec,
  QueueSpec,
  ScheduleSpec,
  TableSpec,
};

export interface StackModel {
  stackName: string;
  queues: QueueSpec[];
  tables: TableSpec[];
  functions: FunctionSpec[];
  eventSourceMappings: EventSourceMappingSpec[];
  schedules: ScheduleSpec[];
  api?: HttpApiSpec;
  /** What the template holds that has no local meaning (IAM, logs, alarms...), for the log. */
  notes: string[];
}

export interface StackModelOptions {
  endpoints: LocalEndpoints;
  visibilityTimeoutSeconds?: number;
  /** Variables the caller sets itself: the template's values for them are not resolved. */
  environmentOverrides: ReadonlySet<string>;
}

/** Lambda's defaults when the template does not say. */
const HANDLED_TYPES = new Set([
  'AWS::SQS::Queue',
  'AWS::DynamoDB::Table',
  'AWS::Lambda::Function',
  'AWS::Lambda::EventSourceMapping',
  'AWS::Events::Rule',
  'AWS::ApiGatewayV2::Api',
  'AWS::ApiGatewayV2::Route',
  'AWS::ApiGatewayV2::Integration',
  'AWS::ApiGatewayV2::Stage',
]);

/** Reads the resources the emulator runs from a synthesized template, resolving intrinsics. */
export function readStackModel(artifact: StackArtifact, options: StackModelOptions): StackModel {
  const { template, stackName } = artifact;
  const context = buildResolveContext(stackName, template, options.endpoints);
  const resources = Object.entries(recordOrEmpty(template.Resources)).flatMap(([id, r]) =>
    isRecord(r) ? [{ logicalId: id, type: optionalString(r.Type) ?? '', resource: r }] : [],
  );
  const ofType = (type: string) => resources.filter((r) => r.type === type);
  const byArn = new Map<string, string>();
  const byRef = new Map<string, string>();
  for (const [logicalId, identity] of context.identities) {
    byRef.set(identity.ref, logicalId);
    if (identity.attributes.Arn) byArn.set(identity.attributes.Arn, logicalId);
  }
  const functionNamed = (value: string, where: string): string => {
    // A function is named by its name, its ARN, or an ARN with a qualifier.
    const bare = value.replace(/^(arn:[^:]+:lambda:[^:]+:\d+:function:[^:/]+)(:[^/]*)?$/, '$1');
    const logicalId = byArn.get(bare) ?? byRef.get(bare);
    if (!logicalId || context.identities.get(logicalId)?.type !== 'AWS::Lambda::Function') {
      throw new Error(`${where}: ${value} is not a function of this stack`);
    }
    return logicalId;
  };

  const notes: string[] = [];
  const ignored = new Map<string, number>();
  for (const { type } of resources) {
    if (!HANDLED_TYPES.has(type)) ignored.set(type, (ignored.get(type) ?? 0) + 1);
  }
  if (ignored.size > 0) {
    const list = [...ignored].map(([type, count]) => `${type} x${count}`).join(', ');
    notes.push(`not emulated (no local meaning): ${list}`);
  }

  const queues = ofType('AWS::SQS::Queue').map(({ logicalId, resource }) =>
    readQueue(
      logicalId,
      recordOrEmpty(resource.Properties),
      context,
      options.visibilityTimeoutSeconds,
    ),
  );
  const tables = ofType('AWS::DynamoDB::Table').map(({ logicalId, resource }) => {
    const table = readTableSpec(logicalId, recordOrEmpty(resource.Properties), context);
    notes.push(...table.notes);
    return table;
  });
  const functions = ofType('AWS::Lambda::Function').map(({ logicalId, resource }) =>
    readFunction(logicalId, resource, artifact, context, options.environmentOverrides),
  );
  const queueByArn = new Map(queues.map((q) => [q.arn, q.logicalId]));
  const eventSourceMappings = ofType('AWS::Lambda::EventSourceMapping').flatMap(
    ({ logicalId, resource }) => {
      const mapping = readEventSourceMapping(
        logicalId,
        resource,
        context,
        queueByArn,
        functionNamed,
      );
      if (mapping === 'disabled') notes.push(`event source mapping ${logicalId} is disabled`);
      return mapping === 'disabled' ? [] : [mapping];
    },
  );
  const schedules = ofType('AWS::Events::Rule').flatMap(({ logicalId, resource }) => {
    const rule = readRule(logicalId, resource, context, functionNamed);
    if (typeof rule === 'string') notes.push(rule);
    return typeof rule === 'string' ? [] : [rule];
  });
  const api = readHttpApi(resources, context, functionNamed);
  return { stackName, queues, tables, functions, eventSourceMappings, schedules, api, notes };
}
