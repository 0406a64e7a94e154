import { environmentVariableNames, readEnvironment } from '../functions/config';

/**
 * The functions' variables that the template or the emulator set: a value from the shell
 * would point a function at another queue, table or secret (or signing key, or SQS endpoint)
 * than the stack's. The database and Redis come from `npm start`'s own configuration
 * (local-config.ts) instead.
 */
const OWNED_BY_THE_STACK =
  /^(STAGE|DATABASE_URL|REDIS_URL|CURSOR_SIGNING_KEY)$|_(QUEUE_URL|DLQ_URL|TABLE_NAME|ARN)$|^AWS_/;

/** The functions' own settings: rate limits, cache TTL, pool size, learning thresholds... */
export const passedThroughVariableNames = environmentVariableNames.filter(
  (name) => !OWNED_BY_THE_STACK.test(name),
);

/**
 * Those of the functions' settings set in `npm start`'s environment, under the same names,
 * checked once with the functions' own schema: a bad value stops the start, naming the
 * variable, instead of failing every cold start.
 */
export function functionSettingsFrom(env: NodeJS.ProcessEnv): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const name of passedThroughVariableNames) {
    const value = env[name];
    if (value !== undefined) settings[name] = value;
  }
  readEnvironment(settings);
  return settings;
}
