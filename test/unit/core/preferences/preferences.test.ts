import { describe, expect, it } from 'vitest';
import type { ClaimedFeedback } from '#core/learning';
import { TENANT_PROFILE } from '#core/preferences/evidence';
import { parseName, renderName } from '#core/preferences/name-parts';
import { applyPreferences, buildPreferencesReport } from '#core/preferences/requests';
import { CounterStore } from '../../../../scripts/learning-evaluation';

const THRESHOLDS = { minEvidence: 3, minConfidence: 0.8, minPeople: 3 };

let sequence = 0;
function decision(
  proposed: string,
  chosen: string | null,
  overrides: Partial<ClaimedFeedback> = {},
): ClaimedFeedback {
  sequence += 1;
  return {
    id: `f-${sequence}`,
    tenantId: 'acme',
    modelVersion: 'v1',
    userId: 'alice',
    receivedAt: new Date('2024-06-01T10:00:00Z'),
    action: chosen === null ? 'approved' : 'modified',
    confidence: 0.7,
    processingTimeMs: null,
    originalFilename: 'IMG_0001.JPG',
    proposedFilename: proposed,
    userFilename: chosen,
    experimentId: null,
    variant: null,
    ...overrides,
  };
}

/** Learns the pairs (proposed -> chosen) for alice, in batches of 10, then rewrites `name`. */
function learnThenApply(pairs: Array<[string, string | null]>, name: string, userId = 'alice') {
  const store = new CounterStore();
  const rows = pairs.map(([proposed, chosen]) => decision(proposed, chosen));
  for (let i = 0; i < rows.length; i += 10) store.learn(rows.slice(i, i + 10));
  return {
    applied: applyPreferences(
      userId,
      name,
      { user: store.profile('acme', userId), tenant: store.profile('acme', TENANT_PROFILE) },
      THRESHOLDS,
    ),
    report: buildPreferencesReport(userId, store.profile('acme', userId), THRESHOLDS),
    store,
  };
}

const ruleOf = (
  report: ReturnType<typeof buildPreferencesReport>,
  dimension: string,
  value: string,
) => report.rules.find((rule) => rule.dimension === dimension && rule.value === value);

describe('taking a name apart', () => {
  it.each([
    '2024-06-01_beach_trip.jpg',
    'Beach Trip 01.06.2024.PDF',
    'ACMEBeachTrip20240601.png',
    'BEACH.TRIP.(1).2024.06.01.TXT',
    '_odd__name-.tar.gz',
    '.bashrc',
    'no extension 2024',
  ])('renders %s back exactly', (name) => {
    expect(renderName(parseName(name))).toBe(name);
  });

  it('finds words, one date and the extension', () => {
    const parsed = parseName('ACMEBeachTrip(1)_06-01-2024.JPG');
    expect(parsed.extension).toBe('JPG');
    expect(parsed.parts).toEqual([
      { kind: 'word', text: 'ACME' },
      { kind: 'word', text: 'Beach' },
      { kind: 'word', text: 'Trip' },
      { kind: 'word', text: '(1)' },
      { kind: 'date', date: { year: 2024, month: 6, day: 1 }, format: 'MM-DD-YYYY' },
    ]);
  });
});

describe('learning each dimension from modifications', () => {
  it('learns the word separator', () => {
    const { applied, report } = learnThenApply(
      [
        ['beach trip.jpg', 'beach_trip.jpg'],
        ['team-notes.txt', 'team_notes.txt'],
        ['tax.return.pdf', 'tax_return.pdf'],
      ],
      'summer party plan.png',
    );
    expect(ruleOf(report, 'separator', 'underscore')).toMatchObject({
      support: 3,
      contradictions: 0,
      confidence: 1,
      applies: true,
    });
    expect(applied.filename).toBe('summer_party_plan.png');
    expect(applied.appliedRules).toEqual([
      expect.objectContaining({ dimension: 'separator', value: 'underscore', source: 'user' }),
    ]);
  });

  it('learns camelCase as a separator that also sets the case', () => {
    const { applied } = learnThenApply(
      [
        ['beach trip.jpg', 'beachTrip.jpg'],
        ['Team_Notes.txt', 'teamNotes.txt'],
        ['TAX-RETURN.pdf', 'taxReturn.pdf'],
      ],
      'SUMMER PARTY.png',
    );
    expect(applied.filename).toBe('summerParty.png');
  });

  it('learns the letter case', () => {
    const { applied, report } = learnThenApply(
      [
        ['beach_trip.jpg', 'Beach_Trip.jpg'],
        ['TEAM_NOTES.txt', 'Team_Notes.txt'],
        ['tax return.pdf', 'Tax Return.pdf'],
      ],
      'summer party.png',
    );
    expect(ruleOf(report, 'case', 'title')?.applies).toBe(true);
    expect(applied.filename).toBe('Summer Party.png');
  });

  it('learns the date format and its position', () => {
    const { applied, report } = learnThenApply(
      [
        ['beach_20240601.jpg', '2024-06-01_beach.jpg'],
        ['notes_01.02.2023.txt', '2023-02-01_notes.txt'],
        ['tax_12-31-2022.pdf', '2022-12-31_tax.pdf'],
      ],
      'party_07-04-2024.png',
    );
    expect(ruleOf(report, 'dateFormat', 'YYYY-MM-DD')?.applies).toBe(true);
    expect(ruleOf(report, 'datePosition', 'prefix')?.applies).toBe(true);
    expect(applied.filename).toBe('2024-07-04_party.png');
    expect(applied.appliedRules.map((rule) => rule.dimension)).toEqual([
      'datePosition',
      'dateFormat',
    ]);
  });

  it('learns the tokens a person always removes', () => {
    const { applied, report } = learnThenApply(
      [
        ['beach_final.jpg', 'beach.jpg'],
        ['notes_final_(1).txt', 'notes.txt'],
        ['final_tax.pdf', 'tax.pdf'],
      ],
      'party_plan_final.png',
    );
    expect(ruleOf(report, 'removeToken', 'final')).toMatchObject({ support: 3, applies: true });
    // Seen once only: not enough evidence.
    expect(ruleOf(report, 'removeToken', '(1)')).toMatchObject({ support: 1, applies: false });
    expect(applied.filename).toBe('party_plan.png');
  });

  it('learns the words a person always adds, as typed', () => {
    const { applied, report } = learnThenApply(
      [
        ['beach_trip.jpg', 'ACME_beach_trip.jpg'],
        ['notes.txt', 'ACME_notes.txt'],
        ['tax_return.pdf', 'ACME_tax_return.pdf'],
      ],
      'party_plan.png',
    );
    expect(ruleOf(report, 'addPrefix', 'ACME')).toMatchObject({ support: 3, applies: true });
    expect(applied.filename).toBe('ACME_party_plan.png');
  });

  it('learns the case of the extension', () => {
    const { applied } = learnThenApply(
      [
        ['beach.JPG', 'beach.jpg'],
        ['notes.TXT', 'notes.txt'],
        ['tax.Pdf', 'tax.pdf'],
      ],
      'party.PNG',
    );
    expect(applied.filename).toBe('party.png');
  });
});

describe('evidence', () => {
  it('applies no rule before PREFERENCE_MIN_EVIDENCE modifications agree', () => {
    const { applied, report } = learnThenApply(
      [
        ['beach trip.jpg', 'beach_trip.jpg'],
        ['team-notes.txt', 'team_notes.txt'],
      ],
      'summer party.png',
    );
    expect(ruleOf(report, 'separator', 'underscore')).toMatchObject({ support: 2, applies: false });
    expect(applied).toMatchObject({
      filename: 'summer party.png',
      changed: false,
      appliedRules: [],
    });
  });

  it('weakens a rule with each contradicting name', () => {
    const consistent: Array<[string, string]> = [
      ['beach trip.jpg', 'beach_trip.jpg'],
      ['team-notes.txt', 'team_notes.txt'],
      ['tax.return.pdf', 'tax_return.pdf'],
      ['summer party.png', 'summer_party.png'],
    ];
    const before = learnThenApply(consistent, 'a b.png').report;
    const after = learnThenApply(
      [...consistent, ['old_photo.jpg', 'old-photo.jpg'], ['bank_loan.pdf', 'bank loan.pdf']],
      'a b.png',
    );
    expect(ruleOf(before, 'separator', 'underscore')).toMatchObject({
      support: 4,
      contradictions: 0,
    });
    expect(ruleOf(after.report, 'separator', 'underscore')).toMatchObject({
      support: 4,
      contradictions: 2,
      confidence: 4 / 6,
      applies: false,
    });
    expect(after.applied.filename).toBe('a b.png');
  });

  it('does not credit a value the proposal already had', () => {
    const { report } = learnThenApply(
      [
        ['beach_trip.jpg', 'beach_trip_old.jpg'],
        ['team_notes.txt', 'team_notes_old.txt'],
        ['tax_return.pdf', 'tax_return_old.pdf'],
      ],
      'x.png',
    );
    expect(ruleOf(report, 'separator', 'underscore')).toBeUndefined();
    expect(ruleOf(report, 'separator', 'unchanged')).toMatchObject({ support: 3 });
    expect(ruleOf(report, 'addSuffix', 'old')).toMatchObject({ support: 3, applies: true });
  });

  it('counts an approved proposal against a rule that would have changed it', () => {
    const { report } = learnThenApply(
      [
        ['beach.JPG', 'beach.jpg'],
        ['notes.TXT', 'notes.txt'],
        ['tax.PDF', 'tax.pdf'],
        ['party.PNG', null],
      ],
      'x.png',
    );
    expect(ruleOf(report, 'extensionCase', 'lower')).toMatchObject({
      support: 3,
      contradictions: 1,
    });
  });

  it('gives a person with no data no rules, and leaves names unchanged', () => {
    const { applied, report } = learnThenApply([], 'IMG_4032.JPG', 'nobody');
    expect(report.rules).toEqual([]);
    expect(applied).toMatchObject({ filename: 'IMG_4032.JPG', changed: false, appliedRules: [] });
  });
});

describe('the tenant profile', () => {
  const underscoreEdits = (userId: string) =>
    [
      ['beach trip.jpg', 'beach_trip.jpg'],
      ['team-notes.txt', 'team_notes.txt'],
      ['tax.return.pdf', 'tax_return.pdf'],
    ].map(([proposed, chosen]) => decision(proposed ?? '', chosen ?? null, { userId }));

  function applyFor(store: CounterStore, userId: string, name: string) {
    return applyPreferences(
      userId,
      name,
      { user: store.profile('acme', userId), tenant: store.profile('acme', TENANT_PROFILE) },
      THRESHOLDS,
    );
  }

  it("is not used for a newcomer while it is one person's habit", () => {
    const store = new CounterStore();
    store.learn(underscoreEdits('alice'));
    expect(applyFor(store, 'newcomer', 'a b.png').filename).toBe('a b.png');
  });

  it('is used for a newcomer once PREFERENCE_TENANT_MIN_PEOPLE people share the habit', () => {
    const store = new CounterStore();
    for (const userId of ['alice', 'bob', 'carol']) store.learn(underscoreEdits(userId));
    const applied = applyFor(store, 'newcomer', 'a b.png');
    expect(applied.filename).toBe('a_b.png');
    expect(applied.appliedRules).toEqual([
      expect.objectContaining({ dimension: 'separator', source: 'tenant' }),
    ]);
  });

  it('keeps tenants apart', () => {
    const store = new CounterStore();
    store.learn(underscoreEdits('alice'));
    expect(store.profile('other', 'alice')).toEqual({ observations: [], evidence: [] });
  });
});

describe('a rewrite', () => {
  it('is not made when it would break the file-name rules', () => {
    const long = `${'a'.repeat(120)} ${'b'.repeat(128)}.png`;
    const { applied } = learnThenApply(
      [
        ['beach_trip.jpg', 'ACME_PROJECT_beach_trip.jpg'],
        ['notes.txt', 'ACME_PROJECT_notes.txt'],
        ['tax_return.pdf', 'ACME_PROJECT_tax_return.pdf'],
      ],
      long,
    );
    expect(applied).toMatchObject({ filename: long, changed: false });
  });
});
