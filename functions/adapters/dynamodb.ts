import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { captureAwsClient } from './tracer';

/**
 * The container's one DynamoDB client (idempotency records, experiment definitions), made
 * once so that the SDK keeps its connections between invocations, and traced: a subsegment
 * `DynamoDB` per call. AWS_ENDPOINT_URL_DYNAMODB points it at the emulator's DynamoDB locally.
 */
export const dynamoDbClient = captureAwsClient(new DynamoDBClient({}));
