import { createHash, randomBytes } from 'node:crypto';

export type Scope = 'user' | 'admin';

/** Who is calling: resolved from an API key. */
export interface Principal {
  keyId: string;
  scope: Scope;
  tenantId: string;
}

/** Keys we accept: 24 to 200 characters of [A-Za-z0-9_]. */
export const API_KEY_PATTERN = /^[A-Za-z0-9_]{24,200}$/;

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** A new random key: a readable scope prefix and 192 bits from the CSPRNG. */
export function generateApiKey(scope: Scope): string {
  return `rf_${scope}_${randomBytes(24).toString('base64url').replace(/-/g, '0').replace(/_/g, '1')}`;
}

/** Admin may do all that user may. */
export function scopeAllows(granted: Scope, needed: Scope): boolean {
  return granted === 'admin' || granted === needed;
}
