import { SFNClient } from '@aws-sdk/client-sfn';
import { cached, once } from './traced';

export const sfn = /* @__PURE__ */ once(() => new SFNClient(cached));
