/**
 * An evaluation of the naming-preference learner on synthetic people with known styles,
 * run in-process on the pure core (no database). Names are written here with their own
 * small renderer, from a structured description, so the learner is judged against what
 * each person would have typed rather than against its own rewriting.
 */
import type { ClaimedFeedback } from '../functions/core/learning';
import {
  countNamingEvidence,
  type EvidenceCount,
  keyOf,
  type ObservationCount,
  TENANT_PROFILE,
  toTenantIncrements,
} from '../functions/core/preferences/evidence';
import { rewriteName } from '../functions/core/preferences/rewrite';
import {
  deriveRules,
  type ProfileCounters,
  type RuleThresholds,
  selectActiveRules,
} from '../functions/core/preferences/rules';

type Separator = ' ' | '_' | '-' | '.' | 'camel';
type WordCase = 'lower' | 'upper' | 'title';
type DateFormat =
  | 'YYYY-MM-DD'
  | 'YYYYMMDD'
  | 'YYYY_MM_DD'
  | 'YYYY.MM.DD'
  | 'DD.MM.YYYY'
  | 'MM-DD-YYYY';

/** A name described by its conventions: what a person changes when they edit one. */
interface NameSpec {
  words: string[];
  /** Words written as typed, before the others (a project code). */
  prefix: string[];
  date: { year: number; month: number; day: number } | null;
  dateFormat: DateFormat;
  datePosition: 'prefix' | 'suffix';
  separator: Separator;
  wordCase: WordCase;
  extension: string;
  extensionCase: 'lower' | 'upper';
}

const VOCABULARY = [
  'beach',
  'trip',
  'invoice',
  'march',
  'report',
  'team',
  'photo',
  'scan',
  'receipt',
  'budget',
  'meeting',
  'notes',
  'summer',
  'holiday',
  'contract',
  'offer',
  'family',
  'garden',
  'project',
  'review',
  'plan',
  'party',
  'birthday',
  'school',
  'tax',
  'bank',
  'statement',
  'insurance',
  'car',
  'kitchen',
];
// Words a person without a style might add: never in a proposal.
const EXTRA_WORDS = [
  'misc',
  'old',
  'new',
  'todo',
  'keep',
  'mine',
  'shared',
  'backup',
  'work',
  'home',
  'temp',
  'later',
];
// Words people often remove.
const NOISE = ['final', 'copy', '(1)'];
const SEPARATORS: Separator[] = [' ', '_', '-', '.', 'camel'];
const WORD_CASES: WordCase[] = ['lower', 'upper', 'title'];
const DATE_FORMATS: DateFormat[] = [
  'YYYY-MM-DD',
  'YYYYMMDD',
  'YYYY_MM_DD',
  'YYYY.MM.DD',
  'DD.MM.YYYY',
  'MM-DD-YYYY',
];
const EXTENSIONS = ['jpg', 'pdf', 'png', 'docx', 'txt'];

export type Random = () => number;

/** A seeded generator (mulberry32): the same seed gives the same evaluation. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;

/** A proposal from a model with no fixed conventions: every dimension varies. */
function randomProposal(random: Random): NameSpec {
  const words: string[] = [];
  const count = 1 + Math.floor(random() * 3);
  while (words.length < count) {
    const word = pick(random, VOCABULARY);
    if (!words.includes(word)) words.push(word);
  }
  // Often enough that a person who always removes one sees it a few times in 20 names.
  for (const token of NOISE) if (random() < 0.3) words.push(token);
  return {
    words,
    prefix: [],
    date:
      random() < 0.7
        ? {
            year: 2015 + Math.floor(random() * 11),
            month: 1 + Math.floor(random() * 12),
            day: 1 + Math.floor(random() * 28),
          }
        : null,
    dateFormat: pick(random, DATE_FORMATS),
    datePosition: random() < 0.5 ? 'prefix' : 'suffix',
    separator: pick(random, SEPARATORS),
    wordCase: pick(random, WORD_CASES),
    extension: pick(random, EXTENSIONS),
    extensionCase: random() < 0.5 ? 'lower' : 'upper',
  };
}

function caseWord(word: string, wordCase: WordCase): string {
  if (wordCase === 'lower') return word.toLowerCase();
  if (wordCase === 'upper') return word.toUpperCase();
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

function writeDate(date: NonNullable<NameSpec['date']>, format: DateFormat): string {
  const y = String(date.year);
  const m = String(date.month).padStart(2, '0');
  const d = String(date.day).padStart(2, '0');
  const written: Record<DateFormat, string> = {
    'YYYY-MM-DD': `${y}-${m}-${d}`,
    YYYYMMDD: `${y}${m}${d}`,
    YYYY_MM_DD: `${y}_${m}_${d}`,
    'YYYY.MM.DD': `${y}.${m}.${d}`,
    'DD.MM.YYYY': `${d}.${m}.${y}`,
    'MM-DD-YYYY': `${m}-${d}-${y}`,
  };
  return written[format];
}

/** Writes a described name; camelCase lowers the first word and capitalizes the others. */
export function writeName(spec: NameSpec): string {
  const words = [
    ...spec.prefix,
    ...spec.words.map((word, index) => {
      if (spec.separator !== 'camel') return caseWord(word, spec.wordCase);
      return spec.prefix.length === 0 && index === 0 ? word.toLowerCase() : caseWord(word, 'title');
    }),
  ];
  const parts = [...words];
  if (spec.date) {
    const date = writeDate(spec.date, spec.dateFormat);
    if (spec.datePosition === 'prefix') parts.unshift(date);
    else parts.push(date);
  }
  const stem = parts.join(spec.separator === 'camel' ? '' : spec.separator);
  const extension = spec.extensionCase === 'upper' ? spec.extension.toUpperCase() : spec.extension;
  return `${stem}.${extension}`;
}

export interface Person {
  name: string;
  style: string;
  /** Whether the person has a consistent style (else: random edits). */
  consistent: boolean;
  /** The name this person would choose for a proposal. */
  choose(proposal: NameSpec, random: Random): NameSpec;
}

const without = (words: string[], removed: string[]) =>
  words.filter((word) => !removed.includes(word));

export const STYLED_PEOPLE: Person[] = [
  {
    name: 'ana',
    style: 'lower_snake, ISO date prefix, lower-case extension',
    consistent: true,
    choose: (p) => ({
      ...p,
      separator: '_',
      wordCase: 'lower',
      dateFormat: 'YYYY-MM-DD',
      datePosition: 'prefix',
      extensionCase: 'lower',
    }),
  },
  {
    name: 'ben',
    style: 'Title Case with spaces, date as suffix',
    consistent: true,
    choose: (p) => ({ ...p, separator: ' ', wordCase: 'title', datePosition: 'suffix' }),
  },
  {
    name: 'chloe',
    style: "kebab-case, removes 'final' and 'copy'",
    consistent: true,
    choose: (p) => ({
      ...p,
      separator: '-',
      wordCase: 'lower',
      words: without(p.words, ['final', 'copy']),
    }),
  },
  {
    name: 'dev',
    style: "camelCase, project prefix 'ACME', YYYYMMDD suffix",
    consistent: true,
    choose: (p) => ({
      ...p,
      separator: 'camel',
      prefix: ['ACME'],
      dateFormat: 'YYYYMMDD',
      datePosition: 'suffix',
    }),
  },
  {
    name: 'eve',
    style: 'UPPER with dots, DD.MM.YYYY, upper-case extension',
    consistent: true,
    choose: (p) => ({
      ...p,
      separator: '.',
      wordCase: 'upper',
      dateFormat: 'DD.MM.YYYY',
      extensionCase: 'upper',
    }),
  },
  {
    name: 'finn',
    style: "lower case with spaces, removes '(1)'",
    consistent: true,
    choose: (p) => ({ ...p, separator: ' ', wordCase: 'lower', words: without(p.words, ['(1)']) }),
  },
];

/** One to three random edits per name: no convention wins. */
function randomEdit(p: NameSpec, random: Random): NameSpec {
  const edited: NameSpec = { ...p, words: [...p.words] };
  const edits = 1 + Math.floor(random() * 3);
  for (let i = 0; i < edits; i += 1) {
    switch (Math.floor(random() * 7)) {
      case 0:
        edited.separator = pick(random, SEPARATORS);
        break;
      case 1:
        edited.wordCase = pick(random, WORD_CASES);
        break;
      case 2:
        edited.dateFormat = pick(random, DATE_FORMATS);
        break;
      case 3:
        edited.datePosition = edited.datePosition === 'prefix' ? 'suffix' : 'prefix';
        break;
      case 4:
        edited.extensionCase = edited.extensionCase === 'lower' ? 'upper' : 'lower';
        break;
      case 5:
        if (edited.words.length > 1)
          edited.words.splice(Math.floor(random() * edited.words.length), 1);
        break;
      default: {
        const word = pick(random, EXTRA_WORDS);
        if (!edited.words.includes(word)) {
          if (random() < 0.5) edited.words.unshift(word);
          else edited.words.push(word);
        }
      }
    }
  }
  return edited;
}

export const UNSTYLED_PEOPLE: Person[] = ['gil', 'hana', 'ivo', 'jun'].map((name) => ({
  name,
  style: 'no style: 1 to 3 random edits',
  consistent: false,
  choose: randomEdit,
}));

export interface PersonResult {
  person: string;
  style: string;
  consistent: boolean;
  modifications: number;
  approvals: number;
  /** Fresh proposals the person would have kept as they were: the share already right. */
  alreadyRight: number;
  /** Styled: rewritten exactly to the person's choice. Unstyled: returned unchanged. */
  hits: number;
  trials: number;
  rate: number;
  /** The lowest rate of a single run. */
  worstRun: number;
  target: number;
  pass: boolean;
}

export interface EvaluationOptions {
  seed: number;
  /** Independent trainings (seeds `seed`, `seed + 1`, ...), each on a fresh tenant. */
  runs: number;
  trainingModifications: number;
  testProposals: number;
  thresholds: RuleThresholds;
}

export const STYLED_TARGET = 0.9;
export const UNSTYLED_TARGET = 0.95;

/**
 * Trains a tenant on every person (batches of 10, as SQS delivers them) and then rewrites
 * fresh proposals for each, `runs` times with fresh seeds; results are summed over the
 * runs. A person with a style passes when at least 90% are rewritten exactly to what they
 * would have chosen; a person without one when at least 95% come back unchanged.
 */
export function evaluateLearning(options: EvaluationOptions): PersonResult[] {
  const runs = Array.from({ length: options.runs }, (_, run) =>
    evaluateOnce({ ...options, seed: options.seed + run }),
  );
  return (runs[0] ?? []).map((first, index) => {
    const same = runs.map((run) => run[index] ?? first);
    const sum = (pick: (r: PersonResult) => number) => same.reduce((t, r) => t + pick(r), 0);
    const hits = sum((r) => r.hits);
    const trials = sum((r) => r.trials);
    const rate = hits / trials;
    return {
      ...first,
      modifications: sum((r) => r.modifications),
      approvals: sum((r) => r.approvals),
      alreadyRight: sum((r) => r.alreadyRight * r.trials) / trials,
      hits,
      trials,
      rate,
      worstRun: Math.min(...same.map((r) => r.rate)),
      pass: rate >= first.target,
    };
  });
}

function evaluateOnce(options: EvaluationOptions): PersonResult[] {
  const random = seededRandom(options.seed);
  const people = [...STYLED_PEOPLE, ...UNSTYLED_PEOPLE];
  const store = new CounterStore();
  const tally = new Map<string, { modifications: number; approvals: number }>();
  let batch: ClaimedFeedback[] = [];
  let sequence = 0;
  for (const person of people) {
    let modifications = 0;
    let approvals = 0;
    // A person who is happy with a proposal approves it: evidence too, but not a modification.
    while (
      modifications < options.trainingModifications &&
      approvals < 10 * options.trainingModifications
    ) {
      const spec = randomProposal(random);
      const proposed = writeName(spec);
      const chosen = writeName(person.choose(spec, random));
      const modified = chosen !== proposed;
      if (modified) modifications += 1;
      else approvals += 1;
      sequence += 1;
      batch.push(feedbackOf(sequence, person.name, proposed, modified ? chosen : null));
      if (batch.length === 10) {
        store.learn(batch);
        batch = [];
      }
    }
    tally.set(person.name, { modifications, approvals });
  }
  store.learn(batch);

  const tenantRules = deriveRules(store.profile('eval', TENANT_PROFILE), options.thresholds, {
    tenantProfile: true,
  });
  return people.map((person) => {
    const counters = store.profile('eval', person.name);
    const rules = deriveRules(counters, options.thresholds, { tenantProfile: false });
    const active = selectActiveRules(
      { counters, rules },
      { rules: tenantRules },
      options.thresholds,
    );
    let hits = 0;
    let alreadyRight = 0;
    for (let i = 0; i < options.testProposals; i += 1) {
      const spec = randomProposal(random);
      const proposed = writeName(spec);
      const chosen = writeName(person.choose(spec, random));
      const rewritten = rewriteName(proposed, active).filename;
      if (chosen === proposed) alreadyRight += 1;
      if (person.consistent ? rewritten === chosen : rewritten === proposed) hits += 1;
    }
    const rate = hits / options.testProposals;
    const target = person.consistent ? STYLED_TARGET : UNSTYLED_TARGET;
    const { modifications, approvals } = tally.get(person.name) ?? {
      modifications: 0,
      approvals: 0,
    };
    return {
      person: person.name,
      style: person.style,
      consistent: person.consistent,
      modifications,
      approvals,
      alreadyRight: alreadyRight / options.testProposals,
      hits,
      trials: options.testProposals,
      rate,
      worstRun: rate,
      target,
      pass: rate >= target,
    };
  });
}

function feedbackOf(
  sequence: number,
  userId: string,
  proposed: string,
  chosen: string | null,
): ClaimedFeedback {
  return {
    id: `eval-${sequence}`,
    tenantId: 'eval',
    modelVersion: 'eval',
    userId,
    receivedAt: new Date(Date.UTC(2024, 0, 1)),
    action: chosen === null ? 'approved' : 'modified',
    confidence: 0.5,
    processingTimeMs: null,
    originalFilename: 'IMG_0001.JPG',
    proposedFilename: proposed,
    userFilename: chosen,
    experimentId: null,
    variant: null,
  };
}

/**
 * The counters `learn` keeps in PostgreSQL, kept in memory and updated as the learner
 * updates them: a person's rows are added to, and the tenant's rows get the sums and the
 * people who changed a name to a value for the first time.
 */
export class CounterStore {
  private readonly observations = new Map<string, ObservationCount>();
  private readonly evidence = new Map<string, EvidenceCount & { people: number }>();

  learn(batch: readonly ClaimedFeedback[]): void {
    const personal = countNamingEvidence(batch);
    const firstChanges = new Set<string>();
    for (const row of personal.observations) this.addObservation(row);
    for (const row of personal.evidence) {
      const before = this.evidence.get(keyOf(row.tenantId, row.userId, row.dimension, row.value));
      if ((before?.changed ?? 0) === 0 && row.changed > 0) {
        firstChanges.add(keyOf(row.tenantId, row.userId, row.dimension, row.value));
      }
      this.addEvidence(row, 1);
    }
    const tenant = toTenantIncrements(personal, (row) =>
      firstChanges.has(keyOf(row.tenantId, row.userId, row.dimension, row.value)),
    );
    for (const row of tenant.observations) this.addObservation(row);
    for (const row of tenant.evidence) this.addEvidence(row, row.newPeople);
  }

  private addObservation(row: ObservationCount): void {
    const key = keyOf(row.tenantId, row.userId, row.dimension);
    const existing = this.observations.get(key);
    if (existing) existing.count += row.count;
    else this.observations.set(key, { ...row });
  }

  private addEvidence(row: EvidenceCount, people: number): void {
    const key = keyOf(row.tenantId, row.userId, row.dimension, row.value);
    const existing = this.evidence.get(key);
    const { tenantId, userId, dimension, value, changed, kept } = row;
    if (!existing) {
      this.evidence.set(key, { tenantId, userId, dimension, value, changed, kept, people });
    } else {
      existing.changed += changed;
      existing.kept += kept;
      // A person's row stands for one person; a tenant's counts people as they join it.
      if (userId === TENANT_PROFILE) existing.people += people;
    }
  }

  profile(tenantId: string, userId: string): ProfileCounters {
    const mine = <T extends { tenantId: string; userId: string }>(row: T) =>
      row.tenantId === tenantId && row.userId === userId;
    return {
      observations: [...this.observations.values()].filter(mine),
      evidence: [...this.evidence.values()].filter(mine),
    };
  }
}

/** The results as a table, one row per person. */
export function formatResults(results: readonly PersonResult[]): string {
  const header = [
    'person',
    'style',
    'training (all runs)',
    'already right',
    'measured',
    'result',
    'worst run',
    'target',
    'verdict',
  ];
  const rows = results.map((r) => [
    r.person,
    r.style,
    `${r.modifications} modified, ${r.approvals} approved`,
    percent(r.alreadyRight),
    r.consistent ? 'rewritten exactly' : 'left unchanged',
    `${percent(r.rate)} (${r.hits}/${r.trials})`,
    percent(r.worstRun),
    `>= ${percent(r.target)}`,
    r.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}
