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
  /** Set by the integration test that runs these suites: a suite that would skip fails instead. */
  requireAll: 'TEST_REMOTE_REQUIRE_ALL',
} as const;

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: npm run test:remote needs ${REMOTE_VARIABLES.url}, ` +
        `${REMOTE_VARIABLES.adminKey} and ${REMOTE_VARIABLES.userKey} (see docs/testing.md, Tests against a deployment)`,
    );
  }
  return value;
}

function readTarget(): RemoteTarget {
  const url = required(REMOTE_VARIABLES.url);
  // A stage URL ends in its stage name: keep it when the suites add /v1/... to it.
  const base = url.endsWith('/') ? url : `${url}/`;
  const otherUserKey = process.env[REMOTE_VARIABLES.otherUserKey];
  const otherAdminKey = process.env[REMOTE_VARIABLES.otherAdminKey];
  const other =
    otherUserKey && otherAdminKey ? { userKey: otherUserKey, adminKey: otherAdminKey } : undefined;
  if (other === undefined && process.env[REMOTE_VARIABLES.requireAll] === '1') {
    throw new Error(
      `${REMOTE_VARIABLES.requireAll} is set, so every suite must run: ` +
        `${REMOTE_VARIABLES.otherUserKey} and ${REMOTE_VARIABLES.otherAdminKey} are needed`,
    );
  }
  return {
    url: base,
    userKey: required(REMOTE_VARIABLES.userKey),
    adminKey: required(REMOTE_VARIABLES.adminKey),
    other,
  };
}

export const target: RemoteTarget = readTarget();

/**
 * This run's own prefix for everything it names (proposal ids, model versions, people,
 * experiments): runs against one deployment never meet, and a re-run starts from nothing.
 */
export const RUN = `rt${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

/** A name of this run: `RUN-what`, valid as a model version, a user id or a proposal id. */
export const runName = (what: string): string => `${RUN}-${what}`;

/** Says once, in the run's output, why a suite did not run against this deployment. */
export function explainSkip(suite: string, reason: string): void {
  console.warn(`[test:remote] skipped: ${suite}: ${reason}`);
}
