import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { synthesize } from '../local/emulator';
import { attributeSamples, type CpuProfile } from './profile/attribute-samples';
import { classifyEmulatorSample, EMULATOR_PHASES } from './profile/emulator-phases';
import { startSelfProfile } from './profile/self-profiler';
import { classifySubmitSample, SUBMIT_PHASES } from './profile/submit-phases';
import { measureWallPhases } from './profile/wall-phases';
import { keepAliveClient } from './support/http-client';
import { newFeedback, quantile, startBenchStack, templateVariable } from './support/local-stack';

/**
 * Where a warm `POST /v1/feedback` spends its time: a CPU profile of the submit instance
 * (bench/profile/cpu-profile-hook.cjs, loaded through NODE_OPTIONS) and one of the
 * emulator's own process (this one), over the same window of sequential requests after a
 * warm-up, each sample charged to a phase (bench/profile/*-phases.ts). Before them, unprofiled,
 * the latency the client saw and the emulator's floor in the same run: the same function's
 * cheapest answer (a 401, no I/O) and GET /v1/health (one PostgreSQL query and one SQS call).
 * After them, the wall time of each step, which a CPU profile cannot give (a step waiting on
 * a socket is idle in it): the function's modules in this process (bench/profile/wall-phases.ts).
 *
 *   npm run profile:submit -- [--requests 1000] [--idempotency] [--json] [--keep]
 *                              [--assembly <dir>]
 *
 * `--assembly` profiles an assembly synthesized elsewhere (an earlier commit's, for a before
 * and after: `npx cdk synth -c stage=local -o <dir> --quiet` in its checkout); its wall
 * phases are not measured, since they run this checkout's modules.
 * `--idempotency` sends an Idempotency-Key (a new one each request); `--keep` leaves the two
 * .cpuprofile files (Chrome DevTools or speedscope open them) and prints where they are.
 */
const args = process.argv.slice(2);
const at = args.indexOf('--requests');
const REQUESTS = at < 0 ? 1000 : Number(args[at + 1]);
const WARM_UP = 300;
const withIdempotency = args.includes('--idempotency');
const HOOK = path.resolve(import.meta.dirname, 'profile', 'cpu-profile-hook.cjs');

const assemblyAt = args.indexOf('--assembly');
const givenAssembly = assemblyAt < 0 ? undefined : args[assemblyAt + 1];

const profileDir = mkdtempSync(path.join(tmpdir(), 'rf-submit-profile-'));
const assemblyDir = givenAssembly
  ? path.resolve(givenAssembly)
  : await synthesize('cdk.out/profile-assembly');
// The template's own NODE_OPTIONS (source maps) stay: the profile must see what runs.
const templateOptions = (await templateVariable(assemblyDir, 'Submit', 'NODE_OPTIONS')) ?? '';
const stack = await startBenchStack({
  name: 'profile',
  assemblyDir,
  functionEnvironment: {
    Submit: {
      NODE_OPTIONS: `${templateOptions} --require ${HOOK}`.trim(),
      CPU_PROFILE_DIR: profileDir,
    },
  },
});
const client = keepAliveClient(stack.emulator.url);
const submit = () =>
  client.request(
    'POST',
    '/v1/feedback',
    withIdempotency ? { ...stack.headers, 'idempotency-key': randomUUID() } : stack.headers,
    JSON.stringify(newFeedback('profile')),
  );
// The same function and route, answered before any I/O: what the emulator's path costs.
const unauthorized = () =>
  client.request('POST', '/v1/feedback', { 'content-type': 'application/json' }, '{}');
const health = () => client.request('GET', '/v1/health');

for (let i = 0; i < WARM_UP; i++) {
  const answer = await submit();
  if (answer.status !== 202) throw new Error(`Warm-up answered ${answer.status}: ${answer.body}`);
  await unauthorized();
  await health();
}
const pids = stack.emulator.functionPids('Submit');
if (pids.length !== 1) throw new Error(`Expected one warm submit instance, found ${pids.length}`);
const pid = pids[0] as number;

// Latency first, without the profiler (sampling slows what it watches), interleaved so that
// the machine's noise falls on the floor and on submit alike.
const submitMs: number[] = [];
const floorMs: number[] = [];
const healthMs: number[] = [];
for (let i = 0; i < REQUESTS; i++) {
  submitMs.push((await submit()).ms);
  floorMs.push((await unauthorized()).ms);
  healthMs.push((await health()).ms);
}
// Then the profile: submits only, so that every sample of the instance is a submit's.
process.kill(pid, 'SIGUSR2');
await new Promise((resolve) => setTimeout(resolve, 300));
const stopSelf = await startSelfProfile();
for (let i = 0; i < REQUESTS; i++) await submit();
const emulatorProfile = await stopSelf();
process.kill(pid, 'SIGUSR2');
const submitFile = path.join(profileDir, `${pid}.cpuprofile`);
for (let waited = 0; !existsSync(submitFile); waited += 50) {
  if (waited > 10_000) throw new Error('The submit instance wrote no profile');
  await new Promise((resolve) => setTimeout(resolve, 50));
}
client.close();
const wallPhases = givenAssembly
  ? []
  : await measureWallPhases({
      databaseUrl: stack.databaseUrl,
      redisUrl: stack.redisUrl,
      sqsEndpoint: stack.emulator.sqsEndpoint,
      queueUrl: stack.emulator.queueUrl('FeedbackQueue'),
      userKey: stack.userKey,
      rounds: REQUESTS,
    });
await stack.stop();

const submitProfile = JSON.parse(readFileSync(submitFile, 'utf8')) as CpuProfile;
const submitPhases = perRequest(
  attributeSamples(submitProfile, classifySubmitSample),
  SUBMIT_PHASES,
  REQUESTS,
);
const emulatorPhases = perRequest(
  attributeSamples(emulatorProfile, classifyEmulatorSample),
  EMULATOR_PHASES,
  REQUESTS,
);
const result = {
  requests: REQUESTS,
  idempotencyKey: withIdempotency,
  latencyMs: {
    submit: { p50: quantile(submitMs, 0.5), p99: quantile(submitMs, 0.99) },
    floor401: { p50: quantile(floorMs, 0.5), p99: quantile(floorMs, 0.99) },
    health: { p50: quantile(healthMs, 0.5), p99: quantile(healthMs, 0.99) },
  },
  wallPhases,
  submitInstance: submitPhases,
  emulatorProcess: emulatorPhases,
};

if (args.includes('--json')) {
  console.log(JSON.stringify(result, null, 2));
} else {
  const { submit: s, floor401: f, health: h } = result.latencyMs;
  console.log(
    `\nwarm POST /v1/feedback, ${REQUESTS} sequential requests${withIdempotency ? ' with Idempotency-Key' : ''}, interleaved with the floor`,
  );
  console.log(`  submit p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms`);
  console.log(
    `  floor (same function, 401) p50 ${f.p50.toFixed(2)} ms, p99 ${f.p99.toFixed(2)} ms`,
  );
  console.log(`  GET /v1/health p50 ${h.p50.toFixed(2)} ms, p99 ${h.p99.toFixed(2)} ms`);
  console.log(`  submit - floor: ${(s.p50 - f.p50).toFixed(2)} ms at p50`);
  console.log('\nwall time of each step, in-process against the same services (p50, p90)');
  for (const { phase, p50Ms, p90Ms } of wallPhases) {
    console.log(
      `  ${phase.padEnd(48)} ${p50Ms.toFixed(3).padStart(7)} ${p90Ms.toFixed(3).padStart(8)} ms`,
    );
  }
  printPhases('submit instance CPU per submit', submitPhases);
  printPhases('emulator process CPU per submit (this benchmark client included)', emulatorPhases);
}
if (args.includes('--keep')) {
  const emulatorFile = path.join(profileDir, 'emulator.cpuprofile');
  writeFileSync(emulatorFile, JSON.stringify(emulatorProfile));
  console.error(`profiles: ${submitFile} ${emulatorFile}`);
} else {
  rmSync(profileDir, { recursive: true, force: true });
}

function perRequest(totals: Map<string, number>, order: readonly string[], requests: number) {
  const busy = [...totals].filter(([name]) => name !== 'idle').reduce((sum, [, ms]) => sum + ms, 0);
  return {
    cpuMsPerRequest: busy / requests,
    idleMsPerRequest: (totals.get('idle') ?? 0) / requests,
    phases: order
      .filter((name) => name !== 'idle')
      .map((name) => ({
        phase: name,
        cpuMsPerRequest: (totals.get(name) ?? 0) / requests,
        share: (totals.get(name) ?? 0) / busy,
      })),
  };
}

function printPhases(title: string, figures: ReturnType<typeof perRequest>): void {
  console.log(
    `\n${title}: ${figures.cpuMsPerRequest.toFixed(3)} ms busy, ${figures.idleMsPerRequest.toFixed(3)} ms idle`,
  );
  for (const { phase, cpuMsPerRequest, share } of figures.phases) {
    if (cpuMsPerRequest < 0.0005) continue;
    console.log(
      `  ${phase.padEnd(44)} ${cpuMsPerRequest.toFixed(3).padStart(7)} ms ${(share * 100).toFixed(1).padStart(5)}%`,
    );
  }
}

// The function modules the wall phases loaded keep their container-lifetime clients (the
// pg pool, ioredis, keep-alive agents) open, as they do in Lambda: nothing else ends them.
process.exit(0);
