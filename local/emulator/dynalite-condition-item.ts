import { createRequire } from 'node:module';

/**
 * DynamoDB answers a failed condition of PutItem, UpdateItem or DeleteItem sent with
 * `ReturnValuesOnConditionCheckFailure: ALL_OLD` with the stored item in the error's body
 * (`Item`, beside `message`; the AWS SDK v3 surfaces it as `error.Item`). dynalite 4 drops
 * the parameter, so Powertools idempotency would only ever run its fallback path locally.
 *
 * Two small changes to dynalite's modules, which its actions share through require's cache:
 * its validation keeps the parameter (it drops members it has no type for; the type refuses
 * values other than ALL_OLD and NONE, as DynamoDB does), and `db.checkConditional`, which
 * the three actions call under the item's lock with the stored item in hand, adds that item
 * to its error: the very item the condition failed on, with no second read to race a write.
 */
interface DynaliteError extends Error {
  body: Record<string, unknown>;
}
type Check = (
  data: Record<string, unknown>,
  existingItem: Record<string, unknown> | undefined,
) => DynaliteError | null | undefined;

const requireDynalite = createRequire(import.meta.url);
let installed = false;

export function returnItemsOnConditionFailure(): void {
  if (installed) return;
  installed = true;
  for (const action of ['putItem', 'updateItem', 'deleteItem']) {
    const { types } = requireDynalite(`dynalite/validations/${action}.js`) as {
      types: Record<string, unknown>;
    };
    types.ReturnValuesOnConditionCheckFailure = { type: 'String', enum: ['ALL_OLD', 'NONE'] };
  }
  const db = requireDynalite('dynalite/db/index.js') as { checkConditional: Check };
  const check = db.checkConditional;
  db.checkConditional = (data, existingItem) => {
    const error = check(data, existingItem);
    if (error && existingItem && data.ReturnValuesOnConditionCheckFailure === 'ALL_OLD') {
      error.body = { ...error.body, Item: existingItem };
    }
    return error;
  };
}
