import path from 'node:path';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
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
  reservedConcurrency: number;
  memorySize?: number;
  /** Keep the log group when the stack is destroyed (production). */
  retainLogs: boolean;
  vpc?: ec2.IVpc;
  securityGroups?: ec2.ISecurityGroup[];
}

/**
 * Every function's defaults in one place: runtime, architecture, bundling (the local
 * esbuild, never Docker), logs, tracing. A function only states what makes it different.
 */
export class ServiceFunction extends nodejs.NodejsFunction {
  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id, {
      entry: path.join(PROJECT_ROOT, 'functions', `${props.entry}.ts`),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout,
      reservedConcurrentExecutions: props.reservedConcurrency,
      tracing: lambda.Tracing.ACTIVE,
      logGroup: new logs.LogGroup(scope, `${id}Logs`, {
        retention: logs.RetentionDays.ONE_MONTH,
        removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      }),
      vpc: props.vpc,
      securityGroups: props.securityGroups,
      vpcSubnets: props.vpc ? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } : undefined,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'rename-feedback',
        ...props.environment,
      },
      bundling: {
        format: nodejs.OutputFormat.CJS,
        target: 'node22',
        sourceMap: true,
        // Bundled, so the SDK version that runs in AWS is the one the tests ran.
        bundleAwsSDK: true,
        // pg's optional native binding is never used.
        externalModules: ['pg-native'],
        forceDockerBundling: false,
        logLevel: nodejs.LogLevel.WARNING,
      },
    });
  }
}
