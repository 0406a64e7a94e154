import path from 'node:path';
import type { StackArtifact } from './assembly';
import { shortNameOf } from './aws-identity';
import { type ResolveContext, resolveString } from './intrinsics';
import {
  arrayOrEmpty,
  type JsonRecord,
  optionalNumber,
  optionalString,
  recordOrEmpty,
} from './json';

export interface FunctionSpec {
  logicalId: string;
  shortName: string;
  name: string;
  arn: string;
  assetDir: string;
  handler: string;
  runtime: string;
  timeoutSeconds: number;
  memoryMB: number;
  reservedConcurrency?: number;
  /** The template's variables, resolved; the emulator adds Lambda's own and the local ones. */
  environment: Record<string, string>;
  logGroupName: string;
  /** TracingConfig: `Active` samples every invocation (Sampled=1); `PassThrough` none. */
  tracing: 'Active' | 'PassThrough';
}

/** Lambda's defaults when the template does not say. */
const DEFAULT_TIMEOUT_SECONDS = 3;
const DEFAULT_MEMORY_MB = 128;

/** An AWS::Lambda::Function: where its code is, its limits and its resolved environment. */
export function readFunction(
  logicalId: string,
  resource: JsonRecord,
  artifact: StackArtifact,
  context: ResolveContext,
  overrides: ReadonlySet<string>,
): FunctionSpec {
  const properties = recordOrEmpty(resource.Properties);
  const identity = context.identities.get(logicalId);
  const arn = identity?.attributes.Arn;
  if (!identity || !arn) throw new Error(`Function ${logicalId} has no identity`);
  const unsupported = (what: string): never => {
    throw new Error(`Function ${logicalId}: ${what} is not supported by the local emulator`);
  };
  const runtime = optionalString(properties.Runtime) ?? '';
  if (!runtime.startsWith('nodejs')) unsupported(`runtime "${runtime || 'none'}" (Node.js only)`);
  if (properties.PackageType === 'Image') unsupported('a container image');
  if (arrayOrEmpty(properties.Layers).length > 0) unsupported('layers');

  const environment: Record<string, string> = {};
  const variables = recordOrEmpty(recordOrEmpty(properties.Environment).Variables);
  for (const [variable, value] of Object.entries(variables)) {
    if (overrides.has(variable)) continue;
    environment[variable] = resolveString(
      value,
      context,
      `environment variable ${variable} of function ${logicalId}`,
    );
  }
  const loggingConfig = recordOrEmpty(properties.LoggingConfig);
  const logGroupName =
    loggingConfig.LogGroup === undefined
      ? `/aws/lambda/${identity.ref}`
      : resolveString(loggingConfig.LogGroup, context, `LoggingConfig of function ${logicalId}`);
  const reserved = optionalNumber(properties.ReservedConcurrentExecutions);
  return {
    logicalId,
    shortName: shortNameOf(logicalId),
    name: identity.ref,
    arn,
    assetDir: assetDirOf(logicalId, resource, artifact, unsupported),
    handler: optionalString(properties.Handler) ?? unsupported('a function without Handler'),
    runtime,
    timeoutSeconds: optionalNumber(properties.Timeout) ?? DEFAULT_TIMEOUT_SECONDS,
    memoryMB: optionalNumber(properties.MemorySize) ?? DEFAULT_MEMORY_MB,
    ...(reserved === undefined ? {} : { reservedConcurrency: reserved }),
    environment,
    logGroupName,
    tracing: recordOrEmpty(properties.TracingConfig).Mode === 'Active' ? 'Active' : 'PassThrough',
  };
}

/**
 * The CLI records the asset directory in Metadata; an app synthesized in-process does not,
 * so the S3 key (`<hash>.zip`) is looked up in the asset manifest instead.
 */
function assetDirOf(
  logicalId: string,
  resource: JsonRecord,
  artifact: StackArtifact,
  unsupported: (what: string) => never,
): string {
  const assetPath = optionalString(recordOrEmpty(resource.Metadata)['aws:asset:path']);
  if (assetPath) return path.resolve(artifact.assemblyDir, assetPath);
  const code = recordOrEmpty(recordOrEmpty(resource.Properties).Code);
  if (code.ZipFile !== undefined) return unsupported('inline code (Code.ZipFile)');
  const key = optionalString(code.S3Key);
  const dir = key ? artifact.assetDirs.get(key.replace(/\.zip$/, '')) : undefined;
  return dir ?? unsupported(`code that is not an asset of this assembly (${logicalId})`);
}
