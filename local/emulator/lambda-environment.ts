import path from 'node:path';
import { RUNTIME_ENTRY } from '../runtime/protocol';
import { REGION } from './aws-identity';
import type { FunctionSpec } from './stack-model';

export interface LocalServices {
  sqsEndpoint: string;
  dynamodbEndpoint: string;
  /** The local X-Ray daemon's `host:port` (traces.ts). */
  xrayDaemonAddress: string;
}

/**
 * A function's environment: the local endpoints and Lambda's reserved variables, then the
 * template's variables, then the caller's (which win). Nothing else of the emulator's own
 * environment leaks in except PATH, so a function sees what it would see in Lambda.
 */
export function lambdaEnvironment(
  spec: FunctionSpec,
  services: LocalServices,
  overrides: Record<string, string>,
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    // As Lambda sets it: the leading colon makes libc read the zone file, not parse a rule.
    TZ: ':UTC',
    // SDK v3 reads a per-service endpoint from these.
    AWS_ENDPOINT_URL_SQS: services.sqsEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB: services.dynamodbEndpoint,
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    // Local services do not check signatures, but the SDK will not sign without credentials.
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SESSION_TOKEN: 'local',
    // The template's runtime is Node 22; locally the functions run on this machine's Node,
    // which may be 20. The gap is documented; the SDK need not repeat it at every cold start.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_LAMBDA_FUNCTION_NAME: spec.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMB),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: spec.logGroupName,
    AWS_EXECUTION_ENV: `AWS_Lambda_${spec.runtime}`,
    _HANDLER: spec.handler,
    LAMBDA_TASK_ROOT: spec.assetDir,
    // Lambda's /var/runtime holds its runtime; here the shim's folder does.
    LAMBDA_RUNTIME_DIR: path.dirname(RUNTIME_ENTRY),
    // As Lambda sets them: where the X-Ray SDK sends segments, and a trace missing (outside
    // an invocation) is logged, never thrown. _X_AMZN_TRACE_ID is set per invocation.
    AWS_XRAY_DAEMON_ADDRESS: services.xrayDaemonAddress,
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    ...spec.environment,
    ...overrides,
  };
}

/**
 * The flags Lambda's managed Node.js runtime starts node with (its bootstrap): a tenth of
 * the memory for the young generation, split in two semi-spaces, the rest for the old one.
 * V8 then collects as it does in Lambda; the whole process is held to MemorySize apart.
 */
export function lambdaNodeArguments(memoryMB: number): string[] {
  const newSpace = Math.floor(memoryMB / 10);
  return [
    '--expose-gc',
    '--max-http-header-size=81920',
    `--max-semi-space-size=${Math.floor(newSpace / 2)}`,
    `--max-old-space-size=${memoryMB - newSpace}`,
  ];
}
