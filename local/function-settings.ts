import { functionSettingNames, readEnvironment } from '../functions/config';

/**
 * The functions' own settings. Never those the template or the emulator set (functions/config.ts,
 * isOwnedByTheStack): the database and Redis come from `npm start`'s own configuration
 * (local-config.ts) instead.
 */
export const passedThroughVariableNames = functionSettingNames;

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
