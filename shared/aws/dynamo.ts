import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { once } from './traced';

// The document client wraps a traced low-level client (tracing the wrapper would miss its calls).
const dynamoClient = /* @__PURE__ */ once(() => new DynamoDBClient({}));
let documentClient: DynamoDBDocumentClient | undefined;
export const dynamo = () => (documentClient ??= DynamoDBDocumentClient.from(dynamoClient(), { marshallOptions: { removeUndefinedValues: true } }));
