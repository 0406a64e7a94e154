import type { Learner } from './learner';

/**
 * Last of the learners: gives each tenant of the batch a new learned-state version, in the
 * same transaction as what the others wrote. Cached reads key on this version (see
 * ../learned-cache.ts), so the commit that changes what is learned is the invalidation:
 * nothing has to reach Redis afterwards. Rows are locked in tenant order, last, so batches
 * of one tenant queue here only for the moment before their commit.
 */
export const learnedStateVersion: Learner = {
  name: 'learned-state-version',
  prepare(batch) {
    const tenantIds = [...new Set(batch.map((feedback) => feedback.tenantId))].sort();
    return {
      async writeSharedRows(client) {
        await client.query(
          `INSERT INTO learned_state_versions (tenant_id)
           SELECT tenant_id FROM unnest($1::text[]) AS t(tenant_id) ORDER BY tenant_id
           ON CONFLICT (tenant_id) DO UPDATE
             SET version = learned_state_versions.version + 1,
                 token = gen_random_uuid(),
                 changed_at = now()`,
          [tenantIds],
        );
      },
    };
  },
};
