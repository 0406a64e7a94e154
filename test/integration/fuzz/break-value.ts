import fc from 'fast-check';
import { brokenValue, unknownKey } from './hostile-values';

type Path = (string | number)[];

/** Every place in a JSON value: the root, each key of each object, each element of each array. */
function pathsOf(value: unknown, prefix: Path = [], found: Path[] = []): Path[] {
  found.push(prefix);
  if (Array.isArray(value)) {
    // A few elements are enough: a batch of 500 items has 500 places of the same kind.
    value.slice(0, 3).forEach((item, index) => {
      pathsOf(item, [...prefix, index], found);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) pathsOf(child, [...prefix, key], found);
  }
  return found;
}

/** A copy of `value` with `change` applied to the object or array that holds `path`. */
function at(value: unknown, path: Path, change: (parent: unknown, key: string | number) => void) {
  const copy = structuredClone(value);
  let parent: unknown = copy;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[key];
  const last = path[path.length - 1];
  if (last !== undefined) change(parent, last);
  return copy;
}

/** A copy of `value` whose object at `path` (the root too) has one more key. */
function withKey(value: unknown, path: Path, key: string, extra: unknown) {
  const copy = structuredClone(value);
  let target: unknown = copy;
  for (const step of path) target = (target as Record<string | number, unknown>)[step];
  if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
    define(target, key, extra);
  }
  return copy;
}

/** Own property, even for `__proto__`, which plain assignment would turn into a prototype. */
function define(target: object, key: string | number, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

export type BrokenBody = { value: unknown; how: string };

/**
 * A valid value broken at one place: replaced by a value of the wrong kind or past a rule,
 * removed, or given a key nobody declared. `how` names the change for the figures.
 */
export function breakValue(value: unknown): fc.Arbitrary<BrokenBody> {
  const paths = pathsOf(value);
  return fc
    .record({ path: fc.constantFrom(...paths), kind: fc.nat({ max: 9 }) })
    .chain(({ path, kind }): fc.Arbitrary<BrokenBody> => {
      const where = path.length === 0 ? '(body)' : path.join('.');
      if (kind >= 8) {
        return fc.tuple(unknownKey, brokenValue).map(([key, extra]) => ({
          value: withKey(value, path, key, extra),
          how: `add unknown key at ${where}`,
        }));
      }
      if (kind >= 6 && path.length > 0) {
        return fc.constant({
          value: at(value, path, (parent, key) => {
            if (Array.isArray(parent)) parent.splice(Number(key), 1);
            else delete (parent as Record<string, unknown>)[key];
          }),
          how: `remove ${where}`,
        });
      }
      return brokenValue.map((replacement) => ({
        value:
          path.length === 0
            ? replacement
            : at(value, path, (parent, key) => define(parent as object, key, replacement)),
        how: `replace ${where}`,
      }));
    });
}
