import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface VpcFlowLogProps {
  vpc: ec2.IVpc;
  /** Keep the log group when the stack is destroyed (production). */
  retainLogs: boolean;
}

/**
 * The VPC's rejected connections, to CloudWatch Logs for a month: what a security review
 * asks for (something knocking on the database or Redis). Only rejections: every accepted
 * connection of the functions would cost far more to log than it tells.
 */
export class VpcFlowLog extends Construct {
  constructor(scope: Construct, id: string, props: VpcFlowLogProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    new ec2.FlowLog(this, 'FlowLog', {
      resourceType: ec2.FlowLogResourceType.fromVpc(props.vpc),
      trafficType: ec2.FlowLogTrafficType.REJECT,
      destination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup),
    });
  }
}
