import * as z from '../zod';
import { env, integrationKey, issuanceWorkflow, localOnly, setting, table, wiring } from './bindings';
import { audited, learnerIndex } from './variables';

/**
 * Completions in (issue #21; infra/constructs/admin-api.ts, its Integrations area): the
 * receivers that authenticate a source and request the issuance as staff request one — the
 * issuance, its learner index items and holding written (keyed), the workflow started, the
 * request audited — and the admin routes of sources, mappings and the inbound activity. Only the
 * functions that check or hand out a source's secret may derive one (integrationKey).
 */
const receiver = () => ({
  TABLE_NAME: table('readWrite'),
  ...audited(),
  ...learnerIndex(),
  INTEGRATION_KEY_ARN: integrationKey('generateMac'),
  STATE_MACHINE_ARN: issuanceWorkflow('start'),
});
export const ReceiveCompletion = /* @__PURE__ */ wiring('functions/inbound/receive-completion.ts', receiver);
export const ReceiveMoodleCompletion = /* @__PURE__ */ wiring('functions/inbound/receive-moodle-completion.ts', receiver);
/** Canvas signs with Instructure's keys, not a secret of ours: the JWKS URL (laurel:canvasJwksUrl), fetched through the outbound policy. */
export const ReceiveCanvasEvent = /* @__PURE__ */ wiring('functions/inbound/receive-canvas-event.ts', () => ({
  TABLE_NAME: table('readWrite'),
  ...audited(),
  ...learnerIndex(),
  STATE_MACHINE_ARN: issuanceWorkflow('start'),
  CANVAS_JWKS_URL: setting(env.url),
  LOCAL_INTERNET_URL: localOnly(z.optional(env.url)),
}));

/** Canvas Live Events from the SQS queue (infra/constructs/canvas-live-events.ts): the queue's policy is the authentication. */
export const ConsumeCanvasLiveEvents = /* @__PURE__ */ wiring('functions/inbound/consume-canvas-live-events.ts', () => ({
  TABLE_NAME: table('readWrite'),
  ...audited(),
  ...learnerIndex(),
  STATE_MACHINE_ARN: issuanceWorkflow('start'),
}));

/**
 * CompletionRecorded on Laurel's bus (infra/constructs/completion-events.ts): the sender's right to
 * put events on the bus (IAM) is the authentication, so no secret is derived.
 */
export const ConsumeCompletionRecorded = /* @__PURE__ */ wiring('functions/inbound/consume-completion-recorded.ts', () => ({
  TABLE_NAME: table('readWrite'),
  ...audited(),
  ...learnerIndex(),
  STATE_MACHINE_ARN: issuanceWorkflow('start'),
}));

/** Creating a source and rotating its secret answer the secret once: they derive it. */
const sourceAdmin = () => ({ TABLE_NAME: table('readWrite'), ...audited(), INTEGRATION_KEY_ARN: integrationKey('generateMac') });
export const CreateCompletionSource = /* @__PURE__ */ wiring('functions/inbound/create-completion-source.ts', sourceAdmin);
export const RotateCompletionSourceSecret = /* @__PURE__ */ wiring('functions/inbound/rotate-completion-source-secret.ts', sourceAdmin);
export const UpdateCompletionSource = /* @__PURE__ */ wiring('functions/inbound/update-completion-source.ts', () => ({ TABLE_NAME: table('readWrite'), ...audited() }));
export const ListCompletionSources = /* @__PURE__ */ wiring('functions/inbound/list-completion-sources.ts', () => ({ TABLE_NAME: table('read') }));
export const PutCourseMapping = /* @__PURE__ */ wiring('functions/inbound/put-course-mapping.ts', () => ({ TABLE_NAME: table('readWrite'), ...audited() }));
export const ListCourseMappings = /* @__PURE__ */ wiring('functions/inbound/list-course-mappings.ts', () => ({ TABLE_NAME: table('read') }));
export const DeleteCourseMapping = /* @__PURE__ */ wiring('functions/inbound/delete-course-mapping.ts', () => ({ TABLE_NAME: table('readWrite'), ...audited() }));
export const ListCompletions = /* @__PURE__ */ wiring('functions/inbound/list-completions.ts', () => ({ TABLE_NAME: table('read') }));
/** A replay carries the completion out again: the receivers' powers, bar the secrets. */
export const ReplayCompletion = /* @__PURE__ */ wiring('functions/inbound/replay-completion.ts', () => ({
  TABLE_NAME: table('readWrite'),
  ...audited(),
  ...learnerIndex(),
  STATE_MACHINE_ARN: issuanceWorkflow('start'),
}));
