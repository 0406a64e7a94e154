import { createHash } from 'node:crypto';

/** The account and region every local resource lives in (fauxqs uses the same account). */
export const REGION = 'us-east-1';
export const ACCOUNT_ID = '000000000000';
export const PARTITION = 'aws';
export const URL_SUFFIX = 'amazonaws.com';

/** CDK appends an 8-character hash to logical ids: `Submit5FB37002` is `Submit` to people. */
export function shortNameOf(logicalId: string): string {
  const match = /^(.+?)[0-9A-F]{8}$/.exec(logicalId);
  return match?.[1] ?? logicalId;
}

/** A stable pseudo-random string, so a resource keeps its name from one start to the next. */
export function stableSuffix(seed: string, length: number, alphabet: string): string {
  const digest = createHash('sha256').update(seed).digest();
  let out = '';
  for (let i = 0; i < length; i += 1) {
    out += alphabet[(digest[i] ?? 0) % alphabet.length];
  }
  return out;
}

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * The name CloudFormation generates for a resource without an explicit one:
 * `<stack>-<logicalId>-<random>`, shortened to the service's limit.
 */
export function generatedName(
  stackName: string,
  logicalId: string,
  maxLength: number,
  ending = '',
): string {
  const suffix = `-${stableSuffix(`${stackName}/${logicalId}`, 12, UPPER_ALNUM)}${ending}`;
  const prefix = `${stackName}-${logicalId}`.slice(0, maxLength - suffix.length);
  return `${prefix}${suffix}`;
}

/** An API Gateway style id (ten lower-case characters). */
export function generatedId(seed: string): string {
  return stableSuffix(seed, 10, LOWER_ALNUM);
}

export function arn(service: string, resource: string, region: string = REGION): string {
  return `arn:${PARTITION}:${service}:${region}:${ACCOUNT_ID}:${resource}`;
}
