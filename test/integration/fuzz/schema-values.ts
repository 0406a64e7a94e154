import fc from 'fast-check';
import type { JsonSchema } from './api-document';
import { SQL_LIKE } from './hostile-values';

type Components = Record<string, JsonSchema>;

/** Plain text most fields take; SQL-like text now and then, which must be stored as text. */
const text = (min: number, max: number) =>
  fc
    .oneof(
      { arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 _.-]*$/), weight: 6 },
      { arbitrary: fc.constantFrom(...SQL_LIKE), weight: 1 },
      {
        arbitrary: fc.string({ unit: 'grapheme-composite', minLength: 1, maxLength: 12 }),
        weight: 1,
      },
    )
    .filter((s) => s.length >= min && s.length <= max);

/**
 * Values a JSON Schema (the subset zod writes) accepts, read from the document. They obey
 * the schema, not every rule behind it (a file name without "/", weights summing to 1):
 * the service may still refuse them, which is the point of asking.
 */
export function schemaValue(
  schema: JsonSchema,
  components: Components,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (typeof schema.$ref === 'string') {
    const target = components[schema.$ref.replace('#/components/schemas/', '')];
    if (!target) throw new Error(`No component ${schema.$ref}`);
    return schemaValue(target, components, depth);
  }
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const choices = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (choices) return fc.oneof(...choices.map((choice) => schemaValue(choice, components, depth)));
  switch (schema.type) {
    case 'string':
      return stringOf(schema);
    case 'number':
    case 'integer':
      return numberOf(schema);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return arrayOf(schema, components, depth);
    case 'object':
      return objectOf(schema, components, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringOf(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'date-time') {
    return fc
      .date({
        min: new Date('2020-01-01T00:00:00Z'),
        max: new Date('2030-01-01T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString());
  }
  if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern));
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : 60;
  return text(Math.max(min, 1), max);
}

function numberOf(schema: JsonSchema): fc.Arbitrary<number> {
  const bound = (key: string, fallback: number) =>
    typeof schema[key] === 'number' ? (schema[key] as number) : fallback;
  const min = Math.max(bound('minimum', bound('exclusiveMinimum', -1e6)), -1e6);
  const max = Math.min(bound('maximum', bound('exclusiveMaximum', 1e6)), 1e6);
  if (schema.type === 'integer') return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  return fc.double({
    min,
    max,
    minExcluded: 'exclusiveMinimum' in schema,
    maxExcluded: 'exclusiveMaximum' in schema,
    noNaN: true,
    noDefaultInfinity: true,
  });
}

function arrayOf(
  schema: JsonSchema,
  components: Components,
  depth: number,
): fc.Arbitrary<unknown[]> {
  const minLength = typeof schema.minItems === 'number' ? schema.minItems : 0;
  const declared = typeof schema.maxItems === 'number' ? schema.maxItems : 5;
  const items = (schema.items ?? {}) as JsonSchema;
  return fc.array(schemaValue(items, components, depth + 1), {
    minLength,
    maxLength: Math.min(declared, minLength + 4),
  });
}

function objectOf(
  schema: JsonSchema,
  components: Components,
  depth: number,
): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  if (Object.keys(properties).length > 0) {
    const required = (schema.required ?? []) as string[];
    return fc.record(
      Object.fromEntries(
        Object.entries(properties).map(([name, property]) => [
          name,
          schemaValue(property, components, depth + 1),
        ]),
      ),
      { requiredKeys: required },
    );
  }
  // A map (`context`, `evaluation`): a few entries, shallow enough for the depth rules.
  const values = schema.additionalProperties;
  const valueSchema = typeof values === 'object' && values !== null ? (values as JsonSchema) : {};
  const maxKeys = Math.min(typeof schema.maxProperties === 'number' ? schema.maxProperties : 4, 4);
  return fc.dictionary(
    fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,15}$/),
    depth > 3 ? fc.string({ maxLength: 10 }) : schemaValue(valueSchema, components, depth + 1),
    { maxKeys },
  );
}
