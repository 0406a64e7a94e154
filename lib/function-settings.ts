import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Node } from 'constructs';
import {
  configurationProblems,
  contextKeyOf,
  environmentVariableNames,
  functionSettingNames,
  isOwnedByTheStack,
} from '../functions/config';

/** Where `config/<stage>.json` files live unless a test says otherwise. */
export const CONFIG_DIR = path.resolve(import.meta.dirname, '..', 'config');

/**
 * Context keys that name a variable the stack owns but mean something else to the stage:
 * which stage, and the data stores it imports (lib/stage.ts).
 */
const STAGE_CONTEXT_KEYS = new Set([
  'stage',
  'redisUrl',
  'databaseSecretArn',
  'redisAuthSecretArn',
]);

const SETTING_BY_KEY = new Map(functionSettingNames.map((name) => [contextKeyOf(name), name]));
const OWNED_BY_KEY = new Map(
  environmentVariableNames
    .filter((name) => isOwnedByTheStack(name))
    .map((name) => [contextKeyOf(name), name]),
);

interface Given {
  name: string;
  key: string;
  value: string;
  from: string;
}

/**
 * The functions' settings a deploy gives, by variable name, for every function's
 * environment: `config/<stage>.json` first, then CDK context (`-c rateLimitUserPerMinute=500`)
 * over it. Only those given: the defaults stay in the schema. Checked once, here, with the
 * functions' own schema, so a bad value fails the synth, naming the setting, instead of every
 * cold start. A variable the stack owns cannot be set this way.
 */
export function readFunctionSettings(
  node: Node,
  options: { stage: string; configDir?: string },
): Record<string, string> {
  const problems: string[] = [];
  const given = new Map<string, Given>();
  const take = (key: string, raw: unknown, from: string) => {
    const owned = OWNED_BY_KEY.get(key);
    const name = SETTING_BY_KEY.get(key);
    if (owned !== undefined) {
      problems.push(`${key} (${owned}) from ${from}: set by the stack, not a function setting`);
    } else if (name === undefined) {
      problems.push(
        `${key} from ${from}: not a function setting (${[...SETTING_BY_KEY.keys()].join(', ')})`,
      );
    } else if (typeof raw === 'string' || (typeof raw === 'number' && Number.isFinite(raw))) {
      given.set(name, { name, key, value: String(raw), from });
    } else {
      problems.push(`${key} (${name}) from ${from}: must be a string or a number`);
    }
  };

  const file = path.join(options.configDir ?? CONFIG_DIR, `${options.stage}.json`);
  for (const [key, raw] of Object.entries(readConfigFile(file))) {
    take(key, raw, displayed(file));
  }
  for (const key of SETTING_BY_KEY.keys()) {
    const raw: unknown = node.tryGetContext(key);
    if (raw !== undefined) take(key, raw, `-c ${key}`);
  }
  for (const [key, name] of OWNED_BY_KEY) {
    if (STAGE_CONTEXT_KEYS.has(key)) continue;
    if (node.tryGetContext(key) !== undefined) take(key, undefined, `-c ${key}`);
    // A variable's own name is a likely slip for its context key.
    if (node.tryGetContext(name) !== undefined) {
      problems.push(`-c ${name}: set by the stack, not a function setting`);
    }
  }
  for (const name of SETTING_BY_KEY.values()) {
    if (node.tryGetContext(name) !== undefined) {
      problems.push(`-c ${name}: context keys are camelCase, use -c ${contextKeyOf(name)}`);
    }
  }

  const settings = Object.fromEntries([...given.values()].map((s) => [s.name, s.value]));
  for (const { name, message } of configurationProblems(settings)) {
    const setting = given.get(name);
    const which = setting ? `${setting.key} (${name}) from ${setting.from}` : name;
    problems.push(`${which}: ${message}`);
  }
  if (problems.length > 0) {
    throw new Error(`Invalid function settings: ${problems.join('; ')}`);
  }
  return settings;
}

function readConfigFile(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${displayed(file)} is not JSON`, { cause: error });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${displayed(file)} must hold one object of settings by context key`);
  }
  return parsed as Record<string, unknown>;
}

/** The repository's own files by their relative path, which is how the docs name them. */
function displayed(file: string): string {
  const relative = path.relative(path.dirname(CONFIG_DIR), file);
  return relative.startsWith('..') ? file : relative;
}
