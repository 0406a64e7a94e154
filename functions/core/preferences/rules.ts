import {
  type EvidenceDimension,
  type ObservedDimension,
  RULE_DIMENSIONS,
  type RuleDimension,
} from './evidence';
import { tokenKey } from './name-parts';
import { CHOICE_DIMENSIONS, type ChoiceDimension, UNCHANGED } from './observe';

/** When a learned rule is trusted enough to rewrite names. */
export interface RuleThresholds {
  /** Observations that must agree with the rule (PREFERENCE_MIN_EVIDENCE). */
  minEvidence: number;
  /** Share of the observations that must agree (PREFERENCE_MIN_CONFIDENCE). */
  minConfidence: number;
  /** For the tenant profile: people who must have shown the rule (PREFERENCE_TENANT_MIN_PEOPLE). */
  minPeople: number;
}

/** A profile's counters as stored: a person's, or the tenant's shared one. */
export interface ProfileCounters {
  observations: ReadonlyArray<{ dimension: ObservedDimension; count: number }>;
  evidence: ReadonlyArray<{
    dimension: EvidenceDimension;
    value: string;
    changed: number;
    kept: number;
    /** People who changed a name to the value; 1 for a person's own profile. */
    people: number;
  }>;
}

export interface PreferenceRule {
  dimension: RuleDimension;
  value: string;
  /** Names the person changed to agree with the rule. */
  support: number;
  /** Names that disagree with it. */
  contradictions: number;
  /** support / (support + contradictions). */
  confidence: number;
  /** Whether it is trusted enough to rewrite names. */
  applies: boolean;
  people: number;
}

/**
 * The rules a profile's counters support, with their evidence. Only a change is
 * evidence for a value: a proposal that already had it and was kept says nothing about a
 * preference. Every observed name that shows another value contradicts it; a token
 * removal is contradicted by each name that kept the token; a word addition by each name
 * that lacked the word and did not get it there. `unchanged` (keep what the proposal has)
 * is supported by each name that kept the dimension as proposed. A rule applies once
 * `minEvidence` names support it and they are at least `minConfidence` of the support
 * and contradictions together (and, for a tenant profile, `minPeople` people showed it).
 */
export function deriveRules(
  counters: ProfileCounters,
  thresholds: RuleThresholds,
  options: { tenantProfile: boolean },
): PreferenceRule[] {
  const observed = new Map(counters.observations.map((o) => [o.dimension, o.count]));
  const tokens = new Map(
    counters.evidence.filter((row) => row.dimension === 'token').map((row) => [row.value, row]),
  );
  const rules: PreferenceRule[] = [];
  const add = (
    dimension: RuleDimension,
    value: string,
    support: number,
    against: number,
    people: number,
  ) => {
    if (support <= 0) return;
    const contradictions = Math.max(0, against);
    const confidence = support / (support + contradictions);
    rules.push({
      dimension,
      value,
      support,
      contradictions,
      confidence,
      people,
      applies:
        support >= thresholds.minEvidence &&
        confidence >= thresholds.minConfidence &&
        (!options.tenantProfile || people >= thresholds.minPeople),
    });
  };
  for (const row of counters.evidence) {
    if (row.dimension === 'token') {
      add('removeToken', row.value, row.changed, row.kept, row.people);
    } else if (row.dimension === 'addPrefix' || row.dimension === 'addSuffix') {
      const present = tokens.get(tokenKey(row.value));
      // Names whose proposal lacked the word, minus those where it was added here.
      const lacked = (observed.get('tokens') ?? 0) - (present ? present.changed + present.kept : 0);
      add(row.dimension, row.value, row.changed, lacked - row.changed, row.people);
    } else if (row.value === UNCHANGED) {
      const observations = observed.get(row.dimension) ?? 0;
      add(row.dimension, row.value, row.kept, observations - row.kept, row.people);
    } else {
      const observations = observed.get(row.dimension) ?? 0;
      add(row.dimension, row.value, row.changed, observations - row.changed - row.kept, row.people);
    }
  }
  return rules.sort(compareRules);
}

/** Rules by dimension (in RULE_DIMENSIONS order), then strongest first, then by value. */
function compareRules(a: PreferenceRule, b: PreferenceRule): number {
  const dimension = RULE_DIMENSIONS.indexOf(a.dimension) - RULE_DIMENSIONS.indexOf(b.dimension);
  if (dimension !== 0) return dimension;
  if (a.confidence !== b.confidence) return b.confidence - a.confidence;
  // On a tie, keeping the proposal as it is wins: it is the rule that changes nothing.
  if ((a.value === UNCHANGED) !== (b.value === UNCHANGED)) return a.value === UNCHANGED ? -1 : 1;
  if (a.support !== b.support) return b.support - a.support;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

export type RuleSource = 'user' | 'tenant';

export interface ActiveRule extends PreferenceRule {
  source: RuleSource;
}

/** The rules that rewrite a person's names: at most one per choice, any number of token rules. */
export interface ActiveProfile {
  choices: Partial<Record<ChoiceDimension, ActiveRule>>;
  remove: ActiveRule[];
  addPrefix: ActiveRule[];
  addSuffix: ActiveRule[];
}

/**
 * The rules in effect for a person. Each dimension uses the person's own rules once they
 * have `minEvidence` observations of it (even when none of them applies: a person with
 * no consistent habit keeps the proposal), and the tenant's shared rules before that.
 */
export function selectActiveRules(
  user: { counters: ProfileCounters; rules: readonly PreferenceRule[] },
  tenant: { rules: readonly PreferenceRule[] },
  thresholds: RuleThresholds,
): ActiveProfile {
  const observed = new Map(user.counters.observations.map((o) => [o.dimension, o.count]));
  const sourceFor = (
    dimension: ObservedDimension,
  ): { rules: readonly PreferenceRule[]; source: RuleSource } =>
    (observed.get(dimension) ?? 0) >= thresholds.minEvidence
      ? { rules: user.rules, source: 'user' }
      : { rules: tenant.rules, source: 'tenant' };
  const active: ActiveProfile = { choices: {}, remove: [], addPrefix: [], addSuffix: [] };
  for (const dimension of CHOICE_DIMENSIONS) {
    const { rules, source } = sourceFor(dimension);
    // Rules are sorted strongest first within a dimension.
    const best = rules.find((rule) => rule.dimension === dimension && rule.applies);
    if (best) active.choices[dimension] = { ...best, source };
  }
  const { rules, source } = sourceFor('tokens');
  for (const rule of rules) {
    if (!rule.applies) continue;
    if (rule.dimension === 'removeToken') active.remove.push({ ...rule, source });
    if (rule.dimension === 'addPrefix') active.addPrefix.push({ ...rule, source });
    if (rule.dimension === 'addSuffix') active.addSuffix.push({ ...rule, source });
  }
  return active;
}
