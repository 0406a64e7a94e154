/**
 * When the sweeper sends feedback again. A message's whole life in the queue is at most
 * maxReceiveCount (5) x the visibility timeout (180 s) = 15 minutes before it is
 * dead-lettered; feedback still unlearned twice that long after its last send was lost
 * (not merely slow), so it is sent again, at most `maxPublishes` times in all.
 */
export const FeedbackQueueLimits = {
  republishAfterSeconds: 30 * 60,
  maxPublishes: 3,
} as const;
