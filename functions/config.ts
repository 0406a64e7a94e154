import * as z from 'zod';

/**
 * The one place that reads `process.env`. Parsed once at cold start: a missing or
 * malformed variable fails here, with its name, instead of deep inside a request.
 */
const environmentSchema = z.object({
  STAGE: z.string().min(1).default('local'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_SECRET_ARN: z.string().min(1).optional(),
  /**
   * TLS to a database reached through its secret (RDS): `verify-full` checks the server's
   * certificate and name against the trusted CAs (in Lambda, the RDS CA bundle the stack
   * names in NODE_EXTRA_CA_CERTS); `no-verify` encrypts without checking, for a server with a
   * self-signed certificate (LocalStack's PostgreSQL). A DATABASE_URL says its own sslmode.
   */
  DATABASE_SSL_MODE: z.enum(['verify-full', 'no-verify']).default('verify-full'),
  /**
   * The function's own PostgreSQL role (sql/013_function_roles.sql), set by the stack. With
   * DATABASE_HOST the function logs in as it with an RDS IAM token; with a DATABASE_URL or
   * DATABASE_SECRET_ARN it logs in as that user and switches to it at connect.
   */
  DATABASE_ROLE: z
    .string()
    .regex(/^rename_feedback_[a-z]+$/)
    .optional(),
  // A database the stack created: where it is. The function logs in as DATABASE_ROLE with an
  // IAM token and never reads the master user's secret.
  DATABASE_HOST: z.string().min(1).optional(),
  DATABASE_PORT: z.coerce.number().int().min(1).max(65_535).default(5432),
  DATABASE_NAME: z.string().min(1).optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(50).default(2),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  // Redis's AUTH token, by the ARN of the secret that holds it (the stack's generated one, or
  // -c redisAuthSecretArn with imported data stores): read once, at cold start.
  REDIS_AUTH_SECRET_ARN: z.string().min(1).optional(),
  REDIS_KEY_PREFIX: z.string().default('rf:'),
  FEEDBACK_QUEUE_URL: z.url({ protocol: /^https?$/ }).optional(),
  // Where SQS answers when not at the queue URL's own host (the local emulator sets it); AWS's
  // own variables, which the SDK reads too, read here for the batch sender (sqs.ts).
  AWS_ENDPOINT_URL_SQS: z.url({ protocol: /^https?$/ }).optional(),
  AWS_ENDPOINT_URL: z.url({ protocol: /^https?$/ }).optional(),
  FEEDBACK_DLQ_URL: z.url({ protocol: /^https?$/ }).optional(),
  // Training-data cursors are signed (HMAC-SHA256) with a key: in AWS a generated secret the
  // stack makes, by ARN; in the local stage a random key the template holds.
  CURSOR_SECRET_ARN: z.string().min(1).optional(),
  CURSOR_SIGNING_KEY: z.string().min(32).optional(),
  // The deployed stack's first keys (lib/constructs/bootstrap-keys.ts): secrets the migration
  // function reads and registers after applying migrations. The local stage has none.
  BOOTSTRAP_ADMIN_KEY_SECRET_ARN: z.string().min(1).optional(),
  BOOTSTRAP_OPERATOR_KEY_SECRET_ARN: z.string().min(1).optional(),
  /**
   * X-Ray tracing (Powertools Tracer): `false` loads none of it (adapters/tracer.ts) and
   * makes the functions' TracingConfig PassThrough.
   */
  POWERTOOLS_TRACE_ENABLED: z.enum(['true', 'false']).default('true'),
  METRICS_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).default(60),
  OUTBOX_SWEEP_MIN_AGE_SECONDS: z.coerce.number().int().min(0).default(30),
  IDEMPOTENCY_TABLE_NAME: z.string().min(1).optional(),
  // Experiment definitions (DynamoDB), read by the experiments function only.
  EXPERIMENTS_TABLE_NAME: z.string().min(1).optional(),
  // Requests per minute per API key and class; a batch counts once.
  RATE_LIMIT_USER_PER_MINUTE: z.coerce.number().int().min(1).default(100),
  RATE_LIMIT_METRICS_PER_MINUTE: z.coerce.number().int().min(1).default(50),
  RATE_LIMIT_ADMIN_PER_MINUTE: z.coerce.number().int().min(1).default(200),
  // Naming preferences (functions/core/preferences/): when a learned rule rewrites names.
  PREFERENCE_MIN_EVIDENCE: z.coerce.number().int().min(1).default(3),
  PREFERENCE_MIN_CONFIDENCE: z.coerce.number().gt(0).max(1).default(0.8),
  PREFERENCE_TENANT_MIN_PEOPLE: z.coerce.number().int().min(1).default(3),
  // Retraining (functions/core/retraining.ts, drift.ts): jobs go to this queue.
  RETRAIN_QUEUE_URL: z.url({ protocol: /^https?$/ }).optional(),
  RETRAIN_FEEDBACK_THRESHOLD: z.coerce.number().int().min(1).default(1000),
  DRIFT_REFERENCE_SIZE: z.coerce.number().int().min(1).default(1000),
  DRIFT_RECENT_WINDOW: z.coerce.number().int().min(1).default(500),
  DRIFT_CHECK_EVERY: z.coerce.number().int().min(1).default(50),
  DRIFT_ALPHA: z.coerce.number().gt(0).lt(0.5).default(0.0001),
});

export type Environment = z.infer<typeof environmentSchema>;

/** Every variable the functions read, e.g. for `npm start` to pass its own settings through. */
export const environmentVariableNames = Object.keys(
  environmentSchema.shape,
) as (keyof Environment)[];

/**
 * The variables the stack (or, locally, the emulator) sets: a value from elsewhere would point
 * a function at another queue, table or secret (or signing key, or SQS endpoint) than the
 * stack's, or at another database or Redis than the stage's.
 */
const OWNED_BY_THE_STACK =
  /^(STAGE|REDIS_URL|CURSOR_SIGNING_KEY)$|^DATABASE_(URL|ROLE|HOST|PORT|NAME)$|_(QUEUE_URL|DLQ_URL|TABLE_NAME|ARN)$|^AWS_/;

export function isOwnedByTheStack(name: string): boolean {
  return OWNED_BY_THE_STACK.test(name);
}

/**
 * The functions' own settings (rate limits, cache TTL, pool size, learning thresholds...):
 * all the others, a new one included. `npm start` takes them from its environment,
 * `cdk deploy` from context or `config/<stage>.json` (lib/function-settings.ts).
 */
export const functionSettingNames = environmentVariableNames.filter(
  (name) => !isOwnedByTheStack(name),
);

/** A setting's CDK context key: `RATE_LIMIT_USER_PER_MINUTE` is `rateLimitUserPerMinute`. */
export function contextKeyOf(name: string): string {
  return name.toLowerCase().replace(/_([a-z0-9])/g, (_, next: string) => next.toUpperCase());
}

/** What the schema finds wrong in `source`, by variable name: none when a function would start. */
export function configurationProblems(
  source: Record<string, unknown>,
): { name: string; message: string }[] {
  const result = environmentSchema.safeParse(source);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    name: issue.path.join('.'),
    message: issue.message,
  }));
}

let parsed: Environment | undefined;

export function readEnvironment(source: NodeJS.ProcessEnv = process.env): Environment {
  const result = environmentSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  return result.data;
}

/** The environment of this process, parsed on first use and kept for the container's life. */
export function environment(): Environment {
  parsed ??= readEnvironment();
  return parsed;
}

/** Reads a variable that a given function cannot run without, failing with its name. */
export function required<K extends keyof Environment>(name: K): NonNullable<Environment[K]> {
  const value = environment()[name];
  if (value === undefined || value === null) {
    throw new Error(`Missing configuration: ${String(name)} must be set for this function`);
  }
  return value as NonNullable<Environment[K]>;
}
