import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { cached, once } from './traced';

export const eventBridge = /* @__PURE__ */ once(() => new EventBridgeClient(cached));
