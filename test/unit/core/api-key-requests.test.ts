import { describe, expect, it, vi } from 'vitest';
import { shapeOfApiKey } from '#core/api-key';
import {
  createTenantKey,
  listTenantKeys,
  revokeTenantKey,
  type TenantKeyStore,
} from '#core/api-key-requests';
import { ConflictError, NotFoundError, ValidationError } from '#core/errors';

const KEY_ID = '4b6f1c1e-8f0a-4d52-9a63-0c1d2e3f4a5b';
const CREATED_AT = new Date('2026-01-02T03:04:05.000Z');

function fakeStore(overrides: Partial<TenantKeyStore> = {}): TenantKeyStore {
  return {
    create: vi.fn(async () => ({ id: KEY_ID, createdAt: CREATED_AT })),
    list: vi.fn(async () => []),
    revoke: vi.fn(async () => 'revoked' as const),
    ...overrides,
  };
}

async function fieldErrorsOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).errors.map(({ path, rule }) => ({ path, rule }));
}

describe('createTenantKey', () => {
  it('mints a key of the scope asked for, stores it and shows it once in the answer', async () => {
    const store = fakeStore();
    const created = await createTenantKey(store, 'acme', { scope: 'user', label: 'renamer' });
    expect(created).toEqual({
      id: KEY_ID,
      key: expect.stringMatching(/^rf_user_/),
      scope: 'user',
      tenantId: 'acme',
      label: 'renamer',
      createdAt: '2026-01-02T03:04:05.000Z',
    });
    expect(shapeOfApiKey(created.key)).toBe('minted');
    expect(store.create).toHaveBeenCalledWith({
      key: created.key,
      scope: 'user',
      tenantId: 'acme',
      label: 'renamer',
    });
  });

  it('leaves the label null when none is given', async () => {
    const created = await createTenantKey(fakeStore(), 'acme', { scope: 'admin' });
    expect(created.label).toBeNull();
    expect(created.key).toMatch(/^rf_admin_/);
  });

  it.each([
    [{}, 'scope', 'enum'],
    [{ scope: 'operator' }, 'scope', 'enum'],
    [{ scope: 'user', label: '' }, 'label', 'minLength'],
    [{ scope: 'user', label: 'x'.repeat(101) }, 'label', 'maxLength'],
    [{ scope: 'user', label: 'a\u0000b' }, 'label', 'printableText'],
    [{ scope: 'user', tenantId: 'other' }, 'tenantId', 'unknownField'],
  ])('refuses %j naming %s and the rule %s', async (body, path, rule) => {
    const store = fakeStore();
    expect(await fieldErrorsOf(createTenantKey(store, 'acme', body))).toContainEqual({
      path,
      rule,
    });
    expect(store.create).not.toHaveBeenCalled();
  });
});

describe('listTenantKeys', () => {
  it('lists ids, scopes, labels and dates, and never a secret', async () => {
    const revokedAt = new Date('2026-01-03T00:00:00.000Z');
    const store = fakeStore({
      list: async () => [
        { id: KEY_ID, scope: 'admin', label: null, createdAt: CREATED_AT, revokedAt },
      ],
    });
    expect(await listTenantKeys(store, 'acme')).toEqual({
      items: [
        {
          id: KEY_ID,
          scope: 'admin',
          label: null,
          createdAt: '2026-01-02T03:04:05.000Z',
          revokedAt: '2026-01-03T00:00:00.000Z',
        },
      ],
    });
  });
});

describe('revokeTenantKey', () => {
  it('revokes a live key of the tenant', async () => {
    const store = fakeStore();
    await revokeTenantKey(store, 'acme', KEY_ID);
    expect(store.revoke).toHaveBeenCalledWith('acme', KEY_ID);
  });

  it('answers 404 for a key the tenant does not have, 409 for its last admin key', async () => {
    await expect(
      revokeTenantKey(fakeStore({ revoke: async () => 'not-found' }), 'acme', KEY_ID),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      revokeTenantKey(fakeStore({ revoke: async () => 'last-admin' }), 'acme', KEY_ID),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('refuses an id that is not a UUID, naming id, without a look-up', async () => {
    const store = fakeStore();
    expect(await fieldErrorsOf(revokeTenantKey(store, 'acme', 'not-a-uuid'))).toEqual([
      { path: 'id', rule: 'uuid' },
    ]);
    expect(store.revoke).not.toHaveBeenCalled();
  });
});
