import { eventBus, issuanceWorkflow, table, wiring } from './bindings';
import { audited, learnerIndex, publicBaseUrl } from './variables';

/**
 * Pathways (infra/constructs/pathway-awards.ts): CredentialIssued, by a rule on Laurel's bus,
 * advances the learner along the pathways counting the achievement (shared/use-cases/pathways.ts):
 * PathwayProgressed and PathwayCompleted to the bus, and a satisfied pathway's award requested as
 * staff request one — the issuance, its learner index items and holding written (keyed), the
 * issuance workflow started, the request audited.
 */
export const AdvancePathwaysFn = /* @__PURE__ */ wiring('functions/pathways/advance-pathways.ts', () => ({
  TABLE_NAME: table('readWrite'),
  ...audited(),
  ...learnerIndex(),
  EVENT_BUS_NAME: eventBus('put'),
  STATE_MACHINE_ARN: issuanceWorkflow('start'),
  PUBLIC_BASE_URL: publicBaseUrl(),
}));
