import { SQSClient } from '@aws-sdk/client-sqs';
import type { Emulator } from '../../../local/emulator';

/** An SQS client for a suite's emulator: queue URLs are parameters, the endpoint is local. */
export function testSqsClient(emulator: Emulator): SQSClient {
  return new SQSClient({
    endpoint: emulator.sqsEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    useQueueUrlAsEndpoint: false,
  });
}
