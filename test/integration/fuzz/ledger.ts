import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import type pg from 'pg';
import type { Answer } from './conformance';
import type { FuzzRequest } from './requests';

type Body = Record<string, unknown>;

/** The states each lifecycle move leaves from: `@recent` picks an experiment in one. */
const LIFECYCLE_FROM: Record<string, readonly string[]> = {
  startExperiment: ['draft'],
  pauseExperiment: ['running'],
  resumeExperiment: ['paused'],
  concludeExperiment: ['running', 'paused'],
  cancelExperiment: ['draft', 'running', 'paused'],
};

/** A path parameter that stands for an id the fuzz created itself, resolved when sent. */
export const RECENT = '@recent';
const RECENT_MARK = encodeURIComponent(RECENT);
const EXPERIMENT_WRITES = new Set([
  'updateExperiment',
  'startExperiment',
  'pauseExperiment',
  'resumeExperiment',
  'concludeExperiment',
  'cancelExperiment',
]);

/**
 * What the accepted requests (the 2xx answers) say they stored. At the end, everything in
 * the suite's own database and tables must be accounted for by them: a row, a write or a
 * record nobody was told about was stored by a refused request. Counting this way holds
 * with requests in flight together, where counting rows around each request would not.
 */
export class Ledger {
  readonly feedback = new Set<string>();
  readonly manualJobs = new Set<string>();
  readonly completedJobs = new Set<string>();
  readonly trainedVersions = new Set<string>();
  /** Experiment id -> writes answered 2xx (the creation is the first): its version. */
  readonly experimentWrites = new Map<string, number>();
  readonly promotedBy = new Set<string>();
  readonly resultsLooked = new Set<string>();
  readonly assignments = new Set<string>();
  readonly idempotencyRecords = new Set<string>();
  /** The latest ids the fuzz itself created, for requests that name `@recent`. */
  private readonly recent = {
    feedback: [] as string[],
    job: [] as string[],
    experiment: [] as string[],
  };
  private picks = 0;
  /** The state each experiment was last answered in, so a lifecycle move can pick one it fits. */
  private readonly stateOf = new Map<string, string>();

  /**
   * The request with its `@recent` path parameter replaced by one of the last ids the fuzz
   * created of that kind: fixtures soon reach a final state (concluded, completed), and
   * the lifecycle routes need fresh material to answer anything but 404 and 409.
   */
  withRecentId(request: FuzzRequest): FuzzRequest {
    if (!request.target.includes(RECENT_MARK)) return request;
    const path = request.operation.path;
    const kind = path.startsWith('/v1/feedback/')
      ? 'feedback'
      : path.startsWith('/v1/learning/jobs/')
        ? 'job'
        : 'experiment';
    const from = LIFECYCLE_FROM[request.operation.operationId];
    const fitting = from
      ? this.recent.experiment.filter((e) => from.includes(this.stateOf.get(e) ?? ''))
      : [];
    const ids = (fitting.length > 0 ? fitting : this.recent[kind]).slice(-20);
    const id = ids[this.picks++ % Math.max(1, ids.length)] ?? RECENT;
    return { ...request, target: request.target.replace(RECENT_MARK, encodeURIComponent(id)) };
  }

  record(request: FuzzRequest, answer: Answer): void {
    if (answer.status < 200 || answer.status > 299) return;
    const id = request.operation.operationId;
    const idempotencyKey = request.headers['idempotency-key'];
    if (request.operation.idempotencyKey && idempotencyKey !== undefined) {
      this.idempotencyRecords.add(`${request.credential} ${id} ${idempotencyKey}`);
    }
    if (request.operation.responses.get(answer.status)?.mediaType !== 'application/json') return;
    const body = JSON.parse(answer.text) as Body;
    if (id === 'submitFeedback') this.stored('feedback', this.feedback, String(body.id));
    if (id === 'submitFeedbackBatch') {
      for (const item of body.results as Body[]) {
        if (item.id) this.stored('feedback', this.feedback, String(item.id));
      }
    }
    if (id === 'forceRetraining') this.stored('job', this.manualJobs, String(body.id));
    if (id === 'completeTrainingJob') {
      this.completedJobs.add(String(body.id));
      this.trainedVersions.add(String(body.newModelVersion));
    }
    if (id === 'createExperiment') {
      this.experimentWrites.set(String(body.experimentId), 1);
      this.recent.experiment.push(String(body.experimentId));
    }
    if (typeof body.experimentId === 'string' && typeof body.state === 'string') {
      this.stateOf.set(body.experimentId, body.state);
    }
    if (EXPERIMENT_WRITES.has(id)) {
      const experiment = String(body.experimentId);
      this.experimentWrites.set(experiment, (this.experimentWrites.get(experiment) ?? 0) + 1);
      if (body.promoted === true) this.promotedBy.add(experiment);
    }
    if (id === 'getExperimentResults' || id === 'concludeExperiment') {
      this.resultsLooked.add(String(body.experimentId));
    }
    if (id === 'getAssignment') {
      const userId = new URL(request.target, 'http://x').searchParams.get('userId');
      this.assignments.add(`${body.experimentId} ${userId}`);
    }
    if (id === 'getAssignments') {
      for (const a of body.assignments as Body[])
        this.assignments.add(`${a.experimentId} ${body.userId}`);
    }
  }

  private stored(kind: 'feedback' | 'job', ids: Set<string>, id: string) {
    if (!ids.has(id)) this.recent[kind].push(id);
    ids.add(id);
  }

  /** Every way the stored state differs from what the accepted requests account for. */
  async differences(db: pg.Pool, dynamodbEndpoint: string): Promise<string[]> {
    const found: string[] = [];
    const column = async (sql: string) => (await db.query<{ v: string }>(sql)).rows.map((r) => r.v);
    const same = (what: string, stored: string[], expected: Set<string>) => {
      const extra = stored.filter((v) => !expected.has(v));
      const missing = [...expected].filter((v) => !stored.includes(v));
      if (extra.length + missing.length > 0) {
        found.push(
          `${what}: ${extra.length} unaccounted (${extra.slice(0, 3)}), ${missing.length} missing`,
        );
      }
    };
    const within = (what: string, stored: string[], allowed: Set<string>) => {
      const extra = stored.filter((v) => !allowed.has(v));
      if (extra.length > 0)
        found.push(`${what}: ${extra.length} unaccounted (${extra.slice(0, 3)})`);
    };
    same('feedback', await column('SELECT id::text AS v FROM feedback'), this.feedback);
    same(
      'outbox rows after drain',
      await column('SELECT feedback_id::text AS v FROM outbox'),
      new Set(),
    );
    same('training jobs', await column('SELECT id::text AS v FROM training_jobs'), this.manualJobs);
    same(
      'completed jobs',
      await column("SELECT id::text AS v FROM training_jobs WHERE status = 'completed'"),
      this.completedJobs,
    );
    same(
      'model lineage',
      await column('SELECT model_version AS v FROM model_lineage'),
      this.trainedVersions,
    );
    within(
      'assignments',
      await column("SELECT experiment_id || ' ' || user_id AS v FROM experiment_assignments"),
      this.assignments,
    );
    within(
      'default models',
      await column('SELECT experiment_id AS v FROM tenant_default_models'),
      this.promotedBy,
    );
    within(
      'always-valid looks',
      await column('SELECT DISTINCT experiment_id AS v FROM experiment_always_valid'),
      this.resultsLooked,
    );
    const tables = await scanTables(dynamodbEndpoint);
    const versions = (tables.experiments ?? []).map(
      (item) => `${item.experimentId} v${item.version}`,
    );
    same(
      'experiments (id and version)',
      versions,
      new Set([...this.experimentWrites].map(([id, writes]) => `${id} v${writes}`)),
    );
    if ((tables.idempotency ?? []).length !== this.idempotencyRecords.size) {
      found.push(
        `idempotency records: ${tables.idempotency?.length} stored, ${this.idempotencyRecords.size} accounted for`,
      );
    }
    return found;
  }
}

/** The items of the stack's two DynamoDB tables, read directly. */
async function scanTables(
  endpoint: string,
): Promise<Record<'experiments' | 'idempotency', Body[]>> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const documents = DynamoDBDocumentClient.from(client);
  try {
    const { TableNames = [] } = await client.send(new ListTablesCommand({}));
    const scan = async (pattern: RegExp) => {
      const name = TableNames.find((table) => pattern.test(table));
      if (!name) throw new Error(`No table matches ${pattern}`);
      const items: Body[] = [];
      for await (const page of paginateScan({ client: documents }, { TableName: name })) {
        items.push(...((page.Items ?? []) as Body[]));
      }
      return items;
    };
    return { experiments: await scan(/Experiment/i), idempotency: await scan(/Idempotency/i) };
  } finally {
    client.destroy();
  }
}
