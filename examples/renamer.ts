// A small renamer on top of @rename-feedback/client: it proposes a name for each file,
// rewritten the way the person likes names, lets the "person" decide, and records the
// decision. It renames nothing: it prints what it would propose.
//
//   npm start                                   # prints a user key
//   RENAME_FEEDBACK_KEY=<user key> npm run example:renamer -- [folder]
//
// Without a folder it uses a handful of camera-style names. RENAME_FEEDBACK_URL defaults
// to http://127.0.0.1:3000.
import { readdir } from 'node:fs/promises';
import { FeedbackClient, flushOnExit } from '@rename-feedback/client';

const apiKey = process.env.RENAME_FEEDBACK_KEY;
if (!apiKey) {
  console.error('Set RENAME_FEEDBACK_KEY to a user key (npm start prints one).');
  process.exit(1);
}
const folder = process.argv[2];
const files = folder
  ? (await readdir(folder, { withFileTypes: true })).filter((f) => f.isFile()).map((f) => f.name)
  : ['IMG_4032.JPG', 'IMG_4033.JPG', 'Scan 12-24-2024 FINAL.pdf', 'DSC00017.ARW', 'notes copy.txt'];
const userId = process.env.RENAME_FEEDBACK_USER ?? 'example-person';

const client = new FeedbackClient({
  baseUrl: process.env.RENAME_FEEDBACK_URL ?? 'http://127.0.0.1:3000',
  apiKey,
});
client.on('dropped', ({ item, reason }) => console.warn(`dropped ${item.proposalId}: ${reason}`));
client.on('rejected', ({ errors }) => console.warn('rejected:', errors));
client.on('pressure', ({ state, utilization }) =>
  console.warn(`queue pressure ${state} (${Math.round(utilization * 100)}%)`),
);
// On Ctrl-C or SIGTERM, what is queued is sent first; what cannot be is printed.
flushOnExit(client, {
  signals: ['SIGINT', 'SIGTERM'],
  onUndelivered: (items) => console.error(`${items.length} decisions not delivered`),
});

// The model a person sees: an experiment's variant if they are in one, else the default.
const { assignments } = await client.assignments(userId);
const variant = assignments.find((a) => a.inExperiment === true);
const modelVersion =
  variant?.modelVersion ?? (await client.defaultModel())?.modelVersion ?? 'example-v1';

for (const [n, original] of files.entries()) {
  const started = performance.now();
  const { filename: proposed } = await client.applyPreferences(userId, proposeName(original));
  // Stand-in for the person: approves most, edits some, rejects a few.
  const action = n % 5 === 3 ? 'modified' : n % 5 === 4 ? 'rejected' : 'approved';
  const answer = client.record({
    proposalId: `example-${Date.now()}-${n}`,
    originalFilename: original,
    proposedFilename: proposed,
    ...(action === 'modified' ? { userFilename: `edited ${proposed}` } : {}),
    action,
    confidence: 0.6 + (n % 4) / 10,
    modelVersion,
    userId,
    ...(variant ? { experimentId: variant.experimentId, variant: variant.variant } : {}),
    processingTimeMs: performance.now() - started,
  });
  console.log(
    `${original} -> ${proposed} (${action}${answer.queued ? '' : `, not queued: ${answer.reason}`})`,
  );
}

const { undelivered } = await client.close({ timeoutMs: 5000 });
const stats = client.stats();
console.log(
  `delivered ${stats.delivered}, rejected ${stats.rejected}, dropped ${stats.dropped}, ` +
    `undelivered ${undelivered.length}`,
);

/** The "model": a date and the name's words, lower case and hyphenated. */
function proposeName(original: string): string {
  const dot = original.lastIndexOf('.');
  const stem = dot > 0 ? original.slice(0, dot) : original;
  const extension = dot > 0 ? original.slice(dot).toLowerCase() : '';
  const words = stem.toLowerCase().match(/[a-z0-9]+/g) ?? ['file'];
  return `2024-06-01_${words.join('-')}${extension}`;
}
