import path from 'node:path';
import { type Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface ServiceFunctionProps {
  /** File under functions/, without extension: `submit`, `learn`, ... */
  entry: string;
  timeout: Duration;
  environment: Record<string, string>;
  /** Left out for a function no traffic reaches (the deploy-time migrations). */
  reservedConcurrency?: number;
  /** MB: the process's memory and, in proportion, its CPU (lib/memory-sizes.ts). */
  memorySize: number;
  /** Keep the log group when the stack is destroyed (production). */
  retainLogs: boolean;
  vpc?: ec2.IVpc;
  securityGroups?: ec2.ISecurityGroup[];
  /** The subnets to join in `vpc`; its isolated subnets when not given. */
  subnets?: ec2.ISubnet[];
  description?: string;
  /** Files the bundle carries beside index.mjs: `(projectRoot, bundleDir) => shell commands`. */
  afterBundling?: (inputDir: string, outputDir: string) => string[];
}

/**
 * The AWS SDK's credential providers for other places than Lambda (profiles, SSO, a
 * credential process, web identity, instance and container metadata). The SDK imports each
 * only when the ones before it found nothing, and in Lambda the first one, the environment
 * (AWS_ACCESS_KEY_ID...), always finds the function's role: left out of the bundle, they are
 * neither shipped nor loaded (the process provider alone loads child_process at start).
 */
const NEVER_REACHED_IN_LAMBDA = [
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
];

/**
 * How every function is bundled, shared with bench/cold-start.ts, which measures what each
 * choice costs:
 * - ESM, `module` before `main`: the AWS SDK and Powertools ship ES modules, which esbuild
 *   tree-shakes to what a function uses; their CommonJS builds it cannot. The banner gives
 *   ESM a `require`, which the CommonJS packages bundled in (pg, ioredis) call for Node's
 *   own modules.
 * - Minified in whitespace and syntax, not in names: renaming saved no init time or memory
 *   (measured), and keeping names costs 6 MB at init (esbuild's keepNames), while errors,
 *   logs and stack traces read class and function names (ProblemError's `name` is its
 *   class's).
 * - pg's optional native binding is never used.
 */
export const BUNDLE = {
  target: 'node22',
  mainFields: ['module', 'main'],
  banner:
    "import { createRequire as createRequireOfBanner } from 'node:module'; const require = createRequireOfBanner(import.meta.url);",
  external: ['pg-native', ...NEVER_REACHED_IN_LAMBDA],
};

const BUNDLING: nodejs.BundlingOptions = {
  format: nodejs.OutputFormat.ESM,
  target: BUNDLE.target,
  mainFields: BUNDLE.mainFields,
  banner: BUNDLE.banner,
  esbuildArgs: { '--minify-whitespace': true, '--minify-syntax': true },
  externalModules: BUNDLE.external,
  // Source maps, without the sources: a stack trace still names the TypeScript file and line
  // (NODE_OPTIONS=--enable-source-maps, below), and Node, which reads the map and holds it
  // from every cold start, reads a fraction of it. Measured: about 10 ms and 4 MB at init.
  sourceMap: true,
  sourcesContent: false,
  // Bundled, so the SDK version that runs in AWS is the one the tests ran.
  bundleAwsSDK: true,
  forceDockerBundling: false,
  logLevel: nodejs.LogLevel.WARNING,
};

/**
 * Every function's defaults in one place: runtime, architecture, bundling (the local
 * esbuild, never Docker), logs, tracing. A function only states what makes it different.
 */
export class ServiceFunction extends nodejs.NodejsFunction {
  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id, {
      entry: path.join(PROJECT_ROOT, 'functions', `${props.entry}.ts`),
      handler: 'handler',
      description: props.description,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      reservedConcurrentExecutions: props.reservedConcurrency,
      // Active unless the stage turned tracing off (POWERTOOLS_TRACE_ENABLED, a function setting).
      tracing:
        props.environment.POWERTOOLS_TRACE_ENABLED === 'false'
          ? lambda.Tracing.PASS_THROUGH
          : lambda.Tracing.ACTIVE,
      logGroup: new logs.LogGroup(scope, `${id}Logs`, {
        retention: logs.RetentionDays.ONE_MONTH,
        removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      }),
      vpc: props.vpc,
      securityGroups: props.securityGroups,
      vpcSubnets: props.subnets
        ? { subnets: props.subnets }
        : props.vpc
          ? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }
          : undefined,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'rename-feedback',
        ...props.environment,
      },
      bundling: props.afterBundling
        ? {
            ...BUNDLING,
            commandHooks: {
              beforeBundling: () => [],
              beforeInstall: () => [],
              afterBundling: props.afterBundling,
            },
          }
        : BUNDLING,
    });
    const acknowledge = (findingId: string, reason: string) =>
      Validations.of(this).acknowledge({ id: findingId, reason });
    acknowledge(
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      "AWS's managed policy for a function's own logs: it allows creating and writing log streams, nothing else, and follows what Lambda needs",
    );
    acknowledge(
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
      "AWS's managed policy for a function in a VPC: the network interfaces Lambda creates for it, which cannot be scoped to resources known before they exist",
    );
    acknowledge(
      'AwsSolutions-IAM5[Resource::*]',
      'xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing) take no resource: X-Ray allows them only on *; every other grant names its queue, table or secret',
    );
    acknowledge(
      'AwsSolutions-L1',
      'nodejs22.x is the runtime chosen and measured (bundle target node22, cold starts in docs/benchmarks.md); Node 24 is adopted as a change of its own, with its measurements',
    );
  }
}
