import { SESv2Client } from '@aws-sdk/client-sesv2';
import { cached, once } from './traced';

export const ses = /* @__PURE__ */ once(() => new SESv2Client(cached));
