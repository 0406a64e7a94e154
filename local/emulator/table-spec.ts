import type {
  AttributeDefinition,
  CreateTableCommandInput,
  GlobalSecondaryIndex,
  KeySchemaElement,
  LocalSecondaryIndex,
  Projection,
  ProvisionedThroughput,
} from '@aws-sdk/client-dynamodb';
import { type ResolveContext, resolveValue } from './intrinsics';
import {
  arrayOrEmpty,
  type JsonRecord,
  optionalNumber,
  optionalString,
  recordOrEmpty,
} from './json';

export interface TableSpec {
  logicalId: string;
  name: string;
  input: CreateTableCommandInput;
  /** Table features dynalite does not have (TTL, streams), for the log. */
  notes: string[];
}

/** Turns an AWS::DynamoDB::Table into the CreateTable call that makes it locally. */
export function readTableSpec(
  logicalId: string,
  rawProperties: JsonRecord,
  context: ResolveContext,
): TableSpec {
  const name = context.identities.get(logicalId)?.ref;
  if (!name) throw new Error(`Table ${logicalId} has no identity`);
  const where = `table ${logicalId}`;
  const properties = recordOrEmpty(resolveValue(rawProperties, context, where));
  const billingMode = optionalString(properties.BillingMode) ?? 'PROVISIONED';
  if (billingMode !== 'PROVISIONED' && billingMode !== 'PAY_PER_REQUEST') {
    throw new Error(`${where}: unknown BillingMode ${billingMode}`);
  }
  const throughput = (value: unknown) => readThroughput(value, billingMode, where);
  const globalIndexes: GlobalSecondaryIndex[] = arrayOrEmpty(properties.GlobalSecondaryIndexes).map(
    (raw) => {
      const index = recordOrEmpty(raw);
      return {
        IndexName: required(index.IndexName, `IndexName of a global index of ${where}`),
        KeySchema: readKeySchema(index.KeySchema, where),
        Projection: readProjection(index.Projection),
        ...throughput(index.ProvisionedThroughput),
      };
    },
  );
  const localIndexes: LocalSecondaryIndex[] = arrayOrEmpty(properties.LocalSecondaryIndexes).map(
    (raw) => {
      const index = recordOrEmpty(raw);
      return {
        IndexName: required(index.IndexName, `IndexName of a local index of ${where}`),
        KeySchema: readKeySchema(index.KeySchema, where),
        Projection: readProjection(index.Projection),
      };
    },
  );
  const input: CreateTableCommandInput = {
    TableName: name,
    KeySchema: readKeySchema(properties.KeySchema, where),
    AttributeDefinitions: arrayOrEmpty(properties.AttributeDefinitions).map(
      (raw): AttributeDefinition => {
        const definition = recordOrEmpty(raw);
        const type = required(definition.AttributeType, `AttributeType in ${where}`);
        if (type !== 'S' && type !== 'N' && type !== 'B') {
          throw new Error(`${where}: attribute type ${type} is not S, N or B`);
        }
        return {
          AttributeName: required(definition.AttributeName, `AttributeName in ${where}`),
          AttributeType: type,
        };
      },
    ),
    BillingMode: billingMode,
    ...throughput(properties.ProvisionedThroughput),
    ...(globalIndexes.length > 0 ? { GlobalSecondaryIndexes: globalIndexes } : {}),
    ...(localIndexes.length > 0 ? { LocalSecondaryIndexes: localIndexes } : {}),
  };
  const notes: string[] = [];
  const ttl = recordOrEmpty(properties.TimeToLiveSpecification);
  if (ttl.Enabled === true || ttl.Enabled === 'true') {
    notes.push(`table ${logicalId}: items never expire locally (dynalite has no TTL)`);
  }
  if (properties.StreamSpecification !== undefined) {
    notes.push(`table ${logicalId}: no stream locally (dynalite has no streams)`);
  }
  return { logicalId, name, input, notes };
}

function required(value: unknown, what: string): string {
  const text = optionalString(value);
  if (!text) throw new Error(`Missing ${what}`);
  return text;
}

function readKeySchema(value: unknown, where: string): KeySchemaElement[] {
  return arrayOrEmpty(value).map((raw) => {
    const element = recordOrEmpty(raw);
    const keyType = required(element.KeyType, `KeyType in ${where}`);
    if (keyType !== 'HASH' && keyType !== 'RANGE') {
      throw new Error(`${where}: key type ${keyType} is not HASH or RANGE`);
    }
    return {
      AttributeName: required(element.AttributeName, `key name in ${where}`),
      KeyType: keyType,
    };
  });
}

function readProjection(value: unknown): Projection {
  const projection = recordOrEmpty(value);
  const type = optionalString(projection.ProjectionType) ?? 'ALL';
  if (type !== 'ALL' && type !== 'KEYS_ONLY' && type !== 'INCLUDE') {
    throw new Error(`Unknown ProjectionType ${type}`);
  }
  const nonKey = arrayOrEmpty(projection.NonKeyAttributes).flatMap((a) =>
    typeof a === 'string' ? [a] : [],
  );
  return { ProjectionType: type, ...(nonKey.length > 0 ? { NonKeyAttributes: nonKey } : {}) };
}

function readThroughput(
  value: unknown,
  billingMode: string,
  where: string,
): { ProvisionedThroughput?: ProvisionedThroughput } {
  if (billingMode === 'PAY_PER_REQUEST') return {};
  const throughput = recordOrEmpty(value);
  const read = optionalNumber(throughput.ReadCapacityUnits);
  const write = optionalNumber(throughput.WriteCapacityUnits);
  if (read === undefined || write === undefined) {
    throw new Error(`${where}: a PROVISIONED table or index needs ProvisionedThroughput`);
  }
  return { ProvisionedThroughput: { ReadCapacityUnits: read, WriteCapacityUnits: write } };
}
