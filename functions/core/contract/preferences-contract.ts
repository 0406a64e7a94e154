import * as z from 'zod';
import { filenameSchema } from '../feedback';
import { RULE_DIMENSIONS } from '../preferences/evidence';

/** The largest body `POST .../preferences/apply` takes (else 413). */
export const APPLY_PREFERENCES_BODY_LIMIT_BYTES = 4 * 1024;

const count = z.number().int().nonnegative();

export const preferenceRuleSchema = z
  .object({
    dimension: z
      .enum(RULE_DIMENSIONS)
      .describe(
        'separator, case, dateFormat, datePosition, extensionCase: one choice each; ' +
          'removeToken: a word (lower case) the person removes; addPrefix / addSuffix: a ' +
          'word the person adds, as typed',
      ),
    value: z
      .string()
      .describe(
        'separator: space, underscore, hyphen, dot, camelCase; case: lower, upper, title; ' +
          'dateFormat: YYYY-MM-DD, YYYYMMDD, YYYY_MM_DD, YYYY.MM.DD, DD.MM.YYYY, MM-DD-YYYY; ' +
          'datePosition: prefix, suffix; extensionCase: lower, upper; any choice may be ' +
          '`unchanged` (the person keeps what the proposal has); a token otherwise',
      ),
    support: count.describe('Names the person changed to agree with the rule'),
    contradictions: count.describe('Names that disagree with it'),
    confidence: z.number().min(0).max(1).describe('support / (support + contradictions)'),
    applies: z
      .boolean()
      .describe('support >= PREFERENCE_MIN_EVIDENCE and confidence >= PREFERENCE_MIN_CONFIDENCE'),
  })
  .describe('A naming convention learned from the names a person chose');

/** `GET /v1/users/{userId}/preferences`. */
export const preferencesReportSchema = z
  .object({
    userId: z.string(),
    minEvidence: count.describe('PREFERENCE_MIN_EVIDENCE'),
    minConfidence: z.number().describe('PREFERENCE_MIN_CONFIDENCE'),
    observations: z
      .record(z.string(), count)
      .describe(
        'Per dimension, how many of the person’s names showed it (`tokens`: names compared word by word)',
      ),
    rules: z
      .array(preferenceRuleSchema)
      .describe('By dimension, strongest first; empty for a person with no modification learned'),
  })
  .describe("What was learned from one person's names");

export type PreferencesReport = z.infer<typeof preferencesReportSchema>;

/** `POST /v1/users/{userId}/preferences/apply`. */
export const applyPreferencesBodySchema = z
  .strictObject({
    filename: filenameSchema.describe(`A proposed name. ${filenameSchema.description}`),
  })
  .describe('A proposed name to rewrite with the person’s preferences');

export const applyPreferencesResultSchema = z
  .object({
    userId: z.string(),
    original: z.string().describe('The name as sent (NFC-normalized)'),
    filename: z.string().describe('The name rewritten by the rules that apply'),
    changed: z.boolean(),
    appliedRules: z
      .array(
        preferenceRuleSchema.extend({
          source: z
            .enum(['user', 'tenant'])
            .describe(
              "`tenant`: the tenant's shared rule, used while the person has fewer than " +
                'PREFERENCE_MIN_EVIDENCE names showing that dimension',
            ),
        }),
      )
      .describe('The rules that changed the name, in the order they ran'),
  })
  .describe('A proposed name rewritten the way the person would write it');

export type ApplyPreferencesResult = z.infer<typeof applyPreferencesResultSchema>;
