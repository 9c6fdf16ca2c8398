import { archive, bucket, env, eventBus, mail, signingKeys, wiring } from './bindings';
import { learnerIndex, workflowStep } from './variables';

/**
 * The issuance workflow's steps (infra/constructs/issuance-workflow.ts), one export each, named
 * as the construct. Each reads every step variable (shared/workflow/deps.ts) and may use only
 * what its own step needs. Every key of the deployment carries its tag, so signing with any of
 * them (VC_JWT_KEY_ARN too) is the one grant on SIGNING_KEY_ARN.
 */

/** Checks and hashes the uploaded evidence files. */
export const EvidenceCheckFn = /* @__PURE__ */ wiring('functions/workflow/evidence-check.ts', () => ({ ...workflowStep(), BUCKET_NAME: bucket('readEvidence') }));
export const RequestApprovalFn = /* @__PURE__ */ wiring('functions/workflow/request-approval.ts', workflowStep);
/** Publishes the status lists a credential points at (once per list) and keeps them in the archive. */
export const SignFn = /* @__PURE__ */ wiring('functions/workflow/sign-credential.ts', () => ({ ...workflowStep(), SIGNING_KEY_ARN: signingKeys('sign'), ARCHIVE_BUCKET_NAME: archive('keepDocuments') }));
export const StoreFn = /* @__PURE__ */ wiring('functions/workflow/store-credential.ts', () => ({ ...workflowStep(), BUCKET_NAME: bucket('writeCredentials') }));
export const DeliverFn = /* @__PURE__ */ wiring('functions/workflow/deliver-credential.ts', () => ({ ...workflowStep(), SENDER_EMAIL: mail('send').as(env.email) }));
/** CredentialIssued, IssuanceRejected, IssuanceFailed go to the bus; a rejected or expired request releases the learner's holding. */
export const RecordFn = /* @__PURE__ */ wiring('functions/workflow/record-outcome.ts', () => ({ ...workflowStep(), ...learnerIndex(), EVENT_BUS_NAME: eventBus('put') }));
/** SES feedback (bounces, complaints, deliveries) marks the delivery on the credential. */
export const DeliveryFeedbackFn = /* @__PURE__ */ wiring('functions/workflow/delivery-feedback.ts', workflowStep);
