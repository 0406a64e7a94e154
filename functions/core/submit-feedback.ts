import { randomUUID } from 'node:crypto';
import type { ItemResult } from './contract/feedback-contract';
import { type FeedbackInput, feedbackInputSchema, fingerprintFeedback } from './feedback';
import {
  collectFieldErrors,
  MAX_FIELD_ERRORS_PER_ANSWER,
  MAX_FIELD_ERRORS_PER_ITEM,
} from './field-errors';

export interface NewFeedback {
  id: string;
  input: FeedbackInput;
  fingerprint: string;
}

/** What the store found for a proposal: our new row, or the decision stored before. */
export interface StoredFeedback {
  proposalId: string;
  id: string;
  fingerprint: string;
  inserted: boolean;
}

export interface FeedbackStore {
  /** Stores new feedback and its outbox rows in one transaction; reports existing decisions. */
  insert(tenantId: string, feedback: NewFeedback[]): Promise<StoredFeedback[]>;
}

export interface FeedbackRelay {
  /** Publishes the outbox rows of these feedback ids. Best effort: the sweeper retries. */
  relay(tenantId: string, feedbackIds: string[]): Promise<void>;
}

/** Where people were assigned in experiments: what feedback naming a variant is checked against. */
export interface AssignmentLookup {
  /**
   * The stored assignment of each (experiment, person) asked about that has one, keyed by
   * `assignmentKey`: a variant, or null when the person is outside the experiment.
   */
  find(
    tenantId: string,
    pairs: readonly { experimentId: string; userId: string }[],
  ): Promise<Map<string, string | null>>;
}

export function assignmentKey(experimentId: string, userId: string): string {
  return `${experimentId}\u0000${userId}`;
}

export type { ItemResult };

/**
 * Validates each item on its own, stores the valid ones (feedback + outbox, one
 * transaction), then hands them to the relay. A retry of a stored decision is a
 * `duplicate` with the first id; a different decision for a decided proposal is a `conflict`.
 */
export async function submitFeedback(
  deps: { store: FeedbackStore; relay: FeedbackRelay; assignments?: AssignmentLookup },
  tenantId: string,
  items: readonly unknown[],
  pathPrefix: (index: number) => string = () => '',
): Promise<ItemResult[]> {
  const results: ItemResult[] = [];
  const firstByProposal = new Map<string, { index: number; feedback: NewFeedback }>();
  const repeats: { index: number; fingerprint: string; proposalId: string }[] = [];

  const valid: { index: number; input: FeedbackInput }[] = [];
  items.forEach((item, index) => {
    const parsed = feedbackInputSchema.safeParse(item, { reportInput: true });
    if (!parsed.success) {
      const listed = collectFieldErrors(parsed.error, pathPrefix(index), MAX_FIELD_ERRORS_PER_ITEM);
      results.push({
        index,
        status: 'rejected',
        errors: listed.errors,
        omittedErrors: listed.omitted,
      });
      return;
    }
    valid.push({ index, input: parsed.data });
  });

  const assigned = await findAssignments(deps.assignments, tenantId, valid);
  for (const { index, input } of valid) {
    if (input.experimentId !== undefined && input.variant !== undefined) {
      const stored = assigned.get(assignmentKey(input.experimentId, input.userId));
      // No stored assignment: accepted as stated (the person may have been assigned by a
      // client-side SDK with the same hash). A stored one must match.
      if (stored !== undefined && stored !== input.variant) {
        const prefix = pathPrefix(index);
        results.push({
          index,
          status: 'rejected',
          errors: [
            {
              path: prefix ? `${prefix}.variant` : 'variant',
              rule: 'matchesAssignment',
              message:
                stored === null
                  ? 'this person is not in the experiment'
                  : `this person is assigned to variant "${stored}"`,
            },
          ],
          omittedErrors: 0,
        });
        continue;
      }
    }
    const fingerprint = fingerprintFeedback(input);
    const proposalId = input.proposalId;
    if (firstByProposal.has(proposalId)) {
      repeats.push({ index, fingerprint, proposalId });
      continue;
    }
    firstByProposal.set(proposalId, {
      index,
      feedback: { id: randomUUID(), input, fingerprint },
    });
  }

  const fresh = [...firstByProposal.values()];
  const stored =
    fresh.length > 0
      ? await deps.store.insert(
          tenantId,
          fresh.map((f) => f.feedback),
        )
      : [];
  const storedByProposal = new Map(stored.map((s) => [s.proposalId, s]));

  for (const { index, feedback } of fresh) {
    const found = storedByProposal.get(feedback.input.proposalId);
    if (!found) throw new Error(`Store did not report proposal ${feedback.input.proposalId}`);
    results.push(classify(index, feedback.fingerprint, found, pathPrefix(index)));
  }
  for (const repeat of repeats) {
    const found = storedByProposal.get(repeat.proposalId);
    if (!found) throw new Error(`Store did not report proposal ${repeat.proposalId}`);
    results.push(
      classify(
        repeat.index,
        repeat.fingerprint,
        { ...found, inserted: false },
        pathPrefix(repeat.index),
      ),
    );
  }

  const inserted = stored.filter((s) => s.inserted).map((s) => s.id);
  if (inserted.length > 0) await deps.relay.relay(tenantId, inserted);
  return withinAnswerBudget(results.sort((a, b) => a.index - b.index));
}

/**
 * Lists at most MAX_FIELD_ERRORS_PER_ANSWER field errors over all items, earliest items
 * first, counting the rest in each item's `omittedErrors`: 500 items of 20 errors each
 * would otherwise make an answer of megabytes.
 */
function withinAnswerBudget(results: ItemResult[]): ItemResult[] {
  let budget = MAX_FIELD_ERRORS_PER_ANSWER;
  return results.map((result) => {
    if (!('errors' in result)) return result;
    const kept = result.errors.slice(0, budget);
    budget -= kept.length;
    if (kept.length === result.errors.length) return result;
    return {
      ...result,
      errors: kept,
      omittedErrors: result.omittedErrors + result.errors.length - kept.length,
    };
  });
}

/** One indexed query for the items that name an experiment; none when no item does. */
async function findAssignments(
  lookup: AssignmentLookup | undefined,
  tenantId: string,
  items: readonly { input: FeedbackInput }[],
): Promise<Map<string, string | null>> {
  const pairs = items.flatMap(({ input }) =>
    input.experimentId === undefined
      ? []
      : [{ experimentId: input.experimentId, userId: input.userId }],
  );
  if (!lookup || pairs.length === 0) return new Map();
  return lookup.find(tenantId, pairs);
}

function classify(
  index: number,
  fingerprint: string,
  found: StoredFeedback,
  prefix: string,
): ItemResult {
  if (found.inserted) return { index, status: 'accepted', id: found.id };
  if (found.fingerprint === fingerprint) return { index, status: 'duplicate', id: found.id };
  return {
    index,
    status: 'conflict',
    id: found.id,
    errors: [
      {
        path: prefix ? `${prefix}.proposalId` : 'proposalId',
        rule: 'oneDecisionPerProposal',
        message: 'this proposal already has a different decision',
      },
    ],
    omittedErrors: 0,
  };
}
