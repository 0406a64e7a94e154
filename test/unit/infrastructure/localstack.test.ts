import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFunctionSettings } from '../../../lib/function-settings';
import { readStageConfig } from '../../../lib/stage';
import {
  cdklocalCommands,
  DATABASE_SECRET,
  LOCALSTACK_NETWORK,
  REDIS_URL,
} from '../../../scripts/localstack-deployment';

const ROOT = path.join(import.meta.dirname, '../../..');
const SECRET_ARN =
  'arn:aws:secretsmanager:us-east-1:000000000000:secret:rename-feedback/localstack-database-AbCdEf';

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
}
const compose = parse(readFileSync(path.join(ROOT, 'localstack/docker-compose.yml'), 'utf8')) as {
  networks: { default: { name: string } };
  services: Record<string, ComposeService>;
};
const localstack = compose.services.localstack ?? {};
const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** The `-c key=value` pairs of a cdklocal call, as CDK context. */
function contextOf(args: string[]): Record<string, string> {
  const context: Record<string, string> = {};
  args.forEach((arg, i) => {
    const pair = args[i + 1];
    if (arg !== '-c' || pair === undefined) return;
    const [key = '', ...value] = pair.split('=');
    context[key] = value.join('=');
  });
  return context;
}

describe('the LocalStack deployment', () => {
  it('has the three services docs/operations.md (LocalStack) names: PostgreSQL, Redis and a pinned LocalStack', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['localstack', 'postgres', 'redis']);
    expect(localstack.image).toMatch(/^localstack\/localstack:\d{4}\.\d+\.\d+$/);
  });

  it('takes the licence token from the environment, never from the file', () => {
    expect(localstack.environment?.LOCALSTACK_AUTH_TOKEN).toMatch(/^\$\{LOCALSTACK_AUTH_TOKEN/);
  });

  it('starts the functions where they reach the data stores by the names the deploy gives', () => {
    expect(compose.networks.default.name).toBe(LOCALSTACK_NETWORK);
    expect(localstack.environment?.LAMBDA_DOCKER_NETWORK).toBe(LOCALSTACK_NETWORK);
    expect(compose.services).toHaveProperty(DATABASE_SECRET.host);
    expect(compose.services).toHaveProperty(new URL(REDIS_URL).hostname);
    // The secret's URL asks for TLS (sslmode=no-verify), which PostgreSQL must then offer.
    expect(compose.services.postgres?.command).toContain('ssl=on');
  });

  it('is `npm run deploy:localstack`, through cdklocal, a pinned devDependency', () => {
    expect(packageJson.scripts['deploy:localstack']).toBe('tsx scripts/deploy-localstack.ts');
    expect(packageJson.devDependencies['aws-cdk-local']).toBeDefined();
    const [bootstrap, deploy] = cdklocalCommands(SECRET_ARN, ['--outputs-file', 'out.json']);
    expect(bootstrap?.[0]).toBe('bootstrap');
    expect(deploy?.[0]).toBe('deploy');
    expect(deploy?.slice(-2)).toEqual(['--outputs-file', 'out.json']);
  });

  it('deploys a stage that imports the compose data stores instead of creating RDS and ElastiCache', () => {
    for (const args of cdklocalCommands(SECRET_ARN)) {
      const app = new App({ context: contextOf(args) });
      expect(readStageConfig(app.node)).toEqual({
        name: 'dev',
        retainData: false,
        dataStores: { kind: 'imported', databaseSecretArn: SECRET_ARN, redisUrl: REDIS_URL },
        reservedConcurrency: false,
      });
      const settings = readFunctionSettings(app.node, { stage: 'dev' });
      expect(settings.DATABASE_SSL_MODE).toBe('no-verify');
    }
  });
});
