import { type Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { copyIntoBundle, type FunctionEntry, functionBundleDir } from './function-bundles';

export interface ServiceFunctionProps {
  /** File under functions/, without extension: `submit`, `learn`, ... */
  entry: FunctionEntry;
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
  /** Files the bundle carries beside index.mjs, by their path in the repository (`sql/001_foundation.sql`). */
  extraFiles?: string[];
}

/**
 * The function's bundle; a placeholder when the synthesis bundles nothing for this stack
 * (`-c aws:cdk:bundling-stacks=[]`, which tests that read only the template use to skip it).
 */
function codeOf(scope: Construct, props: ServiceFunctionProps): lambda.Code {
  if (!Stack.of(scope).bundlingRequired) {
    return lambda.Code.fromInline('// Not bundled: this synthesis skips bundling for the stack');
  }
  const bundleDir = functionBundleDir(props.entry);
  if (props.extraFiles) copyIntoBundle(bundleDir, props.extraFiles);
  return lambda.Code.fromAsset(bundleDir);
}

/**
 * Every function's defaults in one place: runtime, architecture, bundle (lib/constructs/
 * function-bundles.ts: every function in one esbuild build, never Docker), logs, tracing. A
 * function only states what makes it different.
 */
export class ServiceFunction extends lambda.Function {
  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id, {
      code: codeOf(scope, props),
      handler: 'index.handler',
      description: props.description,
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
