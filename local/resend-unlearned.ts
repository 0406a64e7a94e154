import {
  type ResendUnlearnedResult,
  resendUnlearnedResultSchema,
} from '../functions/core/sweep-request';
import type { Emulator } from './emulator';

/** The outbox sweeper's logical id (without its hash) in the template. */
const SWEEPER = 'OutboxSweeper';

/**
 * After a run was killed, its queues' messages are gone but their feedback is still in the
 * outbox (a row lives until `learn` learns it): the sweeper resends every such row now,
 * instead of 30 minutes later. Invoked again while it reports an incomplete run (it stops
 * before its timeout); resends the sweeper made no progress on fail the start, since
 * going on would leave feedback waiting half an hour. Returns how many were resent.
 */
export async function resendUnlearnedFeedback(emulator: Emulator): Promise<number> {
  let resent = 0;
  let notSentSince: string | undefined;
  for (;;) {
    const answer: ResendUnlearnedResult = resendUnlearnedResultSchema.parse(
      await emulator.invoke(SWEEPER, {
        action: 'resend-unlearned',
        ...(notSentSince === undefined ? {} : { notSentSince }),
      }),
    );
    resent += answer.resent;
    if (answer.complete) return resent;
    if (answer.resent === 0) {
      throw new Error(`${SWEEPER} could not resend unlearned feedback (nothing was sent)`);
    }
    notSentSince = answer.notSentSince;
  }
}
