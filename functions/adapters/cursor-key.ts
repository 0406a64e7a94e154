import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { environment } from '#config';
import { DependencyUnavailableError } from '#core/errors';
import { MIN_CURSOR_KEY_BYTES } from '#core/training-cursor';

let loading: Promise<Buffer> | undefined;

/**
 * The key training-data cursors are signed with. Where it comes from is checked when this
 * is first called, at cold start (a missing setting fails there, naming both); the secret
 * is read once and kept for the container's life. A failed read is tried again by the next
 * request, answered 503 meanwhile.
 */
export function cursorSigningKey(): Promise<Buffer> {
  const { CURSOR_SIGNING_KEY, CURSOR_SECRET_ARN } = environment();
  if (CURSOR_SIGNING_KEY === undefined && CURSOR_SECRET_ARN === undefined) {
    throw new Error('Missing configuration: CURSOR_SIGNING_KEY or CURSOR_SECRET_ARN');
  }
  loading ??= (
    CURSOR_SIGNING_KEY === undefined
      ? readSecret(CURSOR_SECRET_ARN ?? '')
      : Promise.resolve(Buffer.from(CURSOR_SIGNING_KEY, 'utf8'))
  ).catch((error: unknown) => {
    loading = undefined;
    throw new DependencyUnavailableError('The cursor signing key cannot be read; retry later', {
      cause: error,
    });
  });
  return loading;
}

async function readSecret(secretArn: string): Promise<Buffer> {
  const client = new SecretsManagerClient({});
  const secret = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  const key = Buffer.from(secret.SecretString ?? '', 'utf8');
  if (key.length < MIN_CURSOR_KEY_BYTES) {
    throw new Error(`The cursor secret holds fewer than ${MIN_CURSOR_KEY_BYTES} bytes`);
  }
  return key;
}
