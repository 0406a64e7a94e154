import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { DataStoresConfig } from '../stage';

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
  private readonly secret?: secretsmanager.ISecret;
  private readonly environment: Record<string, string>;

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
      this.environment = {
        REDIS_URL: config.redisUrl,
        ...(config.databaseUrl ? { DATABASE_URL: config.databaseUrl } : {}),
        ...(config.databaseSecretArn ? { DATABASE_SECRET_ARN: config.databaseSecretArn } : {}),
      };
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
    vpc.addInterfaceEndpoint('Sqs', { service: ec2.InterfaceVpcEndpointAwsService.SQS });
    vpc.addInterfaceEndpoint('Secrets', {
      service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
    });
    const functionSecurityGroup = new ec2.SecurityGroup(this, 'Functions', { vpc });

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
      databaseName: 'rename_feedback',
      credentials: rds.Credentials.fromGeneratedSecret('rename_feedback'),
      storageEncrypted: true,
      multiAz: props.retainData,
      deletionProtection: props.retainData,
      backupRetention: Duration.days(props.retainData ? 14 : 7),
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

    const redisSecurityGroup = new ec2.SecurityGroup(this, 'Redis', { vpc });
    redisSecurityGroup.addIngressRule(functionSecurityGroup, ec2.Port.tcp(6379));
    const redisSubnets = new elasticache.CfnSubnetGroup(this, 'RedisSubnets', {
      description: 'rename-feedback redis',
      subnetIds: vpc.isolatedSubnets.map((subnet) => subnet.subnetId),
    });
    const redis = new elasticache.CfnCacheCluster(this, 'RedisCluster', {
      engine: 'redis',
      cacheNodeType: 'cache.t4g.micro',
      numCacheNodes: 1,
      cacheSubnetGroupName: redisSubnets.ref,
      vpcSecurityGroupIds: [redisSecurityGroup.securityGroupId],
    });

    this.vpc = vpc;
    this.functionSecurityGroup = functionSecurityGroup;
    this.secret = database.secret;
    this.environment = {
      REDIS_URL: `redis://${redis.attrRedisEndpointAddress}:${redis.attrRedisEndpointPort}`,
      // The RDS certificate authorities, which the Node.js 20+ runtimes ship but no longer load.
      NODE_EXTRA_CA_CERTS: RDS_CA_BUNDLE,
      ...(database.secret ? { DATABASE_SECRET_ARN: database.secret.secretArn } : {}),
    };
  }

  /** Environment variables that tell a function where PostgreSQL and Redis are. */
  connectionEnvironment(): Record<string, string> {
    return { ...this.environment };
  }

  /** The secret the database credentials are in, when there is one (not with a plain URL). */
  databaseSecretArn(): string | undefined {
    return this.secret?.secretArn;
  }

  /** Lets a function read the database credentials. */
  grantConnect(fn: lambda.IFunction): void {
    this.secret?.grantRead(fn);
  }
}
