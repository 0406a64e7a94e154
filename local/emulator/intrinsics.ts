import { ACCOUNT_ID, PARTITION, REGION, URL_SUFFIX } from './aws-identity';
import { isRecord, type JsonRecord } from './json';

/** What `Ref` and `Fn::GetAtt` return for one resource of the template. */
export interface ResourceIdentity {
  type: string;
  ref: string;
  attributes: Record<string, string>;
}

export interface ResolveContext {
  stackName: string;
  identities: ReadonlyMap<string, ResourceIdentity>;
  /** Template parameters with their default values. */
  parameters: Readonly<Record<string, string>>;
  mappings: JsonRecord;
}

/** A template value the emulator cannot compute; the message says where it was met. */
export class UnresolvableValueError extends Error {
  override name = 'UnresolvableValueError';
}

/** `Ref: AWS::NoValue` removes the property that holds it. */
const NO_VALUE = Symbol('AWS::NoValue');

/** Resolves every intrinsic function in a template value; `where` names it in errors. */
export function resolveValue(value: unknown, context: ResolveContext, where: string): unknown {
  const resolved = resolve(value, context, where);
  return resolved === NO_VALUE ? undefined : resolved;
}

/** Resolves a value that must end up a string (environment variables, names, ARNs). */
export function resolveString(value: unknown, context: ResolveContext, where: string): string {
  const resolved = resolveValue(value, context, where);
  if (typeof resolved === 'string') return resolved;
  if (typeof resolved === 'number' || typeof resolved === 'boolean') return String(resolved);
  throw new UnresolvableValueError(`${where}: expected a string, got ${JSON.stringify(resolved)}`);
}

function resolve(value: unknown, context: ResolveContext, where: string): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => resolve(item, context, where)).filter((item) => item !== NO_VALUE);
  }
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  const [key] = keys;
  if (keys.length === 1 && key !== undefined && (key === 'Ref' || key.startsWith('Fn::'))) {
    return resolveFunction(key, value[key], context, where);
  }
  const out: JsonRecord = {};
  for (const [name, item] of Object.entries(value)) {
    const resolved = resolve(item, context, where);
    if (resolved !== NO_VALUE) out[name] = resolved;
  }
  return out;
}

function resolveFunction(
  name: string,
  argument: unknown,
  context: ResolveContext,
  where: string,
): unknown {
  const fail = (reason: string): never => {
    throw new UnresolvableValueError(
      `${where}: cannot resolve {"${name}": ${JSON.stringify(argument)}}: ${reason}`,
    );
  };
  const asString = (v: unknown): string => {
    const resolved = resolve(v, context, where);
    if (typeof resolved === 'string') return resolved;
    if (typeof resolved === 'number') return String(resolved);
    return fail(`expected a string, got ${JSON.stringify(resolved)}`);
  };
  const asList = (v: unknown): unknown[] => {
    const resolved = resolve(v, context, where);
    return Array.isArray(resolved) ? resolved : fail('expected a list');
  };

  switch (name) {
    case 'Ref':
      return typeof argument === 'string' ? ref(argument, context, fail) : fail('not a name');
    case 'Fn::GetAtt': {
      const parts =
        typeof argument === 'string'
          ? splitOnce(argument, '.')
          : Array.isArray(argument)
            ? [asString(argument[0]), asString(argument[1])]
            : fail('expected [resource, attribute]');
      const [logicalId, attribute] = parts;
      if (logicalId === undefined || attribute === undefined) return fail('malformed');
      return getAtt(logicalId, attribute, context, fail);
    }
    case 'Fn::Join': {
      if (!Array.isArray(argument) || argument.length !== 2)
        return fail('expected [delimiter, list]');
      const delimiter = asString(argument[0]);
      return asList(argument[1])
        .map((item) => (typeof item === 'string' ? item : fail('list item is not a string')))
        .join(delimiter);
    }
    case 'Fn::Select': {
      if (!Array.isArray(argument) || argument.length !== 2) return fail('expected [index, list]');
      const index = Number(asString(argument[0]));
      const list = asList(argument[1]);
      return Number.isInteger(index) && index >= 0 && index < list.length
        ? list[index]
        : fail(`index ${index} is outside the list of ${list.length}`);
    }
    case 'Fn::Split': {
      if (!Array.isArray(argument) || argument.length !== 2)
        return fail('expected [delimiter, string]');
      return asString(argument[1]).split(asString(argument[0]));
    }
    case 'Fn::Sub': {
      const [template, variables] = Array.isArray(argument) ? argument : [argument, {}];
      if (typeof template !== 'string') return fail('expected a template string');
      const own = isRecord(variables) ? variables : {};
      return template.replace(/\$\{([^}]+)\}/g, (_match, expression: string) => {
        if (expression.startsWith('!')) return `\${${expression.slice(1)}}`;
        if (expression in own) return asString(own[expression]);
        const [logicalId, attribute] = splitOnce(expression, '.');
        if (logicalId === undefined) return fail(`empty variable in "${template}"`);
        return attribute === undefined
          ? asString(ref(logicalId, context, fail))
          : getAtt(logicalId, attribute, context, fail);
      });
    }
    case 'Fn::Base64':
      return Buffer.from(asString(argument)).toString('base64');
    case 'Fn::GetAZs':
      return ['a', 'b', 'c', 'd', 'e', 'f'].map((zone) => `${REGION}${zone}`);
    case 'Fn::FindInMap': {
      if (!Array.isArray(argument) || argument.length < 3) return fail('expected [map, key, key]');
      const map = context.mappings[asString(argument[0])];
      const top = isRecord(map) ? map[asString(argument[1])] : undefined;
      const found = isRecord(top) ? top[asString(argument[2])] : undefined;
      return found === undefined ? fail('no such mapping entry') : found;
    }
    default:
      return fail('this intrinsic function is not supported by the local emulator');
  }
}

function ref(name: string, context: ResolveContext, fail: (reason: string) => never): unknown {
  switch (name) {
    case 'AWS::Region':
      return REGION;
    case 'AWS::AccountId':
      return ACCOUNT_ID;
    case 'AWS::Partition':
      return PARTITION;
    case 'AWS::URLSuffix':
      return URL_SUFFIX;
    case 'AWS::StackName':
      return context.stackName;
    case 'AWS::StackId':
      return `arn:${PARTITION}:cloudformation:${REGION}:${ACCOUNT_ID}:stack/${context.stackName}/00000000-0000-4000-8000-000000000000`;
    case 'AWS::NoValue':
      return NO_VALUE;
  }
  const parameter = context.parameters[name];
  if (parameter !== undefined) return parameter;
  const identity = context.identities.get(name);
  if (identity) return identity.ref;
  return fail(`${name} is not a resource the emulator creates (or a parameter with a default)`);
}

function getAtt(
  logicalId: string,
  attribute: string,
  context: ResolveContext,
  fail: (reason: string) => never,
): string {
  const identity = context.identities.get(logicalId);
  if (!identity) return fail(`${logicalId} is not a resource the emulator creates`);
  const value = identity.attributes[attribute];
  return value ?? fail(`${identity.type} ${logicalId} has no attribute ${attribute} locally`);
}

function splitOnce(text: string, separator: string): [string | undefined, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text || undefined, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
