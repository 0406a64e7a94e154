import { randomUUID } from 'node:crypto';
import type { ItemResult } from './contract/feedback-contract';
import { type FeedbackInput, feedbackInputSchema, fingerprintFeedback } from './feedback';
import { toFieldErrors } from './field-errors';

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
  relay(feedbackIds: string[]): Promise<void>;
}

export type { ItemResult };

/**
 * Validates each item on its own, stores the valid ones (feedback + outbox, one
 * transaction), then hands them to the relay. A retry of a stored decision is a
 * `duplicate` with the first id; a different decision for a decided proposal is a `conflict`.
 */
export async function submitFeedback(
  deps: { store: FeedbackStore; relay: FeedbackRelay },
  tenantId: string,
  items: readonly unknown[],
  pathPrefix: (index: number) => string = () => '',
): Promise<ItemResult[]> {
  const results: ItemResult[] = [];
  const firstByProposal = new Map<string, { index: number; feedback: NewFeedback }>();
  const repeats: { index: number; fingerprint: string; proposalId: string }[] = [];

  items.forEach((item, index) => {
    const parsed = feedbackInputSchema.safeParse(item, { reportInput: true });
    if (!parsed.success) {
      results.push({
        index,
        status: 'rejected',
        errors: toFieldErrors(parsed.error, pathPrefix(index)),
      });
      return;
    }
    const fingerprint = fingerprintFeedback(parsed.data);
    const proposalId = parsed.data.proposalId;
    if (firstByProposal.has(proposalId)) {
      repeats.push({ index, fingerprint, proposalId });
      return;
    }
    firstByProposal.set(proposalId, {
      index,
      feedback: { id: randomUUID(), input: parsed.data, fingerprint },
    });
  });

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
  if (inserted.length > 0) await deps.relay.relay(inserted);
  return results.sort((a, b) => a.index - b.index);
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
  };
}
