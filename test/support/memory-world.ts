import { registerDeploymentKeys } from '../../shared/use-cases/signing-key';
import { randomBytes } from 'node:crypto';
import { requestIssuanceBody, type RequestIssuanceInput } from '../../shared/domain/award';
import { achievementRecord, type Achievement, type AchievementRepository } from '../../shared/entities/achievement';
import { ROLES, type Principal, type Role } from '../../shared/http/auth';
import type { EventBus } from '../../shared/ports';
import type { BatchWorkflowDeps } from '../../shared/use-cases/batch-workflow';
import type { BatchDeps } from '../../shared/use-cases/batches';
import { requestIssuance, type IssuanceDeps } from '../../shared/use-cases/issuances';
import type { WorkflowDeps } from '../../shared/use-cases/workflow-context';
import {
  fixedClock,
  memoryArchive,
  memoryArtifactLinks,
  memoryArtifacts,
  memoryEmailQueue,
  memoryEventBus,
  memoryKeyVault,
  memoryMailer,
  memoryWorkflowEngine,
} from './memory-ports';
import { memoryRepositories } from './memory-repositories';

/**
 * Everything the issuing use cases depend on, in memory: the repositories on one table, the
 * two state machines (issuance and batch), a key vault with a real Ed25519 key for the
 * deployment's issuer, the artifacts bucket, the bus, the mailer, the email queue and a clock
 * that moves only when told. Each world has an issuer of its own, because the use cases keep
 * per-issuer caches for the life of the process (status-list positions, signers).
 */
export async function memoryWorld(start = '2026-09-01T09:00:00.000Z') {
  const clock = fixedClock(start);
  const repos = memoryRepositories(clock);
  // As a function's first use of the learner index does: the keys' secret derived (tests look items up by their keys).
  await repos.learnerKeys.ready();
  const issuanceMachine = memoryWorkflowEngine('arn:aws:states:us-east-1:000000000000:stateMachine:Issuance');
  const batchMachine = memoryWorkflowEngine('arn:aws:states:us-east-1:000000000000:stateMachine:Batch');
  const keyVault = memoryKeyVault();
  const files = memoryArtifacts();
  const bus = memoryEventBus();
  const mail = memoryMailer();
  const archive = memoryArchive();
  const emails = memoryEmailQueue();
  const issuerId = `uni-${randomBytes(4).toString('hex')}`;
  const settings = {
    publicBaseUrl: 'https://badges.example.edu/',
    signingKeyArn: await keyVault.vault.create(issuerId, 'Ed25519'),
    issuer: { issuerId, name: 'Example University', url: 'https://www.example.edu' },
    bucketName: 'laurel-artifacts',
  };
  // As a deployment does (the stack's DefaultIssuerKeys custom resource): the issuer's key registered before anything signs.
  await registerDeploymentKeys({ keys: repos.keys, keyVault: keyVault.vault, clock, archive: archive.archive }, issuerId, [{ kmsKeyArn: settings.signingKeyArn, algorithm: 'Ed25519' }]);

  const issuances: IssuanceDeps & { achievements: Pick<AchievementRepository, 'getLatest' | 'getVersion'>; eventBus: EventBus } = {
    achievements: repos.achievements,
    issuances: repos.issuances,
    idempotency: repos.idempotency,
    holdings: repos.holdings,
    uploads: repos.uploads,
    audit: repos.audit,
    workflow: issuanceMachine.engine,
    eventBus: bus.bus,
    clock,
  };
  const workflow: WorkflowDeps = {
    achievements: repos.achievements,
    issuances: repos.issuances,
    credentials: repos.credentials,
    keys: repos.keys,
    issuers: repos.issuers,
    lists: repos.lists,
    audit: repos.audit,
    holdings: repos.holdings,
    deliveryClaims: repos.deliveryClaims,
    claimLinks: repos.claimLinks,
    uploads: repos.uploads,
    keyVault: keyVault.vault,
    artifacts: files.artifacts,
    mailer: mail.mailer,
    eventBus: bus.bus,
    archive: archive.archive,
    clock,
    settings,
  };
  const batches: BatchDeps = {
    achievements: repos.achievements,
    batches: repos.batches,
    issuances: repos.issuances,
    audit: repos.audit,
    artifacts: files.artifacts,
    links: memoryArtifactLinks(),
    workflow: batchMachine.engine,
    publicBaseUrl: settings.publicBaseUrl,
    clock,
  };
  const batchWorkflow: BatchWorkflowDeps = {
    ...workflow,
    issuances: repos.issuances,
    batches: repos.batches,
    holdings: repos.holdings,
    audit: repos.audit,
    emailQueue: emails.queue,
    jsonLines: files.jsonLines,
    batchSettings: { signRate: 1000, signConcurrency: 4 },
  };

  let achievements = 0;
  return {
    clock,
    repos,
    table: repos.table,
    issuanceMachine,
    batchMachine,
    keyVault,
    files,
    /** The Object Lock archive: status lists' versions and keys' states. */
    archive,
    bus,
    mail,
    emails,
    issuerId,
    settings,
    /** Deps of the admin API's issuance use cases (with the bus, for cancelIssuance). */
    issuances,
    /** Deps of the issuance workflow's steps. */
    workflow,
    /** Deps of the admin API's batch use cases. */
    batches,
    /** Deps of the cohort workflow's steps. */
    batchWorkflow,
    /** Publishes version 1 of an achievement of this world's issuer (an id of its own: the workflow caches versions by id). */
    async achievement(definition: Partial<Achievement> = {}): Promise<Achievement> {
      const a = achievementRecord.parse({
        id: `course-${issuerId}-${++achievements}`,
        version: 1,
        issuerId,
        kind: 'course',
        name: 'Data Literacy',
        description: 'Reads, questions and presents data.',
        criteria: 'Passes the final assessment.',
        createdAt: clock.now().toISOString(),
        createdBy: 'dee.designer',
        ...definition,
      });
      if (!(await repos.achievements.create(a))) throw new Error(`achievement ${a.id} exists`);
      return a;
    },
    /** Requests an issuance as the admin API does (the body parsed by its schema). */
    request(actor: Principal, input: RequestIssuanceInput, idempotencyKey?: string) {
      return requestIssuance(issuances, requestIssuanceBody.parse(input), actor, idempotencyKey);
    },
    /** A task token the issuance's current execution hands its waiting step. */
    async taskToken(issuanceId: string): Promise<string> {
      const issuance = await repos.issuances.get(issuanceId);
      if (!issuance?.executionArn) throw new Error(`issuance ${issuanceId} runs no execution`);
      return issuanceMachine.taskToken(issuance.executionArn);
    },
    /** The items of one entity in the table. */
    items: (entity: string) => repos.table.scan((i) => i.entity === entity),
  };
}
export type MemoryWorld = Awaited<ReturnType<typeof memoryWorld>>;

/** A member of staff: their Laurel roles are the groups that name one; the others are approval roles. */
export function staff(name: string, groups: string[]): Principal {
  return { id: `sub-${name}`, name, roles: groups.filter((g): g is Role => (ROLES as readonly string[]).includes(g)), groups };
}
