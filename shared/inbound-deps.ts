import { dynamo } from './aws/dynamo';
import { kms } from './aws/clients';
import { issuanceWorkflow, learnerRecords, repositories } from './admin-deps';
import { completionRepository } from './entities/completion';
import { completionSourceRepository } from './entities/completion-source';
import { courseMappingRepository } from './entities/course-mapping';
import { learnerOf } from './entities/issuance';
import { signatureReplayCache } from './entities/signature-replay';
import { kmsIntegrationSecrets } from './integrations/integration-secrets';
import { requestIssuance } from './use-cases/issuances';
import type { CompletionDeps } from './use-cases/completions';

/**
 * Adapters for completions in: the completion records, and the issuing core as staff reach it
 * (requestIssuance over the same repositories), so a completion is requested exactly as a staff
 * request is — its index items, holding, audit and workflow.
 */
export function completionDeps(config: { TABLE_NAME: string; AUDIT_WRITER_FUNCTION: string; LEARNER_KEY_ARN: string; STATE_MACHINE_ARN: string }) {
  const db = dynamo();
  const base = repositories(config.TABLE_NAME, config.AUDIT_WRITER_FUNCTION);
  const learner = learnerRecords(config);
  const issuing = { ...base, ...learner, workflow: issuanceWorkflow(config.STATE_MACHINE_ARN) };
  const deps: CompletionDeps & { issuances: typeof learner.issuances; audit: typeof base.audit } = {
    sources: completionSourceRepository(db, config.TABLE_NAME),
    mappings: courseMappingRepository(db, config.TABLE_NAME),
    completions: completionRepository(db, config.TABLE_NAME),
    learnerKeys: learner.learnerKeys,
    issuances: learner.issuances,
    audit: base.audit,
    async emailOfStudent(studentNumber) {
      const { items } = await learner.learners.list({ studentId: studentNumber }, { limit: 1 });
      const latest = items[0] ? await learner.issuances.get(items[0].issuanceId) : undefined;
      try {
        return latest ? learnerOf(latest).email : undefined;
      } catch {
        return undefined; // erased: their address is gone, as it should be
      }
    },
    requestIssuance: (input, ids, actor) => requestIssuance(issuing, input, actor, undefined, ids),
    clock: base.clock,
  };
  return deps;
}

/** The receivers' authentication: sources, their derived secrets, the replay cache. */
export function sourceAuthDeps(config: { TABLE_NAME: string; INTEGRATION_KEY_ARN: string }) {
  const db = dynamo();
  return {
    sources: completionSourceRepository(db, config.TABLE_NAME),
    secrets: kmsIntegrationSecrets(kms(), config.INTEGRATION_KEY_ARN),
    replays: signatureReplayCache(db, config.TABLE_NAME),
    clock: repositories(config.TABLE_NAME).clock,
  };
}
