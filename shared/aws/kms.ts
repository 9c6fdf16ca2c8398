import { KMSClient } from '@aws-sdk/client-kms';
import { cached, once } from './traced';

export const kms = /* @__PURE__ */ once(() => new KMSClient(cached));
