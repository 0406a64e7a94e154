import type { Node } from 'constructs';

/** Steady requests per second the API stage lets through, and the burst above them. */
export interface ApiThrottle {
  rateLimit: number;
  burstLimit: number;
}

/** AWS WAF in front of the API (lib/constructs/edge-firewall.ts), when a stage has it. */
export interface WafSettings {
  /** Requests one IP address may send in 5 minutes before WAF answers it 429. */
  ratePerIp: number;
  /** An existing CloudFront web ACL to use instead of making one (stacks outside us-east-1). */
  webAclArn?: string;
}

export interface OperationsSettings {
  /** Where the alarms send their notifications, when someone is to be mailed. */
  alarmEmail?: string;
  apiThrottle: ApiThrottle;
  waf?: WafSettings;
}

/**
 * 2,000 requests in 5 minutes (about 7 a second, sustained) from one address: above what one
 * client of the service sends (a user key's own limit is 100 a minute), far below a flood.
 */
export const DEFAULT_WAF_RATE_PER_IP = 2_000;

// A CloudFront web ACL's ARN: global scope, always in us-east-1.
const CLOUDFRONT_WEB_ACL_ARN =
  /^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]{1,128}\/[0-9a-f-]{36}$/;

/**
 * The stage's defaults: far above what the service's benchmarks drive (docs/benchmarks.md)
 * and far below the account's 10,000 rps, so a keyless flood is cut at the gateway long
 * before it takes every function instance.
 */
export const DEFAULT_API_THROTTLE: ApiThrottle = { rateLimit: 500, burstLimit: 1_000 };

/**
 * Route classes with a share of their own, well under the stage's: the keyless routes
 * (`public`: health checks and the OpenAPI document), which anyone can flood without a key,
 * and the admin routes (`ops`), a handful of calls a minute when healthy.
 */
export const ROUTE_CLASS_THROTTLE: Record<'Public' | 'Ops', ApiThrottle> = {
  Public: { rateLimit: 50, burstLimit: 100 },
  Ops: { rateLimit: 20, burstLimit: 40 },
};

// Enough to catch a typo (no @, a space, no domain dot); SNS confirms the address itself.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function readPositiveInteger(
  node: Node,
  key: string,
  fallback: number,
  bounds = { min: 1, max: 100_000 },
): number {
  const given = node.tryGetContext(key) as unknown;
  if (given === undefined) return fallback;
  const value = Number(given);
  if (!Number.isInteger(value) || value < bounds.min || value > bounds.max) {
    throw new Error(
      `-c ${key}=${String(given)}: give a whole number from ${bounds.min} to ${bounds.max}`,
    );
  }
  return value;
}

/**
 * `-c waf=true` (off by default in every stage: CloudFront and WAF cost per request and per
 * rule), `-c wafRatePerIp=...`, `-c wafWebAclArn=...` (which implies waf=true).
 */
function readWafSettings(node: Node): WafSettings | undefined {
  const given = node.tryGetContext('waf') as unknown;
  if (given !== undefined && !['true', 'false', true, false].includes(given as string | boolean)) {
    throw new Error(`-c waf must be true or false, not ${JSON.stringify(given)}`);
  }
  const givenArn = node.tryGetContext('wafWebAclArn') as unknown;
  const webAclArn = givenArn === undefined ? undefined : String(givenArn);
  if (webAclArn !== undefined && !CLOUDFRONT_WEB_ACL_ARN.test(webAclArn)) {
    throw new Error(
      `-c wafWebAclArn=${webAclArn}: give the ARN of a CloudFront (global, us-east-1) web ACL`,
    );
  }
  if (String(given) === 'false' && webAclArn !== undefined) {
    throw new Error('-c wafWebAclArn with -c waf=false: give one or the other');
  }
  if (String(given) !== 'true' && webAclArn === undefined) return undefined;
  // WAF's own bounds for a rate-based rule's limit.
  const ratePerIp = readPositiveInteger(node, 'wafRatePerIp', DEFAULT_WAF_RATE_PER_IP, {
    min: 10,
    max: 2_000_000_000,
  });
  return { ratePerIp, ...(webAclArn ? { webAclArn } : {}) };
}

/**
 * Reads how the stack is operated from CDK context: `-c alarmEmail=...`,
 * `-c apiThrottleRate=...`, `-c apiThrottleBurst=...`; a value that cannot be meant fails
 * the synth instead of deploying an alarm that mails nobody or a stage that lets nothing through.
 */
export function readOperationsSettings(node: Node): OperationsSettings {
  const givenEmail = node.tryGetContext('alarmEmail') as unknown;
  const alarmEmail = givenEmail === undefined ? undefined : String(givenEmail);
  if (alarmEmail !== undefined && !EMAIL.test(alarmEmail)) {
    throw new Error(`-c alarmEmail=${alarmEmail}: give an email address`);
  }
  const rateLimit = readPositiveInteger(node, 'apiThrottleRate', DEFAULT_API_THROTTLE.rateLimit);
  const burstLimit = readPositiveInteger(
    node,
    'apiThrottleBurst',
    Math.max(rateLimit, DEFAULT_API_THROTTLE.burstLimit),
  );
  if (burstLimit < rateLimit) {
    throw new Error(
      `-c apiThrottleBurst=${burstLimit} is below the rate ${rateLimit}: a burst holds at least a second's requests`,
    );
  }
  return { alarmEmail, apiThrottle: { rateLimit, burstLimit }, waf: readWafSettings(node) };
}
