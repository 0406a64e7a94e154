import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { DataStoresConfig } from '../stage';

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

    const database = new rds.DatabaseInstance(this, 'Postgres', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_15 }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      databaseName: 'rename_feedback',
      credentials: rds.Credentials.fromGeneratedSecret('rename_feedback'),
      storageEncrypted: true,
      multiAz: props.retainData,
      deletionProtection: props.retainData,
      removalPolicy,
    });
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
