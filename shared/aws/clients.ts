/**
 * AWS SDK clients, created lazily once per function instance and reused across invocations.
 * Endpoints come from the SDK's own resolution (AWS_ENDPOINT_URL_<SERVICE> locally), so the
 * production code path runs unchanged against the local stand-ins.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from '../observability';

/** Created on first use, traced (X-Ray subsegment per call, in Lambda), reused after. */
const once = <T>(make: () => T) => {
  let value: T | undefined;
  return () => (value ??= tracer.captureAWSv3Client(make()));
};

// The document client wraps a traced low-level client (tracing the wrapper would miss its calls).
const dynamoClient = once(() => new DynamoDBClient({}));
let documentClient: DynamoDBDocumentClient | undefined;
export const dynamo = () => (documentClient ??= DynamoDBDocumentClient.from(dynamoClient(), { marshallOptions: { removeUndefinedValues: true } }));
export const kms = once(() => new KMSClient({}));
// Path-style addressing only where a stand-in needs it (s3rver); AWS accepts both.
export const s3 = once(() => new S3Client({ forcePathStyle: process.env.AWS_S3_FORCE_PATH_STYLE === 'true' }));
export const ses = once(() => new SESv2Client({}));
export const sfn = once(() => new SFNClient({}));
export const eventBridge = once(() => new EventBridgeClient({}));
export const sqs = once(() => new SQSClient({}));
