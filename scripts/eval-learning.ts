/**
 * `npm run eval:learning`: how well naming preferences are learned from 20 modifications
 * per person. Prints a table and exits non-zero when a target is missed.
 */
import { environment } from '../functions/config';
import { evaluateLearning, formatResults } from './learning-evaluation';

const env = environment();
const seed = Number(process.argv[2] ?? 20240601);
const runs = 10;
const results = evaluateLearning({
  seed,
  runs,
  trainingModifications: 20,
  testProposals: 200,
  thresholds: {
    minEvidence: env.PREFERENCE_MIN_EVIDENCE,
    minConfidence: env.PREFERENCE_MIN_CONFIDENCE,
    minPeople: env.PREFERENCE_TENANT_MIN_PEOPLE,
  },
});
console.log(
  `Naming preferences after 20 modifications per person, ${runs} runs of 200 fresh ` +
    `proposals each (seeds ${seed}..${seed + runs - 1}, ` +
    `min evidence ${env.PREFERENCE_MIN_EVIDENCE}, min confidence ${env.PREFERENCE_MIN_CONFIDENCE}):\n`,
);
console.log(formatResults(results));
const failed = results.filter((r) => !r.pass);
console.log(failed.length === 0 ? '\nAll targets met.' : `\n${failed.length} target(s) missed.`);
process.exitCode = failed.length === 0 ? 0 : 1;
