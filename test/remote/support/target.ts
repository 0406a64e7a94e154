import { randomBytes } from 'node:crypto';

/**
 * The deployment the remote suites speak to, from the environment: nothing else in
 * test/remote reads it. The suites know only HTTP: no database, no emulator.
 */
export interface RemoteTarget {
  url: string;
  userKey: string;
  adminKey: string;
  /** A second tenant's keys, for isolation checks; absent unless both are given. */
  other: { userKey: string; adminKey: string } | undefined;
}

export const REMOTE_VARIABLES = {
  url: 'TEST_API_URL',
  adminKey: 'TEST_ADMIN_KEY',
  userKey: 'TEST_USER_KEY',
  otherUserKey: 'TEST_OTHER_USER_KEY',
  otherAdminKey: 'TEST_OTHER_ADMIN_KEY',
  /** Optional: with it, the other tenant's keys are minted when not given. */
  operatorKey: 'TEST_OPERATOR_KEY',
  /** Set by the integration test that runs these suites: a suite that would skip fails instead. */
  requireAll: 'TEST_REMOTE_REQUIRE_ALL',
} as const;

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: npm run test:remote needs ${REMOTE_VARIABLES.url} ` +
        `and ${REMOTE_VARIABLES.adminKey} (see docs/testing.md, Tests against a deployment)`,
    );
  }
  return value;
}

/**
 * Mints a key through the API itself (POST /v1/keys with an admin key, or an operator's
 * POST /v1/admin/tenants/{tenantId}/keys), labelled with the run, for a key not given.
 */
async function mintKey(
  base: string,
  path: string,
  key: string,
  scope: 'user' | 'admin',
): Promise<string> {
  const response = await fetch(new URL(path.replace(/^\//, ''), base), {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ scope, label: `test:remote ${RUN}` }),
  });
  const body = (await response.json().catch(() => ({}))) as { key?: unknown };
  if (response.status !== 201 || typeof body.key !== 'string') {
    throw new Error(`Minting a ${scope} key with POST ${path} answered ${response.status}`);
  }
  return body.key;
}

async function readTarget(): Promise<RemoteTarget> {
  const url = required(REMOTE_VARIABLES.url);
  // A stage URL ends in its stage name: keep it when the suites add /v1/... to it.
  const base = url.endsWith('/') ? url : `${url}/`;
  const adminKey = required(REMOTE_VARIABLES.adminKey);
  const userKey =
    process.env[REMOTE_VARIABLES.userKey] || (await mintKey(base, '/v1/keys', adminKey, 'user'));
  let otherUserKey = process.env[REMOTE_VARIABLES.otherUserKey];
  let otherAdminKey = process.env[REMOTE_VARIABLES.otherAdminKey];
  const operatorKey = process.env[REMOTE_VARIABLES.operatorKey];
  if (operatorKey && !(otherUserKey && otherAdminKey)) {
    // A tenant of this run's own, onboarded as an operator would: its admin key, then a user key.
    const tenantPath = `/v1/admin/tenants/${RUN}-other/keys`;
    otherAdminKey = await mintKey(base, tenantPath, operatorKey, 'admin');
    otherUserKey = await mintKey(base, '/v1/keys', otherAdminKey, 'user');
  }
  const other =
    otherUserKey && otherAdminKey ? { userKey: otherUserKey, adminKey: otherAdminKey } : undefined;
  if (other === undefined && process.env[REMOTE_VARIABLES.requireAll] === '1') {
    throw new Error(
      `${REMOTE_VARIABLES.requireAll} is set, so every suite must run: ` +
        `${REMOTE_VARIABLES.otherUserKey} and ${REMOTE_VARIABLES.otherAdminKey}, or ` +
        `${REMOTE_VARIABLES.operatorKey}, are needed`,
    );
  }
  return { url: base, userKey, adminKey, other };
}

/**
 * This run's own prefix for everything it names (proposal ids, model versions, people,
 * experiments, the tenant and labels of the keys it mints): runs against one deployment
 * never meet, and a re-run starts from nothing.
 */
export const RUN = `rt${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

export const target: RemoteTarget = await readTarget();

/** A name of this run: `RUN-what`, valid as a model version, a user id or a proposal id. */
export const runName = (what: string): string => `${RUN}-${what}`;

/** Says once, in the run's output, why a suite did not run against this deployment. */
export function explainSkip(suite: string, reason: string): void {
  console.warn(`[test:remote] skipped: ${suite}: ${reason}`);
}
