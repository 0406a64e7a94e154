import { Duration, Fn, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { DataStoresConfig } from '../stage';

/** The PostgreSQL roles the functions work as, made by sql/013_function_roles.sql. */
export const DATABASE_ROLES = {
  Submit: 'rename_feedback_submit',
  Learn: 'rename_feedback_learn',
  Metrics: 'rename_feedback_metrics',
  Experiments: 'rename_feedback_experiments',
  Ops: 'rename_feedback_ops',
  Public: 'rename_feedback_public',
  OutboxSweeper: 'rename_feedback_sweeper',
} as const;
export type DatabaseRole = (typeof DATABASE_ROLES)[keyof typeof DATABASE_ROLES];

/**
 * PostgreSQL connections each instance class leaves to clients. RDS sets max_connections to
 * LEAST(DBInstanceClassMemory/9531392, 5000), DBInstanceClassMemory being the class's memory
 * less what RDS keeps for the OS and its own processes: about 112 for a whole GiB, fewer in
 * practice (a 2 GiB class reports 198), and 5 of them are reserved for superusers
 * (superuser_reserved_connections 3, rds.rds_superuser_reserved_connections 2). Rounded down.
 */
export const USABLE_CONNECTIONS = { 'db.t4g.micro': 80, 'db.t4g.small': 180 } as const;

/**
 * The database's instance class per stage. prod's functions reserve 43 instances with a pool
 * of 2 each (86 connections, docs/operations.md): more than a micro's 80, so prod runs a
 * small. Stages without reservations have no bound to size for; a micro is their budget.
 */
export function databaseInstanceClass(production: boolean): keyof typeof USABLE_CONNECTIONS {
  return production ? 'db.t4g.small' : 'db.t4g.micro';
}

/**
 * Redis listens here rather than on 6379: the group is new, so the port costs nothing, and the
 * functions take it from REDIS_URL (cdk-nag AEC5).
 */
export const REDIS_PORT = 6380;

/** The database a created instance holds. */
const DATABASE_NAME = 'rename_feedback';

/** Where Lambda's Node.js runtimes keep the Amazon RDS CA bundle. */
export const RDS_CA_BUNDLE = '/var/runtime/ca-cert.pem';

export interface DataStoresProps {
  config: DataStoresConfig;
  retainData: boolean;
}

/**
 * PostgreSQL and Redis, created (RDS and ElastiCache in a private VPC with endpoints for
 * the AWS services the functions call) or imported. Either way it tells a function how
 * to reach them and grants it what it needs.
 */
export class DataStores extends Construct {
  readonly vpc?: ec2.IVpc;
  readonly functionSecurityGroup?: ec2.ISecurityGroup;
  /** Imported network only: the subnets the functions join (a created VPC's are its isolated ones). */
  readonly functionSubnets?: ec2.ISubnet[];
  /** Imported network only: the security groups the imported data stores admit. */
  readonly importedSecurityGroups?: ec2.ISecurityGroup[];
  /** The database this construct created (not when imported), for alarms. */
  readonly database?: rds.DatabaseInstance;
  private readonly secret?: secretsmanager.ISecret;
  private readonly redisAuthSecret?: secretsmanager.ISecret;
  /** Where Redis is and where its token is, for every function (not the migrations). */
  private readonly redisEnvironment: Record<string, string>;
  /** How the functions log in to PostgreSQL: a created database's endpoint, or the given URL or secret. */
  private readonly functionLogin: Record<string, string>;
  /** How the migrations log in: as the master user (or the given one), through its secret or URL. */
  private readonly ownerLogin: Record<string, string>;

  constructor(scope: Construct, id: string, props: DataStoresProps) {
    super(scope, id);
    const { config } = props;
    if (config.kind === 'imported') {
      this.secret = config.databaseSecretArn
        ? secretsmanager.Secret.fromSecretCompleteArn(
            this,
            'DatabaseSecret',
            config.databaseSecretArn,
          )
        : undefined;
      this.redisAuthSecret = config.redisAuthSecretArn
        ? secretsmanager.Secret.fromSecretCompleteArn(
            this,
            'RedisAuthSecret',
            config.redisAuthSecretArn,
          )
        : undefined;
      if (config.network) {
        const { vpcId, subnetIds, securityGroupIds } = config.network;
        // Only ids: nothing is looked up, so synth stays offline. The zones are the region's
        // (resolved at deploy): the functions name their subnets, never select by zone.
        this.vpc = ec2.Vpc.fromVpcAttributes(this, 'ImportedVpc', {
          vpcId,
          availabilityZones: Fn.getAzs(),
        });
        this.functionSubnets = subnetIds.map((subnetId) =>
          ec2.Subnet.fromSubnetId(this, `Subnet-${subnetId}`, subnetId),
        );
        this.importedSecurityGroups = securityGroupIds.map((groupId) =>
          ec2.SecurityGroup.fromSecurityGroupId(this, `SecurityGroup-${groupId}`, groupId),
        );
      }
      this.redisEnvironment = {
        REDIS_URL: config.redisUrl,
        ...(config.redisAuthSecretArn ? { REDIS_AUTH_SECRET_ARN: config.redisAuthSecretArn } : {}),
      };
      // An imported database's user is the operator's: the functions log in as it and switch
      // to their own role at connect (functions/adapters/database-login.ts).
      this.ownerLogin = {
        ...(config.databaseUrl ? { DATABASE_URL: config.databaseUrl } : {}),
        ...(config.databaseSecretArn ? { DATABASE_SECRET_ARN: config.databaseSecretArn } : {}),
      };
      this.functionLogin = this.ownerLogin;
      return;
    }

    const removalPolicy = props.retainData ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY;
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    vpc.addGatewayEndpoint('DynamoDb', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB });
    // Closed endpoints: only what is let in below reaches them (the functions; the rotation
    // function lets itself in), not the whole VPC's range.
    const sqsEndpoint = vpc.addInterfaceEndpoint('Sqs', {
      service: ec2.InterfaceVpcEndpointAwsService.SQS,
      open: false,
    });
    const secretsEndpoint = vpc.addInterfaceEndpoint('Secrets', {
      service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
      open: false,
    });
    const functionSecurityGroup = new ec2.SecurityGroup(this, 'Functions', { vpc });
    sqsEndpoint.connections.allowDefaultPortFrom(functionSecurityGroup);
    secretsEndpoint.connections.allowDefaultPortFrom(functionSecurityGroup);

    const engine = rds.DatabaseInstanceEngine.postgres({
      version: rds.PostgresEngineVersion.VER_15,
    });
    // PostgreSQL 15 on RDS accepts plain connections unless told otherwise.
    const parameterGroup = new rds.ParameterGroup(this, 'PostgresParameters', {
      engine,
      parameters: { 'rds.force_ssl': '1' },
    });
    const database = new rds.DatabaseInstance(this, 'Postgres', {
      engine,
      parameterGroup,
      instanceType: new ec2.InstanceType(
        databaseInstanceClass(props.retainData).replace(/^db\./, ''),
      ),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      databaseName: DATABASE_NAME,
      credentials: rds.Credentials.fromGeneratedSecret('rename_feedback'),
      storageEncrypted: true,
      multiAz: props.retainData,
      deletionProtection: props.retainData,
      backupRetention: Duration.days(props.retainData ? 14 : 7),
      // Each function logs in as its own role with an IAM token (grantConnect): no password.
      iamAuthentication: true,
      enablePerformanceInsights: props.retainData,
      removalPolicy,
    });
    // The snapshot kept on destroy is useless without the credentials that open it.
    // (`database.secret` is its attachment to the instance; the secret is the child `Secret`.)
    if (props.retainData) {
      const generated = database.node.tryFindChild('Secret');
      if (!(generated instanceof rds.DatabaseSecret)) throw new Error('No generated secret');
      generated.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }
    database.connections.allowDefaultPortFrom(functionSecurityGroup);
    // Single-user rotation every 30 days, by AWS's function for PostgreSQL, in these subnets.
    // It calls Secrets Manager by its usual name, which the endpoint's private DNS answers
    // (the endpoint-specific name CDK would build from `endpoint` is not the one AWS issues).
    const rotation = new ec2.SecurityGroup(this, 'PostgresRotation', { vpc });
    secretsEndpoint.connections.allowDefaultPortFrom(rotation);
    database.addRotationSingleUser({ securityGroup: rotation });
    const acknowledgeOnDatabase = (findingId: string, reason: string) =>
      Validations.of(database).acknowledge({ id: findingId, reason });
    acknowledgeOnDatabase(
      'AwsSolutions-RDS11',
      "PostgreSQL's default port: its security group admits only the functions' and the rotation function's groups, so another port would hide nothing, and the functions take the port from their environment",
    );
    if (!props.retainData) {
      acknowledgeOnDatabase(
        'AwsSolutions-RDS3',
        'dev and ci-* stages run one instance to halve the cost; their data is disposable. prod runs Multi-AZ',
      );
      acknowledgeOnDatabase(
        'AwsSolutions-RDS10',
        'dev and ci-* stages must destroy cleanly (cdk destroy, the ephemeral workflow); prod has deletion protection and keeps a snapshot',
      );
    }

    const redis = this.createRedis(vpc, functionSecurityGroup, props.retainData);

    this.vpc = vpc;
    this.functionSecurityGroup = functionSecurityGroup;
    this.database = database;
    this.secret = database.secret;
    this.redisAuthSecret = redis.authToken;
    this.redisEnvironment = {
      // rediss: TLS, which ioredis turns on for this scheme; the token is read at cold start.
      REDIS_URL: `rediss://${redis.group.attrPrimaryEndPointAddress}:${redis.group.attrPrimaryEndPointPort}`,
      REDIS_AUTH_SECRET_ARN: redis.authToken.secretArn,
    };
    // The RDS certificate authorities, which the Node.js 20+ runtimes ship but no longer load:
    // every login to the database verifies its certificate against them.
    const rdsCertificates = { NODE_EXTRA_CA_CERTS: RDS_CA_BUNDLE };
    this.functionLogin = {
      ...rdsCertificates,
      DATABASE_HOST: database.dbInstanceEndpointAddress,
      DATABASE_PORT: database.dbInstanceEndpointPort,
      DATABASE_NAME: DATABASE_NAME,
    };
    this.ownerLogin = {
      ...rdsCertificates,
      ...(database.secret ? { DATABASE_SECRET_ARN: database.secret.secretArn } : {}),
    };
  }

  /**
   * Redis as a replication group: encrypted in transit and at rest, with an AUTH token from a
   * generated secret (CloudFormation resolves it; the template holds only a reference). prod
   * runs a replica in another AZ with automatic failover; other stages one node.
   */
  private createRedis(vpc: ec2.IVpc, clients: ec2.ISecurityGroup, production: boolean) {
    const securityGroup = new ec2.SecurityGroup(this, 'Redis', { vpc });
    securityGroup.addIngressRule(clients, ec2.Port.tcp(REDIS_PORT));
    const subnets = new elasticache.CfnSubnetGroup(this, 'RedisSubnets', {
      description: 'rename-feedback redis',
      subnetIds: vpc.isolatedSubnets.map((subnet) => subnet.subnetId),
    });
    // ElastiCache's rules for a token: 16 to 128 printable characters, none of @ " /.
    const authToken = new secretsmanager.Secret(this, 'RedisAuthToken', {
      description: 'rename-feedback: the Redis AUTH token',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(authToken).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        "Secrets Manager has no rotation function for an ElastiCache AUTH token: a new token takes ModifyReplicationGroup's ROTATE then SET strategy while both are valid, done by hand (docs/operations.md); Redis holds only a cache and rate-limit windows, inside the VPC, behind its security group",
    });
    const group = new elasticache.CfnReplicationGroup(this, 'RedisGroup', {
      replicationGroupDescription: 'rename-feedback cache and rate limits',
      engine: 'redis',
      engineVersion: '7.1',
      cacheNodeType: 'cache.t4g.micro',
      numCacheClusters: production ? 2 : 1,
      automaticFailoverEnabled: production,
      multiAzEnabled: production,
      transitEncryptionEnabled: true,
      atRestEncryptionEnabled: true,
      authToken: authToken.secretValue.unsafeUnwrap(),
      port: REDIS_PORT,
      cacheSubnetGroupName: subnets.ref,
      securityGroupIds: [securityGroup.securityGroupId],
    });
    if (!production) {
      Validations.of(group).acknowledge({
        id: 'AwsSolutions-AEC4',
        reason:
          'dev and ci-* stages run one node to halve the cost: Redis is a cache and shared rate-limit windows, and the functions run on without it (reads from PostgreSQL, limits per instance). prod runs a replica in another AZ with automatic failover',
      });
    }
    return { group, authToken };
  }

  /**
   * Environment variables that tell a function where PostgreSQL and Redis are, and as which
   * PostgreSQL role (sql/013_function_roles.sql) it works.
   */
  connectionEnvironment(databaseRole: DatabaseRole): Record<string, string> {
    return { ...this.redisEnvironment, ...this.functionLogin, DATABASE_ROLE: databaseRole };
  }

  /** For the migrations: PostgreSQL only, as the database's owner. */
  ownerConnectionEnvironment(): Record<string, string> {
    return { ...this.ownerLogin };
  }

  /** The secret the database credentials are in, when there is one (not with a plain URL). */
  databaseSecretArn(): string | undefined {
    return this.secret?.secretArn;
  }

  /**
   * Lets a function log in as `databaseRole` and read the Redis AUTH token. A created database
   * admits the role by IAM (rds-db:connect to that user only), and the function never reads
   * the master user's secret; an imported one's secret is the only login there is.
   */
  grantConnect(fn: lambda.IFunction, databaseRole: DatabaseRole): void {
    if (this.database) this.database.grantConnect(fn, databaseRole);
    else this.secret?.grantRead(fn);
    this.redisAuthSecret?.grantRead(fn);
  }

  /** Lets the migrations read the owner's credentials. */
  grantOwnerConnect(fn: lambda.IFunction): void {
    this.secret?.grantRead(fn);
  }
}
