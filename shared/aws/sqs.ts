import { SQSClient } from '@aws-sdk/client-sqs';
import { cached, once } from './traced';

export const sqs = /* @__PURE__ */ once(() => new SQSClient(cached));
