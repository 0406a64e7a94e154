/**
 * What `npm run deploy:localstack` deploys against: localstack/docker-compose.yml, whose
 * PostgreSQL and Redis the stack imports instead of creating RDS and ElastiCache (paid
 * LocalStack services, and slow to start there). The names below are the compose file's;
 * test/unit/infrastructure/localstack.test.ts holds them together.
 */

/** The compose network LocalStack starts the function containers in (LAMBDA_DOCKER_NETWORK). */
export const LOCALSTACK_NETWORK = 'rename-feedback-localstack';

/** Where cdklocal and the AWS SDK reach LocalStack from this machine (cdklocal's default). */
export const LOCALSTACK_ENDPOINT = 'http://localhost.localstack.cloud:4566';

/** cdklocal's account and region: any credentials map to account 000000000000 there. */
export const LOCALSTACK_REGION = 'us-east-1';
export const LOCALSTACK_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

export const DATABASE_SECRET_NAME = 'rename-feedback/localstack-database';

/**
 * The RDS-shaped secret the functions read (functions/adapters/postgres.ts), naming the
 * compose service as seen from a function container. The server trusts every connection on
 * that network, so the password is never checked.
 */
export const DATABASE_SECRET = {
  engine: 'postgres',
  host: 'postgres',
  port: 5432,
  username: 'postgres',
  password: 'unused-trust-auth',
  dbname: 'rename_feedback',
};

export const REDIS_URL = 'redis://redis:6379';

/** `dev`: a stage that destroys cleanly and, with both context keys, imports its data stores. */
export const LOCALSTACK_STAGE = 'dev';

/** The CDK context every cdklocal call of the deploy gets, so each synthesizes the same app. */
export function localstackContext(databaseSecretArn: string): string[] {
  return [
    '-c',
    `stage=${LOCALSTACK_STAGE}`,
    '-c',
    `databaseSecretArn=${databaseSecretArn}`,
    '-c',
    `redisUrl=${REDIS_URL}`,
    // The compose PostgreSQL's certificate is self-signed: encrypt, without verifying it.
    '-c',
    'databaseSslMode=no-verify',
  ];
}

/** `cdklocal bootstrap`, then `cdklocal deploy`: LocalStack starts with no CDK bootstrap stack. */
export function cdklocalCommands(databaseSecretArn: string, extraArgs: string[] = []): string[][] {
  const context = localstackContext(databaseSecretArn);
  return [
    ['bootstrap', '--no-notices', ...context],
    ['deploy', '--no-notices', '--require-approval', 'never', ...context, ...extraArgs],
  ];
}
