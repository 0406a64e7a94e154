import type { TrainingDataQuery, TrainingRow } from '#core/training-data';
import { query } from './postgres';

/** Rows per query: small pages keep each round trip and its memory small. */
const CHUNK = 500;

/**
 * A tenant's decisions in (received_at, id) order after the query's cursor, at most `max`,
 * read lazily as a keyset loop of small pages (pg-query-stream is not a dependency; this
 * needs no held connection between pages). Stopping the iteration stops the reading.
 */
export async function* readTrainingRows(
  tenantId: string,
  filter: TrainingDataQuery,
  max: number,
): AsyncGenerator<TrainingRow> {
  let after = filter.after;
  let left = max;
  while (left > 0) {
    const size = Math.min(CHUNK, left);
    const { rows } = await query<{
      id: string;
      received_at: string;
      original_filename: string;
      proposed_filename: string;
      user_filename: string | null;
      action: TrainingRow['action'];
      confidence: number;
      model_version: string;
    }>(
      `SELECT id,
              to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS received_at,
              original_filename, proposed_filename, user_filename, action, confidence, model_version
         FROM feedback
        WHERE tenant_id = $1
          AND ($2::text IS NULL OR model_version = $2)
          AND ($3::timestamptz IS NULL OR received_at >= $3)
          AND ($4::timestamptz IS NULL OR received_at < $4)
          AND ($5::timestamptz IS NULL OR (received_at, id) > ($5::timestamptz, $6::uuid))
        ORDER BY received_at, id
        LIMIT $7`,
      [
        tenantId,
        filter.modelVersion ?? null,
        filter.since ?? null,
        filter.until ?? null,
        after?.receivedAt ?? null,
        after?.id ?? null,
        size,
      ],
    );
    for (const row of rows) {
      yield {
        id: row.id,
        receivedAt: row.received_at,
        originalFilename: row.original_filename,
        proposedFilename: row.proposed_filename,
        userFilename: row.user_filename,
        action: row.action,
        confidence: row.confidence,
        modelVersion: row.model_version,
      };
    }
    const last = rows.at(-1);
    if (rows.length < size || !last) return;
    after = { receivedAt: last.received_at, id: last.id };
    left -= rows.length;
  }
}
