import type { ClaimedFeedback } from '../learning';
import { CHOICE_DIMENSIONS, type ChoiceDimension, observeNaming } from './observe';

/** The user id of a tenant's shared profile: never a person's, whose ids have 1 to 128 characters. */
export const TENANT_PROFILE = '';

/** Per dimension: how many names were observed. `tokens` counts names compared word by word. */
export type ObservedDimension = ChoiceDimension | 'tokens';

/**
 * Per (dimension, value) counters. A choice's value; `token`: a word of a proposal (by
 * its lower-case key; changed = removed); `addPrefix` / `addSuffix`: a word added as typed.
 */
export type EvidenceDimension = ChoiceDimension | 'token' | 'addPrefix' | 'addSuffix';

export const RULE_DIMENSIONS = [
  ...CHOICE_DIMENSIONS,
  'removeToken',
  'addPrefix',
  'addSuffix',
] as const;
export type RuleDimension = (typeof RULE_DIMENSIONS)[number];

export interface ObservationCount {
  tenantId: string;
  userId: string;
  dimension: ObservedDimension;
  count: number;
}

export interface EvidenceCount {
  tenantId: string;
  userId: string;
  dimension: EvidenceDimension;
  value: string;
  /** Names the person changed to show this value (removed this token, added this word). */
  changed: number;
  /** Names whose proposal already showed it, and the person kept it. */
  kept: number;
}

/** What a batch adds to the counters, sorted by key so row locks are taken in one order. */
export interface PreferenceIncrements {
  observations: ObservationCount[];
  evidence: EvidenceCount[];
}

/**
 * Folds a batch into increments of each person's counters. Modified names are the
 * evidence; an approved proposal counts as a name the person kept as it was (it shows what
 * they accept, and contradicts a rule that would have changed it). Rejections say nothing
 * about names.
 */
export function countNamingEvidence(batch: readonly ClaimedFeedback[]): PreferenceIncrements {
  const observations = new Map<string, ObservationCount>();
  const evidence = new Map<string, EvidenceCount>();
  const observe = (row: ClaimedFeedback, dimension: ObservedDimension) => {
    const key = keyOf(row.tenantId, row.userId, dimension);
    const entry = observations.get(key);
    if (entry) entry.count += 1;
    else observations.set(key, { tenantId: row.tenantId, userId: row.userId, dimension, count: 1 });
  };
  const count = (
    row: ClaimedFeedback,
    dimension: EvidenceDimension,
    value: string,
    how: 'changed' | 'kept',
  ) => {
    const key = keyOf(row.tenantId, row.userId, dimension, value);
    let entry = evidence.get(key);
    if (!entry) {
      entry = { tenantId: row.tenantId, userId: row.userId, dimension, value, changed: 0, kept: 0 };
      evidence.set(key, entry);
    }
    entry[how] += 1;
  };
  for (const row of batch) {
    const finalName =
      row.action === 'modified'
        ? row.userFilename
        : row.action === 'approved'
          ? row.proposedFilename
          : null;
    if (finalName === null) continue;
    const observation = observeNaming(row.proposedFilename, finalName);
    for (const choice of observation.choices) {
      observe(row, choice.dimension);
      for (const value of choice.changed) count(row, choice.dimension, value, 'changed');
      for (const value of choice.kept) count(row, choice.dimension, value, 'kept');
    }
    const tokens = observation.tokens;
    if (!tokens) continue;
    observe(row, 'tokens');
    for (const key of tokens.kept) count(row, 'token', key, 'kept');
    for (const key of tokens.removed) count(row, 'token', key, 'changed');
    for (const word of tokens.addedPrefix) count(row, 'addPrefix', word, 'changed');
    for (const word of tokens.addedSuffix) count(row, 'addSuffix', word, 'changed');
  }
  return { observations: sortByKey(observations), evidence: sortByKey(evidence) };
}

/** A tenant-profile increment: `newPeople` have shown the value for the first time. */
export interface TenantEvidenceCount extends EvidenceCount {
  newPeople: number;
}

/**
 * The tenant profile's increments from its people's: counts summed, and `newPeople` the
 * people who changed a name to the value for the first time in this batch (`firstChange`
 * says who, from the stored counters), so the profile knows how many people stand behind
 * each of its rules without a rescan.
 */
export function toTenantIncrements(
  personal: PreferenceIncrements,
  firstChange: (row: EvidenceCount) => boolean,
): PreferenceIncrements & { evidence: TenantEvidenceCount[] } {
  const observations = new Map<string, ObservationCount>();
  for (const row of personal.observations) {
    const key = keyOf(row.tenantId, TENANT_PROFILE, row.dimension);
    const entry = observations.get(key);
    if (entry) entry.count += row.count;
    else observations.set(key, { ...row, userId: TENANT_PROFILE });
  }
  const evidence = new Map<string, TenantEvidenceCount>();
  for (const row of personal.evidence) {
    const key = keyOf(row.tenantId, TENANT_PROFILE, row.dimension, row.value);
    const newPeople = firstChange(row) ? 1 : 0;
    const entry = evidence.get(key);
    if (entry) {
      entry.changed += row.changed;
      entry.kept += row.kept;
      entry.newPeople += newPeople;
    } else {
      evidence.set(key, { ...row, userId: TENANT_PROFILE, newPeople });
    }
  }
  return { observations: sortByKey(observations), evidence: sortByKey(evidence) };
}

/** A counter's identity, comparable as a string in key order. */
export function keyOf(tenantId: string, userId: string, dimension: string, value = ''): string {
  return [tenantId, userId, dimension, value].join('\u0000');
}

function sortByKey<T>(entries: Map<string, T>): T[] {
  return [...entries.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, value]) => value);
}
