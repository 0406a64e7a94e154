import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface BootstrapKeysProps {
  /** Whether the secrets survive `cdk destroy` (prod), as the data they open does. */
  retain: boolean;
}

/**
 * A deployed stack's first API keys: an admin key of the tenant `default` and an operator
 * key, as secrets Secrets Manager generates, so no template or person ever types them. The
 * database is in isolated subnets, out of reach of `npm run keys`; the migration function
 * registers the keys' hashes there instead (functions/adapters/bootstrap-keys.ts). Values of
 * 40 letters and digits have the shape of a bootstrap key (API_KEY_PATTERN).
 */
export class BootstrapKeys extends Construct {
  readonly adminKey: secretsmanager.Secret;
  readonly operatorKey: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: BootstrapKeysProps) {
    super(scope, id);
    const secret = (name: string, description: string) =>
      new secretsmanager.Secret(this, name, {
        description,
        generateSecretString: {
          passwordLength: 40,
          excludePunctuation: true,
          includeSpace: false,
        },
        removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
    this.adminKey = secret('AdminKey', "rename-feedback: an admin API key of the tenant 'default'");
    this.operatorKey = secret('OperatorKey', 'rename-feedback: an operator API key (no tenant)');
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A rotated bootstrap key is registered only when the migration trigger runs again, so automatic rotation would leave the old key valid and the new one unknown; they are rotated by hand (docs/operations.md, The first keys), and further keys are minted and revoked through the API',
    });
  }

  /** Lets the migration function register the keys: where they are, and the right to read them. */
  grantRegister(fn: lambda.Function): void {
    fn.addEnvironment('BOOTSTRAP_ADMIN_KEY_SECRET_ARN', this.adminKey.secretArn);
    fn.addEnvironment('BOOTSTRAP_OPERATOR_KEY_SECRET_ARN', this.operatorKey.secretArn);
    this.adminKey.grantRead(fn);
    this.operatorKey.grantRead(fn);
  }
}
