import { type ResolveContext, resolveString, resolveValue } from './intrinsics';
import { arrayOrEmpty, type JsonRecord, optionalString, recordOrEmpty } from './json';

export interface QueueSpec {
  logicalId: string;
  name: string;
  arn: string;
  url: string;
  /** SQS attributes, as strings, RedrivePolicy as JSON. */
  attributes: Record<string, string>;
  tags: Record<string, string>;
  deadLetterArn?: string;
}

const QUEUE_ATTRIBUTES = [
  'VisibilityTimeout',
  'MessageRetentionPeriod',
  'DelaySeconds',
  'MaximumMessageSize',
  'ReceiveMessageWaitTimeSeconds',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'SqsManagedSseEnabled',
];

/** An AWS::SQS::Queue as fauxqs creates it; `visibilityTimeoutSeconds` is the test knob. */
export function readQueue(
  logicalId: string,
  properties: JsonRecord,
  context: ResolveContext,
  visibilityTimeoutSeconds: number | undefined,
): QueueSpec {
  const identity = context.identities.get(logicalId);
  const name = identity?.attributes.QueueName;
  const arn = identity?.attributes.Arn;
  if (!identity || !name || !arn) throw new Error(`Queue ${logicalId} has no identity`);
  const where = (property: string) => `${property} of queue ${logicalId}`;
  const attributes: Record<string, string> = {};
  for (const attribute of QUEUE_ATTRIBUTES) {
    if (properties[attribute] === undefined) continue;
    attributes[attribute] = resolveString(properties[attribute], context, where(attribute));
  }
  if (visibilityTimeoutSeconds !== undefined) {
    attributes.VisibilityTimeout = String(visibilityTimeoutSeconds);
  }
  let deadLetterArn: string | undefined;
  for (const policy of ['RedrivePolicy', 'RedriveAllowPolicy']) {
    if (properties[policy] === undefined) continue;
    const resolved = resolveValue(properties[policy], context, where(policy));
    const text = typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
    attributes[policy] = text;
    if (policy === 'RedrivePolicy') {
      deadLetterArn = optionalString(recordOrEmpty(JSON.parse(text)).deadLetterTargetArn);
    }
  }
  const tags: Record<string, string> = {};
  for (const tag of arrayOrEmpty(resolveValue(properties.Tags, context, where('Tags')))) {
    const key = optionalString(recordOrEmpty(tag).Key);
    if (key) tags[key] = String(recordOrEmpty(tag).Value ?? '');
  }
  return { logicalId, name, arn, url: identity.ref, attributes, tags, deadLetterArn };
}
