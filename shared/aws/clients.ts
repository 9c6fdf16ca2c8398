/**
 * AWS SDK clients, created lazily once per function instance and reused across invocations.
 * Endpoints come from the SDK's own resolution (AWS_ENDPOINT_URL_<SERVICE> locally), so the
 * production code path runs unchanged against the local stand-ins.
 *
 * Each client lives in a module of its own (dynamo.ts, s3.ts, …): a function bundles only the
 * SDK packages of the clients it imports. This module gathers them for code that wires many.
 */
export { dynamo } from './dynamo';
export { eventBridge } from './event-bridge';
export { kms } from './kms';
export { s3 } from './s3';
export { ses } from './ses';
export { sfn } from './sfn';
export { sqs } from './sqs';
