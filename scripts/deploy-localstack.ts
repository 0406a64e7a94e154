import { spawnSync } from 'node:child_process';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  cdklocalCommands,
  DATABASE_SECRET,
  DATABASE_SECRET_NAME,
  LOCALSTACK_CREDENTIALS,
  LOCALSTACK_ENDPOINT,
  LOCALSTACK_REGION,
} from './localstack-deployment';

// `npm run deploy:localstack [-- <more cdk deploy arguments>]`, with
// `docker compose -f localstack/docker-compose.yml up -d` running (docs/operations.md: LocalStack).

/** The database secret's full ARN (the stack imports it by that), made on the first run. */
async function ensureDatabaseSecret(): Promise<string> {
  const client = new SecretsManagerClient({
    endpoint: process.env.AWS_ENDPOINT_URL ?? LOCALSTACK_ENDPOINT,
    region: LOCALSTACK_REGION,
    credentials: LOCALSTACK_CREDENTIALS,
  });
  try {
    const found = await client.send(new DescribeSecretCommand({ SecretId: DATABASE_SECRET_NAME }));
    if (found.ARN) return found.ARN;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const created = await client.send(
    new CreateSecretCommand({
      Name: DATABASE_SECRET_NAME,
      SecretString: JSON.stringify(DATABASE_SECRET),
    }),
  );
  if (!created.ARN) throw new Error('LocalStack created the database secret without an ARN');
  return created.ARN;
}

const secretArn = await ensureDatabaseSecret();
for (const args of cdklocalCommands(secretArn, process.argv.slice(2))) {
  const run = spawnSync('cdklocal', args, {
    stdio: 'inherit',
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
  });
  if (run.error) throw run.error;
  if (run.status !== 0) process.exit(run.status ?? 1);
}
