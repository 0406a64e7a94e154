import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { captureAwsClient } from './tracer';

let client: SecretsManagerClient | undefined;

/** A secret's string value by ARN, from Secrets Manager (one client per container). */
export async function readSecretString(secretArn: string): Promise<string> {
  client ??= captureAwsClient(new SecretsManagerClient({}));
  const secret = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  if (secret.SecretString === undefined) {
    throw new Error('The secret holds no string value');
  }
  return secret.SecretString;
}
