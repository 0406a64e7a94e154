import type { Node } from 'constructs';

/** Steady requests per second the API stage lets through, and the burst above them. */
export interface ApiThrottle {
  rateLimit: number;
  burstLimit: number;
}

export interface OperationsSettings {
  /** Where the alarms send their notifications, when someone is to be mailed. */
  alarmEmail?: string;
  apiThrottle: ApiThrottle;
}

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

function readPositiveInteger(node: Node, key: string, fallback: number): number {
  const given = node.tryGetContext(key) as unknown;
  if (given === undefined) return fallback;
  const value = Number(given);
  if (!Number.isInteger(value) || value < 1 || value > 100_000) {
    throw new Error(`-c ${key}=${String(given)}: give a whole number from 1 to 100000`);
  }
  return value;
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
  return { alarmEmail, apiThrottle: { rateLimit, burstLimit } };
}
