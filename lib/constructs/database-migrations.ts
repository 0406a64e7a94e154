import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as triggers from 'aws-cdk-lib/triggers';
import { Construct } from 'constructs';
import type { DataStores } from './data-stores';
import { ServiceFunction } from './service-function';

const SQL_DIR = path.resolve(import.meta.dirname, '..', '..', 'sql');
/** Long DDL (an index on a large table) may take minutes; Lambda allows 15. */
const MIGRATION_TIMEOUT = Duration.minutes(10);

/** The migration files, in the order node-pg-migrate applies them. */
export function migrationFiles(): string[] {
  return readdirSync(SQL_DIR)
    .filter((name) => name.endsWith('.sql'))
    .sort();
}

/** One digest of the migrations' names and contents: it changes when any file does. */
export function migrationsDigest(): string {
  const hash = createHash('sha256');
  for (const name of migrationFiles()) {
    hash
      .update(name)
      .update('\0')
      .update(readFileSync(path.join(SQL_DIR, name)))
      .update('\0');
  }
  return hash.digest('hex');
}

export interface DatabaseMigrationsProps {
  data: DataStores;
  vpc?: ec2.IVpc;
  securityGroups?: ec2.ISecurityGroup[];
  subnets?: ec2.ISubnet[];
  retainLogs: boolean;
  /** The functions' settings of the stage: how to reach the database (DATABASE_SSL_MODE...). */
  functionSettings?: Record<string, string>;
}

/**
 * Applies sql/ to the stack's database during `cdk deploy`: a function bundled with the
 * migration files, run by a trigger once the data stores exist and before the functions
 * given to `runBefore`. A failed migration fails the trigger, and so the deployment, before
 * any function that needs the new schema is updated.
 *
 * The trigger runs when the function's version changes, and the digest of the sql files is
 * in its description, so every change to sql/ runs it; a deploy that changes neither runs
 * nothing, and a run with nothing pending applies nothing.
 */
export class DatabaseMigrations extends Construct {
  readonly function: ServiceFunction;
  private readonly trigger: triggers.Trigger;

  constructor(scope: Construct, id: string, props: DatabaseMigrationsProps) {
    super(scope, id);
    const files = migrationFiles();
    this.function = new ServiceFunction(this, 'Function', {
      entry: 'migrate',
      description: `Applies the sql/ migrations (sha256 ${migrationsDigest()})`,
      timeout: MIGRATION_TIMEOUT,
      // Not measured like lib/memory-sizes.ts: node-pg-migrate and one connection, once a deploy.
      memorySize: 256,
      retainLogs: props.retainLogs,
      environment: { ...props.functionSettings, ...props.data.ownerConnectionEnvironment() },
      vpc: props.vpc,
      securityGroups: props.securityGroups,
      subnets: props.subnets,
      extraFiles: files.map((name) => `sql/${name}`),
    });
    props.data.grantOwnerConnect(this.function);
    this.trigger = new triggers.Trigger(this, 'Trigger', {
      handler: this.function,
      timeout: MIGRATION_TIMEOUT,
      executeAfter: [props.data],
    });
  }

  /** Updates `scopes` only after the migrations succeeded. */
  runBefore(...scopes: Construct[]): void {
    this.trigger.executeBefore(...scopes);
  }
}
