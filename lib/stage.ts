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
      /** Where the functions run to reach them: a VPC of the account's, when they are in one. */
      network?: ImportedNetwork;
    };

/**
 * `-c vpcId=vpc-... -c subnetIds=subnet-a,subnet-b -c securityGroupIds=sg-...`: the
 * functions join these subnets with these security groups (those the data stores admit).
 * The subnets must reach SQS, DynamoDB and Secrets Manager (NAT or endpoints).
 */
export interface ImportedNetwork {
  vpcId: string;
  subnetIds: string[];
  securityGroupIds: string[];
}

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
    const network = readImportedNetwork(node);
    return {
      name,
      retainData: name === 'prod',
      dataStores: {
        kind: 'imported',
        databaseSecretArn,
        redisUrl,
        ...(redisAuthSecretArn ? { redisAuthSecretArn } : {}),
        ...(network ? { network } : {}),
      },
    };
  }
  if (redisAuthSecretArn !== undefined) {
    throw new Error('-c redisAuthSecretArn=... goes with -c redisUrl=... (imported data stores)');
  }
  if (readImportedNetwork(node) !== undefined) {
    throw new Error(
      '-c vpcId=... goes with imported data stores (-c databaseSecretArn=... -c redisUrl=...): a created stack makes its own VPC',
    );
  }
  return { name, retainData: name === 'prod', dataStores: { kind: 'created' } };
}

const NETWORK_IDS = {
  vpcId: /^vpc-[0-9a-f]{8,17}$/,
  subnetIds: /^subnet-[0-9a-f]{8,17}$/,
  securityGroupIds: /^sg-[0-9a-f]{8,17}$/,
} as const;

/** The imported network's three context keys: all or none, each id of its own shape. */
function readImportedNetwork(node: Node): ImportedNetwork | undefined {
  const given = {
    vpcId: node.tryGetContext('vpcId') as string | undefined,
    subnetIds: node.tryGetContext('subnetIds') as string | undefined,
    securityGroupIds: node.tryGetContext('securityGroupIds') as string | undefined,
  };
  const present = Object.values(given).filter((value) => value !== undefined).length;
  if (present === 0) return undefined;
  if (present < 3) {
    throw new Error(
      'Running the functions in a VPC needs -c vpcId=vpc-..., -c subnetIds=subnet-...[,subnet-...] and -c securityGroupIds=sg-...[,sg-...] together',
    );
  }
  const list = (key: 'subnetIds' | 'securityGroupIds') => {
    const ids = String(given[key])
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== '');
    const bad = ids.find((id) => !NETWORK_IDS[key].test(id));
    if (ids.length === 0 || bad !== undefined) {
      throw new Error(
        `-c ${key} must be a comma-separated list of ${key === 'subnetIds' ? 'subnet-' : 'sg-'}<hex> ids${bad ? `, not ${bad}` : ''}`,
      );
    }
    return ids;
  };
  const vpcId = String(given.vpcId);
  if (!NETWORK_IDS.vpcId.test(vpcId)) throw new Error(`-c vpcId must be vpc-<hex>, not ${vpcId}`);
  return { vpcId, subnetIds: list('subnetIds'), securityGroupIds: list('securityGroupIds') };
}
