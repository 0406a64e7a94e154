import * as z from 'zod';
import type { ApplyPreferencesResult, PreferencesReport } from '../contract/preferences-contract';
import { applyPreferencesBodySchema } from '../contract/preferences-contract';
import { ValidationError } from '../errors';
import { filenameSchema, userIdSchema } from '../feedback';
import { toFieldErrors } from '../field-errors';
import { rewriteName } from './rewrite';
import { deriveRules, type ProfileCounters, type RuleThresholds, selectActiveRules } from './rules';

/** The `{userId}` path parameter (API Gateway hands it over URL-decoded). */
export function parseUserId(raw: string | undefined): string {
  const parsed = z
    .object({ userId: userIdSchema })
    .safeParse({ userId: raw }, { reportInput: true });
  if (!parsed.success) {
    throw new ValidationError('The user id in the path is invalid', {
      errors: toFieldErrors(parsed.error),
    });
  }
  return parsed.data.userId;
}

/** The body of `POST .../preferences/apply`. */
export function parseApplyBody(body: unknown): { filename: string } {
  const parsed = applyPreferencesBodySchema.safeParse(body, { reportInput: true });
  if (!parsed.success) {
    throw new ValidationError('The body is invalid', { errors: toFieldErrors(parsed.error) });
  }
  return parsed.data;
}

/** What was learned from one person's names: every rule with its evidence. */
export function buildPreferencesReport(
  userId: string,
  counters: ProfileCounters,
  thresholds: RuleThresholds,
): PreferencesReport {
  const rules = deriveRules(counters, thresholds, { tenantProfile: false });
  return {
    userId,
    minEvidence: thresholds.minEvidence,
    minConfidence: thresholds.minConfidence,
    observations: Object.fromEntries(
      [...counters.observations]
        .sort((a, b) => (a.dimension < b.dimension ? -1 : 1))
        .map((o) => [o.dimension, o.count]),
    ),
    rules: rules.map(({ people: _people, ...rule }) => rule),
  };
}

/**
 * Rewrites a proposed name with a person's rules, falling back to the tenant's shared
 * rules for each dimension the person has shown fewer than `minEvidence` times. A rewrite
 * that would break the file-name rules (longer than 255 bytes, say) is not made.
 */
export function applyPreferences(
  userId: string,
  filename: string,
  counters: { user: ProfileCounters; tenant: ProfileCounters },
  thresholds: RuleThresholds,
): ApplyPreferencesResult {
  const userRules = deriveRules(counters.user, thresholds, { tenantProfile: false });
  const tenantRules = deriveRules(counters.tenant, thresholds, { tenantProfile: true });
  const active = selectActiveRules(
    { counters: counters.user, rules: userRules },
    { rules: tenantRules },
    thresholds,
  );
  const rewrite = rewriteName(filename, active);
  const valid = filenameSchema.safeParse(rewrite.filename);
  if (!valid.success || rewrite.filename === filename) {
    return { userId, original: filename, filename, changed: false, appliedRules: [] };
  }
  return {
    userId,
    original: filename,
    filename: valid.data,
    changed: true,
    appliedRules: rewrite.appliedRules.map(({ people: _people, ...rule }) => rule),
  };
}
