import { type ResolveContext, resolveString, resolveValue } from './intrinsics';
import {
  arrayOrEmpty,
  type JsonRecord,
  optionalNumber,
  optionalString,
  recordOrEmpty,
} from './json';

export interface EventSourceMappingSpec {
  logicalId: string;
  functionLogicalId: string;
  queueLogicalId: string;
  batchSize: number;
  batchingWindowSeconds: number;
  reportBatchItemFailures: boolean;
  maximumConcurrency?: number;
}

export interface ScheduleSpec {
  logicalId: string;
  name: string;
  arn: string;
  expression: string;
  targets: { id: string; functionLogicalId: string; input?: unknown }[];
}

/** An AWS::Lambda::EventSourceMapping over a queue of the stack. */
export function readEventSourceMapping(
  logicalId: string,
  resource: JsonRecord,
  context: ResolveContext,
  queueByArn: ReadonlyMap<string, string>,
  functionNamed: (value: string, where: string) => string,
): EventSourceMappingSpec | 'disabled' {
  const properties = recordOrEmpty(resource.Properties);
  const where = `event source mapping ${logicalId}`;
  if (properties.Enabled === false || properties.Enabled === 'false') return 'disabled';
  const sourceArn = resolveString(properties.EventSourceArn, context, `EventSourceArn of ${where}`);
  const queueLogicalId = queueByArn.get(sourceArn);
  if (!queueLogicalId) {
    throw new Error(`${where}: only SQS queues of this stack are supported, not ${sourceArn}`);
  }
  if (properties.FilterCriteria !== undefined) {
    throw new Error(`${where}: FilterCriteria is not supported by the local emulator`);
  }
  const functionName = resolveString(properties.FunctionName, context, `FunctionName of ${where}`);
  const responseTypes = arrayOrEmpty(properties.FunctionResponseTypes);
  const maximumConcurrency = optionalNumber(
    recordOrEmpty(properties.ScalingConfig).MaximumConcurrency,
  );
  return {
    logicalId,
    functionLogicalId: functionNamed(functionName, where),
    queueLogicalId,
    batchSize: optionalNumber(properties.BatchSize) ?? 10,
    batchingWindowSeconds: optionalNumber(properties.MaximumBatchingWindowInSeconds) ?? 0,
    reportBatchItemFailures: responseTypes.includes('ReportBatchItemFailures'),
    ...(maximumConcurrency === undefined ? {} : { maximumConcurrency }),
  };
}

/** An AWS::Events::Rule with a schedule; a reason in words when it is not one the emulator runs. */
export function readRule(
  logicalId: string,
  resource: JsonRecord,
  context: ResolveContext,
  functionNamed: (value: string, where: string) => string,
): ScheduleSpec | string {
  const properties = recordOrEmpty(resource.Properties);
  const identity = context.identities.get(logicalId);
  const expression = optionalString(properties.ScheduleExpression);
  if (!expression) return `rule ${logicalId} reacts to events, not a schedule: not emulated`;
  if (properties.State === 'DISABLED') return `rule ${logicalId} is disabled`;
  const targets = arrayOrEmpty(properties.Targets).map((raw, index) => {
    const target = recordOrEmpty(raw);
    const where = `target ${index} of rule ${logicalId}`;
    if (target.InputPath !== undefined || target.InputTransformer !== undefined) {
      throw new Error(`${where}: InputPath and InputTransformer are not supported locally`);
    }
    const input = optionalString(resolveValue(target.Input, context, where));
    return {
      id: optionalString(target.Id) ?? String(index),
      functionLogicalId: functionNamed(resolveString(target.Arn, context, where), where),
      ...(input === undefined ? {} : { input: JSON.parse(input) as unknown }),
    };
  });
  return {
    logicalId,
    name: identity?.ref ?? logicalId,
    arn: identity?.attributes.Arn ?? logicalId,
    expression,
    targets,
  };
}
