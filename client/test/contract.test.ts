import { readFile } from 'node:fs/promises';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { BATCH_BODY_LIMIT_BYTES as API_BATCH_BODY_LIMIT_BYTES } from '../../functions/core/contract/feedback-contract';
import type { FieldError as ApiFieldError } from '../../functions/core/errors';
import type { feedbackInputSchema } from '../../functions/core/feedback';
import { MAX_FIELD_ERRORS_PER_ITEM as API_MAX_FIELD_ERRORS_PER_ITEM } from '../../functions/core/field-errors';
import { GENERATED_PATH, renderApiTypes } from '../scripts/api-types';
import { MAX_FIELD_ERRORS_PER_ITEM } from '../src/field-errors';
import type { FeedbackInput, FieldError } from '../src/index';
import { BATCH_BODY_LIMIT_BYTES } from '../src/validate';

describe("the client's contract with the API", () => {
  it('has types generated from the current openapi.json', async () => {
    const committed = await readFile(GENERATED_PATH, 'utf8');
    const regenerated = await renderApiTypes();
    // On failure: `npm run generate -w @rename-feedback/client` (or `npm run openapi`).
    expect(committed === regenerated, 'client/src/generated/api.ts is stale').toBe(true);
  });

  it("types a feedback and a field error exactly as the API's schemas do", () => {
    expectTypeOf<FeedbackInput>().toEqualTypeOf<z.input<typeof feedbackInputSchema>>();
    expectTypeOf<FieldError>().toEqualTypeOf<ApiFieldError>();
  });

  it("uses the API's limits", () => {
    expect(BATCH_BODY_LIMIT_BYTES).toBe(API_BATCH_BODY_LIMIT_BYTES);
    expect(MAX_FIELD_ERRORS_PER_ITEM).toBe(API_MAX_FIELD_ERRORS_PER_ITEM);
  });
});
