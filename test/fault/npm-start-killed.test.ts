import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { expect, inject, it } from 'vitest';
import { freePort } from '../support/free-port';
import { type LocalStack, startLocalStack } from '../support/local-stack';
import { FAULT_ENVIRONMENT, LogLines, startFaultServers } from './support/fault-system';
import { npmStartRegistry } from './support/private-servers';
import { runScenario, sleep } from './support/scenario';

/** The promise under test: every acknowledged feedback learned this soon after a restart. */
const RECOVERY_LIMIT_MS = 120_000;

// A power cut of the whole local stack mid-load: the emulator's queues (in memory) and
// every batch in flight are gone. What was acknowledged is committed with its outbox row,
// so the restart (which sees it was not stopped cleanly) must send it again, at once.
it('learns every acknowledged feedback within 2 minutes when npm start is SIGKILLed mid-load and restarted', async () => {
  const servers = await startFaultServers();
  const logs = new LogLines();
  const stacks: LocalStack[] = [];
  try {
    const environment = {
      PORT: String(await freePort()),
      DATABASE_URL: servers.databaseUrl,
      REDIS_URL: servers.redis.url,
      BOOTSTRAP_USER_KEY: servers.userKey,
      LOCAL_STATE_DIR: await mkdtemp(path.join(inject('faultRoot'), 'local-state-')),
      // Passed through to the functions by npm start, as the other scenarios set them.
      RATE_LIMIT_USER_PER_MINUTE: FAULT_ENVIRONMENT.RATE_LIMIT_USER_PER_MINUTE,
      RATE_LIMIT_METRICS_PER_MINUTE: FAULT_ENVIRONMENT.RATE_LIMIT_METRICS_PER_MINUTE,
    };
    const start = async () => {
      const stack = await startLocalStack({
        env: environment,
        log: logs.record,
        registry: npmStartRegistry(inject('faultRoot')),
        timeoutMs: 60_000,
      });
      stacks.push(stack);
      return stack;
    };
    const first = await start();
    let unlearnedAtKill: string[] = [];
    let restartedAt = 0;
    await runScenario({
      name: '5. npm start SIGKILLed, restarted',
      servers,
      stack: first,
      fault: async () => {
        // Kill while a few feedback are committed but not learned yet: their messages live
        // only in the stack's memory (queued, or in a batch in flight).
        const db = servers.db();
        const deadline = Date.now() + 10_000;
        let killed = false;
        while (!killed && Date.now() < deadline) {
          const { rows } = await db.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM feedback WHERE learned_at IS NULL',
          );
          killed = (rows[0]?.n ?? 0) >= 3;
          if (killed) await first.kill();
          else await sleep(5);
        }
        if (!killed) throw new Error('Nothing was ever waiting to be learned');
        // Read again with the stack dead: this is what the restart must recover.
        const { rows } = await db.query<{ id: string }>(
          'SELECT id FROM feedback WHERE learned_at IS NULL',
        );
        unlearnedAtKill = rows.map((row) => row.id);
        restartedAt = Date.now();
        await start();
      },
      learnedBy: () => restartedAt + RECOVERY_LIMIT_MS,
    });
    // The fault was felt: the restart met feedback the dead stack had not learned.
    expect(unlearnedAtKill.length).toBeGreaterThan(0);
    const { rows } = await servers
      .db()
      .query<{ last: Date }>('SELECT max(learned_at) AS last FROM feedback WHERE id = ANY($1)', [
        unlearnedAtKill,
      ]);
    const recoveredS = ((rows[0]?.last.getTime() ?? Number.NaN) - restartedAt) / 1000;
    console.log(
      `[fault] npm start: ${unlearnedAtKill.length} feedback unlearned at the kill, all learned ` +
        `${recoveredS.toFixed(1)} s after the restart began (ready in ${((stacks[1]?.readyMs ?? 0) / 1000).toFixed(1)} s)`,
    );
  } finally {
    try {
      for (const stack of stacks) await stack.kill();
    } finally {
      await servers.remove();
    }
  }
});
