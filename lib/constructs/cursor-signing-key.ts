import { randomBytes } from 'node:crypto';
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface CursorSigningKeyProps {
  /** The local stage has no Secrets Manager: its template holds a key made at synthesis. */
  local: boolean;
}

/**
 * The key training-data cursors are signed with (HMAC-SHA256). Deployed, a secret that
 * Secrets Manager generates, so no person or template ever sees it; functions get its ARN
 * and read it once per container. Locally (the emulator runs the template as it is), a
 * random key made at each synthesis: cursors given out before a restart are refused after.
 */
export class CursorSigningKey extends Construct {
  private readonly secret?: secretsmanager.Secret;
  private readonly environment: Record<string, string>;

  constructor(scope: Construct, id: string, props: CursorSigningKeyProps) {
    super(scope, id);
    if (props.local) {
      this.environment = { CURSOR_SIGNING_KEY: randomBytes(32).toString('base64url') };
      return;
    }
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: 'Signs the training-data cursors of rename-feedback',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      // Losing it only invalidates cursors in use: an export starts again from its first page.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the cursor signing key invalidates every training-data cursor in use; it is rotated by hand when needed (a new value, then a deploy), not on a schedule',
    });
    this.environment = { CURSOR_SECRET_ARN: this.secret.secretArn };
  }

  /** Lets a function sign and check cursors: where the key is, and the right to read it. */
  grantUse(fn: lambda.Function): void {
    for (const [name, value] of Object.entries(this.environment)) fn.addEnvironment(name, value);
    this.secret?.grantRead(fn);
  }
}
