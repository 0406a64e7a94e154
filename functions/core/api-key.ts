import { createHash, randomInt } from 'node:crypto';
import { crc32 } from 'node:zlib';

/** The scopes of a tenant's keys: `admin` may do all that `user` may, in its tenant. */
export type TenantScope = 'user' | 'admin';
/**
 * `operator` keys belong to the people who run the service, not to a tenant: queues and
 * dead letters are shared by every tenant, so only a key with no tenant may see or move
 * them, and such a key may touch no tenant's data.
 */
export type Scope = TenantScope | 'operator';

/** A tenant's caller: resolved from a user or admin key; reads and writes its tenant only. */
export interface Principal {
  keyId: string;
  scope: TenantScope;
  tenantId: string;
}

/** An operator: resolved from an operator key, which has no tenant. */
export interface OperatorPrincipal {
  keyId: string;
  scope: 'operator';
  tenantId: null;
}

/** Whoever a valid key belongs to. */
export type Caller = Principal | OperatorPrincipal;

/** Any key we accept: 24 to 200 characters of [A-Za-z0-9_] (bootstrap keys have this shape). */
export const API_KEY_PATTERN = /^[A-Za-z0-9_]{24,200}$/;
/** Tenants are opaque names, safe in logs and in cache keys. */
export const TENANT_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** The tenant of `npm start`'s keys and of a deployed stack's bootstrap admin key. */
export const DEFAULT_TENANT = 'default';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SECRET_LENGTH = 30;
const CHECKSUM_LENGTH = 6;
const MINTED = /^rf_(user|admin|operator)_([0-9A-Za-z]{30})([0-9A-Za-z]{6})$/;
const MINTED_PREFIX = /^rf_(user|admin|operator)_/;

/**
 * A new key, shaped as GitHub shapes its tokens: a type prefix (`rf_user_`, `rf_admin_`)
 * (`rf_operator_`) that says what it is when it turns up in a paste, 30 random base62 characters (178
 * bits, from the CSPRNG) and a 6-character CRC32 checksum, so a mistyped key is refused
 * before any look-up.
 */
export function mintApiKey(scope: Scope): string {
  let secret = '';
  for (let i = 0; i < SECRET_LENGTH; i++) secret += BASE62[randomInt(BASE62.length)];
  const body = `rf_${scope}_${secret}`;
  return `${body}${checksumOf(body)}`;
}

export type KeyShape = 'minted' | 'bootstrap' | 'malformed';

/**
 * What a presented key looks like. A key with our type prefix must carry a valid
 * checksum; any other key must have the shape of a bootstrap key. Only the first two are
 * worth a database look-up.
 */
export function shapeOfApiKey(key: string): KeyShape {
  if (MINTED_PREFIX.test(key)) {
    const match = MINTED.exec(key);
    if (!match) return 'malformed';
    const body = key.slice(0, key.length - CHECKSUM_LENGTH);
    return match[3] === checksumOf(body) ? 'minted' : 'malformed';
  }
  return API_KEY_PATTERN.test(key) ? 'bootstrap' : 'malformed';
}

function checksumOf(body: string): string {
  let value = crc32(Buffer.from(body, 'utf8'));
  let encoded = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    encoded = BASE62[value % 62] + encoded;
    value = Math.floor(value / 62);
  }
  return encoded;
}

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/**
 * The part of a key's hash that rows are found by. Nothing of the key itself is stored;
 * the full hash is then compared in constant time, so no timing tells how much of a
 * guessed key's hash matched a stored one.
 */
export function lookupPrefixOf(hash: Buffer): Buffer {
  return hash.subarray(0, 8);
}

/** Admin may do all that user may; operator only what needs operator, and nothing else. */
export function scopeAllows(granted: Scope, needed: Scope): boolean {
  if (granted === 'operator' || needed === 'operator') return granted === needed;
  return granted === 'admin' || granted === needed;
}

/**
 * Why a key of scope `granted` may not call a route that needs `needed`, in words a
 * client can act on; null when it may.
 */
export function scopeRefusal(granted: Scope, needed: Scope): string | null {
  if (scopeAllows(granted, needed)) return null;
  if (granted === 'operator') {
    return (
      "An operator key has no tenant, and this route reads or writes a tenant's data: " +
      'call it with a user or admin key of that tenant'
    );
  }
  if (needed === 'operator') {
    return (
      'This route acts on queues shared by every tenant: it needs an operator key, ' +
      'which belongs to no tenant'
    );
  }
  return `This route needs a key with the "${needed}" scope`;
}
