/**
 * What the fuzzer knows of the system it attacks: the credentials it can present, and the
 * ids and values that exist (its own tenant's, another tenant's, and none at all), so that
 * generated requests reach real rows as well as absent ones.
 */
export interface FuzzWorld {
  /** `Authorization` header values by credential name; undefined sends none. */
  credentials: Record<string, string | undefined>;
  feedbackIds: string[];
  jobIds: string[];
  experimentIds: string[];
  modelVersions: string[];
  userIds: string[];
  /** `X-Next-Cursor` values the API gave out. */
  cursors: string[];
}

/** The credential that may call an operation of this scope. */
export function credentialFor(scope: string): string {
  return scope === 'public' ? 'none' : scope;
}

/** Every credential a request may carry: right, wrong, other tenant's, broken. */
export const CREDENTIALS = [
  'none',
  'user',
  'admin',
  'operator',
  'otherUser',
  'otherAdmin',
  'malformed',
  'badChecksum',
  'unknown',
  'revoked',
  'basic',
  'emptyBearer',
] as const;
