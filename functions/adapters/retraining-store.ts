import type pg from 'pg';
import type {
  CompletedJob,
  LearningStatus,
  TrainingJobView,
} from '#core/contract/learning-contract';
import type { DriftState } from '#core/drift';
import { driftRates } from '#core/drift';
import { ConflictError, NotFoundError } from '#core/errors';
import type { JobReason, JobStatus, RetrainState } from '#core/retraining';
import { logger } from './logger';
import { query, withTransaction } from './postgres';
import { countMetric, METRIC } from './service-metrics';
import { sendMessages } from './sqs';

/** Jobs shown per model version in the status, newest first. */
export const STATUS_JOBS_PER_VERSION = 20;

interface StateRow {
  tenant_id: string;
  model_version: string;
  feedback_since_last_job: string;
  reference_total: number;
  reference_approved: number;
  chunk_total: number;
  chunk_approved: number;
  recent_totals: number[];
  recent_approved: number[];
  drift_active: boolean;
  drift_z: number | null;
}

interface JobRow {
  id: string;
  tenant_id: string;
  model_version: string;
  reason: JobReason;
  status: JobStatus;
  created_at: Date;
  completed_at: Date | null;
  new_model_version: string | null;
  evaluation: CompletedJob['evaluation'] | null;
}

/** The message the external trainer receives on the retrain queue, one per job. */
export interface RetrainMessage {
  jobId: string;
  tenantId: string;
  modelVersion: string;
  reason: JobReason;
  createdAt: string;
}

const STATE_COLUMNS = `tenant_id, model_version, feedback_since_last_job, reference_total,
  reference_approved, chunk_total, chunk_approved, recent_totals, recent_approved,
  drift_active, drift_z`;
const JOB_COLUMNS = `id, tenant_id, model_version, reason, status, created_at, completed_at,
  new_model_version, evaluation`;

function stateOf(row: StateRow): RetrainState {
  return {
    feedbackSinceLastJob: Number(row.feedback_since_last_job),
    drift: {
      referenceTotal: row.reference_total,
      referenceApproved: row.reference_approved,
      chunkTotal: row.chunk_total,
      chunkApproved: row.chunk_approved,
      recentTotals: row.recent_totals,
      recentApproved: row.recent_approved,
      active: row.drift_active,
      z: row.drift_z,
    },
  };
}

/**
 * Locks (creating them if new) the state rows of these model versions, in the order given
 * (sorted by the caller), and returns them. Until the transaction ends, a concurrent batch
 * or a forced job of the same model version waits here: the updates serialize.
 */
export async function lockRetrainStates(
  client: pg.PoolClient,
  keys: readonly { tenantId: string; modelVersion: string }[],
): Promise<Map<string, RetrainState>> {
  // The no-op update is what locks an existing row and returns its latest committed values.
  const { rows } = await client.query<StateRow>(
    `INSERT INTO retrain_state AS r (tenant_id, model_version)
     SELECT * FROM unnest($1::text[], $2::text[])
     ON CONFLICT (tenant_id, model_version) DO UPDATE SET updated_at = now()
     RETURNING ${STATE_COLUMNS}`,
    [keys.map((k) => k.tenantId), keys.map((k) => k.modelVersion)],
  );
  return new Map(rows.map((row) => [stateKey(row.tenant_id, row.model_version), stateOf(row)]));
}

export function stateKey(tenantId: string, modelVersion: string): string {
  return `${tenantId}\u0000${modelVersion}`;
}

/** A locked state row's new values, and the jobs its feedback created. */
export interface RetrainUpdate {
  tenantId: string;
  modelVersion: string;
  state: RetrainState;
  jobs: readonly JobReason[];
}

/**
 * Writes locked state rows back and inserts the queued jobs (not yet published) they
 * created, in one statement: the rows are locked already, so its order is free.
 */
export async function saveRetrainStates(
  client: pg.PoolClient,
  updates: readonly RetrainUpdate[],
): Promise<void> {
  if (updates.length === 0) return;
  const drift = updates.map((u): DriftState => u.state.drift);
  const jobs = updates.flatMap((u) => u.jobs.map((reason) => ({ ...u, reason })));
  // Each window as an array literal: a ragged array of arrays cannot be one parameter.
  const literal = (values: readonly number[]) => `{${values.join(',')}}`;
  await client.query(
    `WITH saved AS (
       UPDATE retrain_state r SET feedback_since_last_job = u.feedback_since_last_job,
         reference_total = u.reference_total, reference_approved = u.reference_approved,
         chunk_total = u.chunk_total, chunk_approved = u.chunk_approved,
         recent_totals = u.recent_totals::integer[],
         recent_approved = u.recent_approved::integer[], drift_active = u.drift_active,
         drift_z = u.drift_z, updated_at = now()
         FROM unnest($1::text[], $2::text[], $3::bigint[], $4::integer[], $5::integer[],
                $6::integer[], $7::integer[], $8::text[], $9::text[], $10::boolean[],
                $11::float8[])
              AS u(tenant_id, model_version, feedback_since_last_job, reference_total,
                reference_approved, chunk_total, chunk_approved, recent_totals, recent_approved,
                drift_active, drift_z)
        WHERE r.tenant_id = u.tenant_id AND r.model_version = u.model_version
       RETURNING 1)
     INSERT INTO training_jobs (tenant_id, model_version, reason)
     SELECT * FROM unnest($12::text[], $13::text[], $14::text[])
      WHERE (SELECT count(*) FROM saved) >= 0`,
    [
      updates.map((u) => u.tenantId),
      updates.map((u) => u.modelVersion),
      updates.map((u) => u.state.feedbackSinceLastJob),
      drift.map((d) => d.referenceTotal),
      drift.map((d) => d.referenceApproved),
      drift.map((d) => d.chunkTotal),
      drift.map((d) => d.chunkApproved),
      drift.map((d) => literal(d.recentTotals)),
      drift.map((d) => literal(d.recentApproved)),
      drift.map((d) => d.active),
      drift.map((d) => d.z),
      jobs.map((j) => j.tenantId),
      jobs.map((j) => j.modelVersion),
      jobs.map((j) => j.reason),
    ],
  );
}

/**
 * Forces a job for a model version the tenant has feedback for (else 404). It counts as a
 * training job: the feedback count since the last job starts again from 0.
 */
export async function createManualJob(
  tenantId: string,
  modelVersion: string,
): Promise<TrainingJobView> {
  const job = await withTransaction(async (client) => {
    const reset = await client.query(
      `UPDATE retrain_state SET feedback_since_last_job = 0, updated_at = now()
        WHERE tenant_id = $1 AND model_version = $2`,
      [tenantId, modelVersion],
    );
    if (reset.rowCount === 0) {
      throw new NotFoundError(`No feedback has been learned for model version ${modelVersion}`);
    }
    const { rows } = await client.query<JobRow>(
      `INSERT INTO training_jobs (tenant_id, model_version, reason) VALUES ($1, $2, 'manual')
       RETURNING ${JOB_COLUMNS}`,
      [tenantId, modelVersion],
    );
    const [row] = rows;
    if (!row) throw new Error('INSERT ... RETURNING returned no row');
    return jobView(row);
  });
  countMetric(METRIC.trainingJobsCreated);
  return job;
}

/**
 * Records what the trainer produced: the job becomes `completed` and the new version's
 * parent is the job's version. Only a queued or running job of the tenant can complete
 * (else 404 or 409); the same completion sent again answers as the first did.
 */
export async function completeJob(
  tenantId: string,
  jobId: string,
  result: { newModelVersion: string; evaluation: Record<string, unknown> },
): Promise<CompletedJob> {
  return withTransaction(async (client) => {
    const { rows } = await client.query<JobRow & { same_result: boolean }>(
      `SELECT ${JOB_COLUMNS},
         (new_model_version = $3 AND evaluation = $4::jsonb) IS TRUE AS same_result
         FROM training_jobs WHERE id = $1 AND tenant_id = $2 FOR UPDATE`,
      [jobId, tenantId, result.newModelVersion, JSON.stringify(result.evaluation)],
    );
    const [job] = rows;
    if (!job) throw new NotFoundError('No training job with this id');
    if (job.status === 'completed' && job.same_result) return completedView(job);
    if (job.status !== 'queued' && job.status !== 'running') {
      throw new ConflictError(`The job is ${job.status}; only a queued or running job completes`);
    }
    if (result.newModelVersion === job.model_version) {
      throw new ConflictError('A model version cannot be its own parent');
    }
    const ancestors = await client.query(
      `WITH RECURSIVE up(model_version) AS (
         SELECT $2::text
         UNION
         SELECT l.parent_model_version FROM model_lineage l JOIN up
           ON l.tenant_id = $1 AND l.model_version = up.model_version)
       SELECT 1 FROM up WHERE model_version = $3`,
      [tenantId, job.model_version, result.newModelVersion],
    );
    if ((ancestors.rowCount ?? 0) > 0) {
      throw new ConflictError(
        `${result.newModelVersion} is an ancestor of ${job.model_version}: lineage cannot loop`,
      );
    }
    const linked = await client.query(
      `INSERT INTO model_lineage (tenant_id, model_version, parent_model_version, training_job_id)
       VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, model_version) DO NOTHING`,
      [tenantId, result.newModelVersion, job.model_version, job.id],
    );
    if (linked.rowCount === 0) {
      throw new ConflictError(`${result.newModelVersion} was already produced by another job`);
    }
    const updated = await client.query<JobRow>(
      `UPDATE training_jobs SET status = 'completed', completed_at = now(),
         new_model_version = $2, evaluation = $3::jsonb
       WHERE id = $1 RETURNING ${JOB_COLUMNS}`,
      [job.id, result.newModelVersion, JSON.stringify(result.evaluation)],
    );
    const [row] = updated.rows;
    if (!row) throw new Error('UPDATE ... RETURNING returned no row');
    return completedView(row);
  });
}

/** The tenant's model versions: progress to the next job, drift, recent jobs, parent. */
export async function readLearningStatus(
  tenantId: string,
): Promise<Omit<LearningStatus, 'backlog'>> {
  const [versions, jobs] = await Promise.all([
    query<Partial<StateRow> & { version: string; parent_model_version: string | null }>(
      `WITH versions AS (
         SELECT model_version FROM retrain_state WHERE tenant_id = $1
         UNION SELECT model_version FROM model_lineage WHERE tenant_id = $1)
       SELECT v.model_version AS version, s.feedback_since_last_job, s.reference_total,
         s.reference_approved, s.chunk_total, s.chunk_approved, s.recent_totals,
         s.recent_approved, s.drift_active, s.drift_z, l.parent_model_version
         FROM versions v
         LEFT JOIN retrain_state s ON s.tenant_id = $1 AND s.model_version = v.model_version
         LEFT JOIN model_lineage l ON l.tenant_id = $1 AND l.model_version = v.model_version
        ORDER BY v.model_version`,
      [tenantId],
    ),
    query<JobRow>(
      `SELECT ${JOB_COLUMNS} FROM (
         SELECT *, row_number() OVER (PARTITION BY model_version
                                      ORDER BY created_at DESC, id) AS n
           FROM training_jobs WHERE tenant_id = $1) j
        WHERE n <= $2 ORDER BY model_version, created_at DESC, id`,
      [tenantId, STATUS_JOBS_PER_VERSION],
    ),
  ]);
  const jobsByVersion = new Map<string, TrainingJobView[]>();
  for (const row of jobs.rows) {
    const list = jobsByVersion.get(row.model_version) ?? [];
    list.push(jobView(row));
    jobsByVersion.set(row.model_version, list);
  }
  return {
    modelVersions: versions.rows.map((row) => {
      const state =
        row.feedback_since_last_job === undefined || row.feedback_since_last_job === null
          ? undefined
          : stateOf({ ...(row as StateRow), tenant_id: tenantId, model_version: row.version });
      const rates = state ? driftRates(state.drift) : undefined;
      return {
        modelVersion: row.version,
        parentModelVersion: row.parent_model_version,
        feedbackSinceLastJob: state?.feedbackSinceLastJob ?? 0,
        drift: {
          active: state?.drift.active ?? false,
          zScore: state?.drift.z ?? null,
          referenceCount: state?.drift.referenceTotal ?? 0,
          referenceApprovalRate: rates?.referenceApprovalRate ?? null,
          recentCount: rates?.recentCount ?? 0,
          recentApprovalRate: rates?.recentApprovalRate ?? null,
        },
        jobs: jobsByVersion.get(row.version) ?? [],
      };
    }),
  };
}

/**
 * Sends the unpublished jobs of these tenants to the retrain queue and marks them
 * published. Rows are locked while sending and locked ones skipped, so two instances
 * publishing at once do not both send a job; a crash after sending and before the commit
 * sends it again later (the trainer deduplicates by `jobId`).
 */
export async function publishPendingJobs(
  queueUrl: string,
  filter: { tenantIds: readonly string[] } | { olderThanSeconds: number; limit: number },
): Promise<number> {
  return withTransaction(async (client) => {
    const { rows } =
      'tenantIds' in filter
        ? await client.query<JobRow>(
            `SELECT ${JOB_COLUMNS} FROM training_jobs
              WHERE published_at IS NULL AND tenant_id = ANY($1::text[])
              ORDER BY created_at, id FOR UPDATE SKIP LOCKED`,
            [filter.tenantIds],
          )
        : await client.query<JobRow>(
            `SELECT ${JOB_COLUMNS} FROM training_jobs
              WHERE published_at IS NULL AND created_at < now() - make_interval(secs => $1)
              ORDER BY created_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
            [filter.olderThanSeconds, filter.limit],
          );
    if (rows.length === 0) return 0;
    const sent = await sendMessages(
      queueUrl,
      rows.map((row) => {
        const message: RetrainMessage = {
          jobId: row.id,
          tenantId: row.tenant_id,
          modelVersion: row.model_version,
          reason: row.reason,
          createdAt: row.created_at.toISOString(),
        };
        return { id: row.id, body: JSON.stringify(message) };
      }),
    );
    if (sent.length > 0) {
      await client.query(
        `UPDATE training_jobs SET published_at = now(), publish_count = publish_count + 1
          WHERE id = ANY($1::uuid[])`,
        [sent],
      );
    }
    if (sent.length < rows.length) {
      logger.warn('Some training jobs were not published; the sweeper will retry', {
        unsent: rows.length - sent.length,
      });
    }
    return sent.length;
  });
}

/** Publishes right after a commit; a failure is logged and left to the sweeper. */
export async function publishJobsAfterCommit(
  queueUrl: string,
  tenantIds: readonly string[],
): Promise<void> {
  if (tenantIds.length === 0) return;
  try {
    // Almost every batch creates no job: one indexed look-up instead of a transaction.
    const pending = await query(
      'SELECT 1 FROM training_jobs WHERE published_at IS NULL AND tenant_id = ANY($1::text[]) LIMIT 1',
      [[...new Set(tenantIds)]],
    );
    if (pending.rowCount === 0) return;
    await publishPendingJobs(queueUrl, { tenantIds: [...new Set(tenantIds)] });
  } catch (error) {
    // The jobs are committed: they must not depend on the queue answering now.
    logger.warn('Publishing training jobs failed; the outbox sweeper will send them', { error });
  }
}

function jobView(row: JobRow): TrainingJobView {
  return {
    id: row.id,
    modelVersion: row.model_version,
    reason: row.reason,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
    newModelVersion: row.new_model_version,
  };
}

function completedView(row: JobRow): CompletedJob {
  return { ...jobView(row), evaluation: row.evaluation ?? {} };
}
