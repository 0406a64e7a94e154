import type { Node } from 'constructs';

/**
 * Where PostgreSQL and Redis come from. `created`: this stack makes RDS and ElastiCache in
 * its own VPC. `imported`: they exist already and the stack is told how to reach them.
 */
export type DataStoresConfig =
  | { kind: 'created' }
  | {
      kind: 'imported';
      databaseUrl?: string;
      databaseSecretArn?: string;
      redisUrl: string;
      /** A secret holding Redis's AUTH token (`-c redisAuthSecretArn=...`), never the token. */
      redisAuthSecretArn?: string;
    };

export interface StageConfig {
  /** `local`, `dev`, `ci-<name>` (ephemeral, destroys cleanly) or `prod`. */
  name: string;
  dataStores: DataStoresConfig;
  /** Whether stateful resources survive `cdk destroy`. */
  retainData: boolean;
  /**
   * Whether each function reserves its share of the account's concurrency. Reservations need
   * quota (a new account may have 10 in all), so dev and ci-* stacks go without by default.
   */
  reservedConcurrency: boolean;
}

const STAGE_NAME = /^(local|dev|prod|ci-[a-z0-9-]{1,20})$/;

/** Local defaults: the emulator overrides these with the URLs it was started with. */
export const LOCAL_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/rename_feedback';
export const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';

/** Reads the stage from CDK context (`-c stage=dev`), failing on a name we do not know. */
export function readStageConfig(node: Node): StageConfig {
  const name = String(node.tryGetContext('stage') ?? 'dev');
  if (!STAGE_NAME.test(name)) {
    throw new Error(`Unknown stage "${name}": use local, dev, prod or ci-<name>`);
  }
  return {
    ...readDataStores(node, name),
    reservedConcurrency: readReservedConcurrency(node, name),
  };
}

/**
 * `-c reservedConcurrency=true|false`. By default on in prod, and in local, whose emulator
 * throttles a function at its reservation as Lambda would; off in dev and ci-*.
 */
function readReservedConcurrency(node: Node, stage: string): boolean {
  const given: unknown = node.tryGetContext('reservedConcurrency');
  if (given === undefined) return stage === 'prod' || stage === 'local';
  if (given === true || given === 'true') return true;
  if (given === false || given === 'false') return false;
  throw new Error(`-c reservedConcurrency must be true or false, not ${JSON.stringify(given)}`);
}

function readDataStores(node: Node, name: string): Omit<StageConfig, 'reservedConcurrency'> {
  const redisUrl = node.tryGetContext('redisUrl') as string | undefined;
  const databaseSecretArn = node.tryGetContext('databaseSecretArn') as string | undefined;
  const redisAuthSecretArn = node.tryGetContext('redisAuthSecretArn') as string | undefined;
  if (name === 'local') {
    return {
      name,
      retainData: false,
      dataStores: { kind: 'imported', databaseUrl: LOCAL_DATABASE_URL, redisUrl: LOCAL_REDIS_URL },
    };
  }
  if (redisUrl !== undefined || databaseSecretArn !== undefined) {
    if (redisUrl === undefined || databaseSecretArn === undefined) {
      throw new Error(
        'Importing data stores needs both -c databaseSecretArn=... and -c redisUrl=...',
      );
    }
    if (/^rediss?:\/\/[^/]*@/.test(redisUrl)) {
      throw new Error(
        '-c redisUrl must not carry a password (the template would hold it): put the AUTH token in a secret and give -c redisAuthSecretArn=...',
      );
    }
    return {
      name,
      retainData: name === 'prod',
      dataStores: {
        kind: 'imported',
        databaseSecretArn,
        redisUrl,
        ...(redisAuthSecretArn ? { redisAuthSecretArn } : {}),
      },
    };
  }
  if (redisAuthSecretArn !== undefined) {
    throw new Error('-c redisAuthSecretArn=... goes with -c redisUrl=... (imported data stores)');
  }
  return { name, retainData: name === 'prod', dataStores: { kind: 'created' } };
}
