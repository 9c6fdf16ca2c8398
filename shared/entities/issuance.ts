import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { idempotencyToItem, type IdempotencyRecord } from './idempotency';
import * as z from '../zod';
import { built } from '../built';
import { ISSUANCE_STATUS_VALUES, requestIssuanceBody } from '../domain/award';
import { batchGetAll, batchPut, isConditionFailure, isTransactionConflict, withoutKeys } from './keys';
import { credentialKeys, credentialToItem, type CredentialRecord } from './credential';
import { reminderItemFor, type ReminderPlan } from './reminder';
import { holdingItem, holdingKeys } from './holding';
import { LEARNER_KEYS_NOT_WIRED, learnerItems } from './learner';
import type { LearnerKeyer } from '../ports';
import { readAllMonths, timeKeys, walkMonths, type Filter, type TimeRange } from './time-index';
import { buildUpdate, type UpdateSpec } from './update';
import { systemClock, type Clock } from '../clock';
import { LearnerErasedError } from '../errors';

/**
 * Issuance — one request to award one achievement to one learner, and the workflow's record
 * of every step it went through.
 *
 * Access patterns
 * - get by id:                       PK=ISSUANCE#<id>  SK=ISSUANCE  (or many: BatchGetItem, 100 at a time)
 * - clear a cohort row never issued:  ConditionCheck that key absent + Delete its credential and
 *   learner index items, one transaction (see recordChunkFailure)
 * - pending approvals by role, age:  GSI2PK=APPROVALS#PENDING#<role>  GSI2SK=<requestedAt>#<id>
 *   (only while AWAITING_APPROVAL: a sparse index)
 * - all issuances by month, newest:  GSI3PK=ISSUANCES#<yyyy-mm>  GSI3SK=<requestedAt>#<id>
 *   (summary projection; achievement, status, cohort, campus, programme and requester as filters)
 *   One achievement's issuances are this walk filtered by achievement. They had an index of
 *   their own (GSI1, all attributes), but every write of the 2 KB item — the creation, each
 *   workflow step, the delivery — paid for its copy there too, for a list staff open now and then.
 * - a learner's issuances:           see learner.ts (written in the creating transaction)
 *
 * EXPIRED: an approval step was not answered before its deadline. CANCELLED: staff withdrew
 * the request before it was decided.
 */
export const ISSUANCE_STATUSES = ISSUANCE_STATUS_VALUES;
export type IssuanceStatus = (typeof ISSUANCE_STATUSES)[number];

export const WORKFLOW_STEPS = ['EvidenceCheck', 'Approval', 'Sign', 'Store', 'Deliver', 'Record'] as const;
export type WorkflowStep = (typeof WORKFLOW_STEPS)[number];

const actor = /* @__PURE__ */ built(() => z.object({ id: z.string(), name: z.string() }));
/** What stays of a learner whose personal data was erased: that there was one. */
const erasedRecipient = /* @__PURE__ */ built(() => z.strictObject({ erased: z.literal(true) }));
const stepState = /* @__PURE__ */ built(() => z.object({
  status: z.enum(['SUCCEEDED', 'FAILED', 'SKIPPED', 'WAITING']),
  at: z.string(),
  detail: z.optional(z.string()),
}));

export const issuanceRecord = /* @__PURE__ */ built(() => z.object({
  id: z.string(),
  achievementId: z.string(),
  achievementVersion: z.int(),
  issuerId: z.string(),
  credentialId: z.string(),
  /** The learner as the request named them, or `{ erased: true }` once their data was erased. */
  recipient: z.union([requestIssuanceBody.shape.recipient, erasedRecipient]),
  /** What the requester submitted about the award (evidence, results, credits, dates). */
  award: z._default(z.omit(requestIssuanceBody, { achievementId: true, recipient: true }), { evidence: [], results: [], evidenceFiles: [] }),
  /** Salt of the hashed-email IdentityObject; fixed at request time so a re-sign is identical. */
  recipientSalt: z.string(),
  status: z.enum(ISSUANCE_STATUSES),
  steps: z._default(z.record(z.string(), stepState), {}),
  requestedBy: actor,
  requestedAt: z.string(),
  updatedAt: z.string(),
  executionArn: z.optional(z.string()),
  /** The approval step in progress (or the last one decided). */
  approval: z.optional(
    z.object({
      role: z.string(),
      /** 0-based position in the achievement's approval chain, and the chain's length. */
      step: z._default(z.int().check(z.nonnegative()), 0),
      steps: z.optional(z.int().check(z.positive())),
      /** The request failed a rule and asks for an exception: the approver decides on the justification. */
      exception: z._default(z.boolean(), false),
      taskToken: z.optional(z.string()),
      requestedAt: z.optional(z.string()),
      /** When the step expires if nobody decides it (the achievement's deadline, or the deployment's). */
      dueAt: z.optional(z.string()),
      decision: z.optional(z.enum(['APPROVED', 'REJECTED'])),
      decidedBy: z.optional(actor),
      decidedAt: z.optional(z.string()),
      comment: z.optional(z.string()),
    }),
  ),
  /** Every approval decision, in order: who decided which step, when, and why. */
  approvals: z._default(
    z.array(
      z.object({
        step: z.int(),
        role: z.string(),
        decision: z.enum(['APPROVED', 'REJECTED']),
        decidedBy: actor,
        decidedAt: z.string(),
        comment: z.optional(z.string()),
      }),
    ),
    [],
  ),
  /**
   * A renewal (recertification): the credential it renews, that one's expiry, and what the new
   * validity runs from. The achievement's renewal policy applies in place of its own rules.
   */
  renews: z.optional(z.object({ credentialId: z.string(), validUntil: z.optional(z.string()), validFrom: z.enum(['previousExpiry', 'decision']) })),
  /**
   * A completion a connected system reported (shared/use-cases/completions.ts): which source,
   * course and completion, and whether the course's mapping sends every request to an approver.
   */
  origin: z.optional(z.object({ kind: z.literal('completion'), sourceId: z.string(), courseId: z.string(), completionId: z.string(), requireApproval: z.boolean() })),
  /** The credential's status-list allocation number (see positionOf); taken once, never reused. */
  statusAllocation: z.optional(z.int().check(z.nonnegative())),
  /** Cohort rows: the chunk whose audit event records this issue (entities/audit.ts). */
  issuedInChunk: z.optional(z.string()),
  /** When the credential was first signed: its validFrom and proof `created`. */
  issuedAt: z.optional(z.string()),
  artifact: z.optional(z.object({ key: z.string(), sha256: z.string() })),
  delivery: z.optional(
    z.object({
      messageId: z.optional(z.string()),
      sentAt: z.optional(z.string()),
      /** SES feedback: SENT until SES reports DELIVERED, BOUNCED or COMPLAINED. */
      status: z.optional(z.enum(['SENT', 'DELIVERED', 'BOUNCED', 'COMPLAINED'])),
      feedback: z.optional(z.string()),
      feedbackAt: z.optional(z.string()),
    }),
  ),
  /** Uploaded evidence files as the evidence check found them: name, size and SHA-256. */
  verifiedFiles: z._default(z.array(z.object({ uploadId: z.string(), fileName: z.string(), size: z.int(), sha256: z.string() })), []),
  /** Where the email goes when staff corrected the address (the credential's identity stays). */
  deliveryEmail: z.optional(z.string()),
  /** Earlier deliveries, replaced by a resend. */
  deliveries: z._default(z.array(z.record(z.string(), z.unknown())), []),
  rejection: z.optional(z.object({ stage: z.string(), reason: z.string() })),
  failure: z.optional(z.object({ step: z.string(), error: z.string(), cause: z.string() })),
  /** The evidence check's rejection that an exception request answered. */
  earlierRejection: z.optional(z.object({ stage: z.string(), reason: z.string() })),
  /** Who withdrew a pending request, when and why. */
  cancellation: z.optional(z.object({ by: actor, at: z.string(), reason: z.string() })),
  /** The credential's status (ACTIVE, REVOKED, SUSPENDED), mirrored here for lists and reports. */
  credentialStatus: z.optional(z.enum(['ACTIVE', 'REVOKED', 'SUSPENDED'])),
  /** Staff retries of a FAILED issuance: who, when, and the failure each one answered. */
  retries: z._default(z.array(z.object({ by: z.string(), at: z.string(), failure: z.object({ step: z.string(), error: z.string(), cause: z.string() }) })), []),
  /** The learner's personal data was erased (use-cases/learner-erasure.ts): by whom, when, in which erasure. */
  erasure: z.optional(z.object({ id: z.string(), at: z.string(), by: actor })),
}));
export type Issuance = z.infer<typeof issuanceRecord>;
export type Recipient = Exclude<Issuance['recipient'], { erased: true }>;

/** Whether an issuance's learner was erased (its recipient is `{ erased: true }`). */
export const isErased = <T extends { recipient: object }>(i: T): boolean => 'erased' in i.recipient;

/**
 * The learner of an issuance, for what needs them (signing, an email, a holding); an erased
 * learner is a LearnerErasedError: nothing is issued, sent or held for them any more.
 */
export function learnerOf(i: Pick<Issuance, 'id' | 'recipient'>): Recipient {
  if ('erased' in i.recipient) throw new LearnerErasedError(`The learner of issuance ${i.id} was erased: their personal data is gone.`);
  return i.recipient;
}

export const issuanceKeys = {
  item: (id: string) => ({ PK: `ISSUANCE#${id}`, SK: 'ISSUANCE' }),
  pendingApproval: (role: string, i: Pick<Issuance, 'requestedAt' | 'id'>) => ({
    GSI2PK: `APPROVALS#PENDING#${role}`,
    GSI2SK: `${i.requestedAt}#${i.id}`,
  }),
};

export const ISSUANCES_BY_MONTH = 'ISSUANCES';
/** The guard of every update but a credential status's mirror (see erasedIssuance). */
const NOT_ERASED = 'attribute_not_exists(#erasure)';

/**
 * The item, with flat copies of what lists filter on (DynamoDB filters and index projections
 * address top-level attributes). They never change after the request, so updates leave them be.
 */
export const issuanceToItem = (i: Issuance) => ({
  ...issuanceKeys.item(i.id),
  ...timeKeys(ISSUANCES_BY_MONTH, i.requestedAt, i.id),
  entity: 'Issuance',
  ...i,
  ...(i.award.cohort ? { cohort: i.award.cohort } : {}),
  ...(i.award.campus ? { campus: i.award.campus } : {}),
  ...(i.award.programme ? { programme: i.award.programme } : {}),
  requesterId: i.requestedBy.id,
});

/** What a list shows of an issuance: the summary attributes the time index projects. */
export const issuanceSummary = /* @__PURE__ */ built(() => z.object({
  id: z.string(),
  status: z.enum(ISSUANCE_STATUSES),
  achievementId: z.string(),
  achievementVersion: z.int(),
  issuerId: z.string(),
  credentialId: z.string(),
  credentialStatus: z.optional(z.enum(['ACTIVE', 'REVOKED', 'SUSPENDED'])),
  recipient: z.union([z.object({ email: z.string(), name: z.optional(z.string()), studentId: z.optional(z.string()) }), erasedRecipient]),
  cohort: z.optional(z.string()),
  campus: z.optional(z.string()),
  programme: z.optional(z.string()),
  requestedBy: actor,
  requestedAt: z.string(),
  approvals: z._default(z.array(z.object({ role: z.string(), decision: z.string(), decidedBy: actor, decidedAt: z.string() })), []),
  delivery: z.optional(z.object({ status: z.optional(z.string()), sentAt: z.optional(z.string()) })),
}));
export type IssuanceSummary = z.infer<typeof issuanceSummary>;
export const issuanceSummaryFromItem = (item: Record<string, unknown>): IssuanceSummary => issuanceSummary.parse(item);

export interface IssuanceFilters {
  status?: readonly string[] | undefined;
  cohort?: string | undefined;
  campus?: string | undefined;
  programme?: string | undefined;
  requesterId?: string | undefined;
  achievementId?: string | undefined;
}
const asFilter = (f: IssuanceFilters): Filter => ({
  equals: { status: f.status, cohort: f.cohort, campus: f.campus, programme: f.programme, requesterId: f.requesterId, achievementId: f.achievementId },
});
export const issuanceFromItem = (item: Record<string, unknown>): Issuance => issuanceRecord.parse(withoutKeys(item));

/** `keys` keys the learner index and holdings: a function that writes or releases neither needs none. */
export function issuanceRepository(db: DynamoDBDocumentClient, tableName: string, clock: Clock = systemClock, keys: LearnerKeyer = LEARNER_KEYS_NOT_WIRED) {
  const update = async (id: string, spec: UpdateSpec, condition?: { expression: string; values?: Record<string, unknown> }, options: { evenErased?: boolean } = {}) => {
    const u = buildUpdate({ ...spec, set: { ...spec.set, updatedAt: clock.now().toISOString() } });
    // A cancelled request stays cancelled: a workflow step still in flight cannot move it on.
    const movesStatus = spec.set?.status !== undefined && spec.set.status !== 'CANCELLED';
    // An erased issuance stays erased: nothing writes a step's detail or an address back into it.
    const exists = options.evenErased ? 'attribute_exists(PK)' : `attribute_exists(PK) AND ${NOT_ERASED}`;
    const base = movesStatus ? `${exists} AND #status <> :cancelled` : exists;
    const guardValues = movesStatus ? { ':cancelled': 'CANCELLED' } : {};
    const expr = condition
      ? u.withCondition(`${base} AND (${condition.expression})`, { ...guardValues, ...condition.values })
      : u.withCondition(base, guardValues);
    const { Attributes } = await db.send(
      new UpdateCommand({ TableName: tableName, Key: issuanceKeys.item(id), ...expr, ReturnValues: 'ALL_NEW' }),
    );
    return issuanceFromItem(Attributes!);
  };
  /** A guarded update and one more write, in one transaction; which condition failed, if one did. */
  const updateWith = async (
    id: string,
    spec: UpdateSpec,
    expression: string,
    values: Record<string, unknown>,
    other: NonNullable<TransactWriteCommandInput['TransactItems']>[number],
  ): Promise<Issuance | 'guard' | 'taken'> => {
    const u = buildUpdate({ ...spec, set: { ...spec.set, updatedAt: clock.now().toISOString() } }).withCondition(`attribute_exists(PK) AND ${NOT_ERASED} AND (${expression})`, values);
    try {
      await db.send(new TransactWriteCommand({ TransactItems: [{ Update: { TableName: tableName, Key: issuanceKeys.item(id), ...u } }, other] }));
    } catch (e) {
      const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if (reasons?.[0]?.Code === 'ConditionalCheckFailed') return 'guard';
      if (reasons?.[1]?.Code === 'ConditionalCheckFailed') return 'taken';
      if (!reasons && isConditionFailure(e)) return 'guard';
      throw e;
    }
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: issuanceKeys.item(id), ConsistentRead: true }));
    return issuanceFromItem(Item!);
  };
  return {
    /**
     * Creates the issuance, with (optionally) its Idempotency-Key and its learner holding, in
     * one transaction: all or nothing. The result names which uniqueness was already taken.
     */
    async create(i: Issuance, extras: { idempotency?: IdempotencyRecord; takeHolding?: boolean } = {}): Promise<'created' | 'key-taken' | 'learner-holds' | 'id-taken'> {
      await keys.ready();
      const items = [
        ...(extras.idempotency ? [{ kind: 'key-taken' as const, item: idempotencyToItem(extras.idempotency) }] : []),
        ...(extras.takeHolding ? [{ kind: 'learner-holds' as const, item: holdingItem(keys, i.achievementId, i.achievementVersion, learnerOf(i).email, i.id) }] : []),
        { kind: 'id-taken' as const, item: issuanceToItem(i) },
        ...learnerItems(keys, learnerOf(i), { issuanceId: i.id, credentialId: i.credentialId, achievementId: i.achievementId, requestedAt: i.requestedAt }).map((item) => ({
          kind: 'id-taken' as const,
          item,
        })),
      ];
      for (let attempt = 0; ; attempt++) {
        try {
          await db.send(
            new TransactWriteCommand({
              TransactItems: items.map(({ item }) => ({ Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' } })),
            }),
          );
          return 'created';
        } catch (e) {
          const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
          const failed = reasons?.findIndex((r) => r.Code === 'ConditionalCheckFailed') ?? -1;
          if (failed >= 0) return items[failed]!.kind;
          // Concurrent transactions on the same key conflict; the first to commit wins, the rest look again.
          if (!isTransactionConflict(e) || attempt >= 5) throw e;
          await new Promise((r) => setTimeout(r, 20 * 2 ** attempt * Math.random()));
        }
      }
    },
    /** Every achievement's issuances in a time range, newest first, from the month partitions. */
    async listByMonth(q: { range: TimeRange; limit: number; filters: IssuanceFilters; cursor?: string }) {
      const { items, cursor } = await walkMonths(db, tableName, {
        prefix: ISSUANCES_BY_MONTH,
        range: q.range,
        limit: q.limit,
        filter: asFilter(q.filters),
        ...(q.cursor ? { cursor: q.cursor } : {}),
      });
      return { items: items.map(issuanceSummaryFromItem), cursor };
    },
    /** Every issuance summary of a period (for reports); `truncated` past `max`. */
    async readPeriod(q: { range: TimeRange; achievementId?: string | undefined; max: number }) {
      const { items, truncated } = await readAllMonths(db, tableName, {
        prefix: ISSUANCES_BY_MONTH,
        range: q.range,
        filter: { equals: { achievementId: q.achievementId } },
        max: q.max,
      });
      return { items: items.map(issuanceSummaryFromItem), truncated };
    },
    /** Which of these issuances exist, and each one's delivery (100 per read, only `id` and `delivery` read). */
    async deliveries(ids: string[]): Promise<Map<string, Issuance['delivery']>> {
      const items = await batchGetAll(db, tableName, ids.map(issuanceKeys.item), 'id, delivery');
      return new Map(items.map((item) => [item.id as string, issuanceRecord.shape.delivery.parse(item.delivery)]));
    },
    /**
     * Many issuances whole (100 per read, strongly consistent: a failed chunk asks which of its
     * rows it wrote moments ago); absent ones are left out.
     */
    async getMany(ids: string[]): Promise<Issuance[]> {
      return (await batchGetAll(db, tableName, ids.map(issuanceKeys.item), undefined, true)).map(issuanceFromItem);
    },
    /**
     * Deletes what was written for an issuance that never came to be (a cohort row whose chunk
     * failed before its issuance record), on condition that it still does not exist: false if
     * it does after all. One transaction, so a row is never left half cleared.
     */
    async clearUnissued(row: Pick<Issuance, 'id' | 'credentialId' | 'achievementId' | 'requestedAt'> & { recipient: Recipient }): Promise<boolean> {
      const { id } = row;
      const entry = { issuanceId: id, credentialId: row.credentialId, achievementId: row.achievementId, requestedAt: row.requestedAt };
      await keys.ready();
      const cleared = [credentialKeys.item(row.credentialId), ...learnerItems(keys, row.recipient, entry).map(({ PK, SK }) => ({ PK, SK }))];
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              { ConditionCheck: { TableName: tableName, Key: issuanceKeys.item(id), ConditionExpression: 'attribute_not_exists(PK)' } },
              ...cleared.map((Key) => ({ Delete: { TableName: tableName, Key } })),
            ],
          }),
        );
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },
    async get(id: string): Promise<Issuance | undefined> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: issuanceKeys.item(id), ConsistentRead: true }));
      return Item ? issuanceFromItem(Item) : undefined;
    },
    /** Pending approvals of one role, oldest first; optionally only those older than `before`. */
    async listPending(role: string, page: { limit: number; before?: string; achievementId?: string; cohort?: string; after?: Record<string, unknown> }) {
      const filters = [page.achievementId ? 'achievementId = :achievement' : '', page.cohort ? 'award.cohort = :cohort' : ''].filter(Boolean);
      const { Items = [], LastEvaluatedKey } = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI2',
          KeyConditionExpression: page.before ? 'GSI2PK = :pk AND GSI2SK < :before' : 'GSI2PK = :pk',
          ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
          ExpressionAttributeValues: {
            ':pk': `APPROVALS#PENDING#${role}`,
            ...(page.before ? { ':before': page.before } : {}),
            ...(page.achievementId ? { ':achievement': page.achievementId } : {}),
            ...(page.cohort ? { ':cohort': page.cohort } : {}),
          },
          Limit: page.limit,
          ...(page.after ? { ExclusiveStartKey: page.after } : {}),
        }),
      );
      return { items: Items.map(issuanceFromItem), next: LastEvaluatedKey };
    },
    ...namedOperations({ update, updateWith, tableName, db, keys }),
  };
}
export type IssuanceRepository = ReturnType<typeof issuanceRepository>;

type Update = (id: string, spec: UpdateSpec, condition?: { expression: string; values?: Record<string, unknown> }, options?: { evenErased?: boolean }) => Promise<Issuance>;
type UpdateWith = (
  id: string,
  spec: UpdateSpec,
  expression: string,
  values: Record<string, unknown>,
  other: NonNullable<TransactWriteCommandInput['TransactItems']>[number],
) => Promise<Issuance | 'guard' | 'taken'>;

/** The learner whose holding an operation releases or takes back. */
export interface HoldingOf {
  achievementId: string;
  achievementVersion: number;
  email: string;
  issuanceId: string;
}

/** An approver's decision on the pending step, as recorded. */
export interface ApprovalDecision {
  step: number;
  role: string;
  decision: 'APPROVED' | 'REJECTED';
  decidedBy: { id: string; name: string };
  decidedAt: string;
  comment?: string;
}

/**
 * The operations that move an issuance on, each owning the condition that guards its invariant
 * (who may still decide, which status a change starts from), so no use case writes one.
 */
function namedOperations({ update, updateWith, tableName, db, keys }: { update: Update; updateWith: UpdateWith; tableName: string; db: DynamoDBDocumentClient; keys: LearnerKeyer }) {
  const updateIf = async (id: string, spec: UpdateSpec, expression: string, values?: Record<string, unknown>) => {
    try {
      return await update(id, spec, { expression, ...(values ? { values } : {}) });
    } catch (e) {
      if (isConditionFailure(e)) return undefined;
      throw e;
    }
  };
  /** A guarded update that also releases the learner's holding (if it is this issuance's, or absent). */
  const updateAndRelease = async (id: string, spec: UpdateSpec, expression: string, values: Record<string, unknown>, holding: HoldingOf) => {
    await keys.ready();
    const result = await updateWith(id, spec, expression, values, {
      Delete: {
        TableName: tableName,
        Key: holdingKeys.item(keys, holding.achievementId, holding.achievementVersion, holding.email),
        ConditionExpression: 'attribute_not_exists(PK) OR issuanceId = :owner',
        ExpressionAttributeValues: { ':owner': holding.issuanceId },
      },
    });
    return typeof result === 'string' ? undefined : result;
  };
  const UNDECIDED = { expression: '#status IN (:requested, :waiting)', values: { ':requested': 'REQUESTED', ':waiting': 'AWAITING_APPROVAL' } };
  return {
    /** A workflow step's progress: the step's state, and the status and fields it moves on. */
    recordProgress: (id: string, set: Record<string, unknown>) => update(id, { set }),
    /**
     * The workflow's end (rejected, expired, failed): the final fields, and the issuance leaves
     * its role's approval queue; `reachedApproval` says it has an approval whose token to drop.
     */
    endWorkflow: (id: string, set: Record<string, unknown>, reachedApproval: boolean) =>
      // A nested REMOVE needs its parent map: only an issuance that reached approval has one.
      update(id, { set, remove: ['GSI2PK', 'GSI2SK', ...(reachedApproval ? ['approval.taskToken'] : [])] }),
    /**
     * A correction of what the learner's credential says (their name, whether it shows, the
     * results), kept on the issuance so every later reissue or renewal starts from it. The trail
     * keeps what it said before.
     */
    amend: (id: string, change: { name?: string | undefined; publishName?: boolean | undefined; results?: Issuance['award']['results'] | undefined }) =>
      update(id, {
        set: {
          ...(change.name !== undefined ? { 'recipient.name': change.name } : {}),
          ...(change.publishName !== undefined ? { 'recipient.publishName': change.publishName } : {}),
          ...(change.results !== undefined ? { 'award.results': change.results } : {}),
        },
      }),
    /** Where the learner's email goes from now on (the credential's identity stays). */
    setDeliveryEmail: (id: string, deliveryEmail: string) => update(id, { set: { deliveryEmail } }),
    /** The credential's status, shown on its issuance for lists and reports. */
    mirrorCredentialStatus: (id: string, credentialStatus: NonNullable<Issuance['credentialStatus']>) => update(id, { set: { credentialStatus } }, undefined, { evenErased: true }),
    /** Which execution runs the issuance's workflow now. */
    recordExecution: (id: string, executionArn: string) => update(id, { set: { executionArn } }),
    /**
     * Puts the issuance in its role's queue of pending approvals, with the task token; undefined
     * when it has ended meanwhile (expired, cancelled), so nothing ended is queued again.
     */
    awaitApproval: (id: string, approval: { role: string; step: number; steps: number; exception: boolean; taskToken: string; requestedAt: string; dueAt?: string }, progress: Record<string, unknown>) =>
      updateIf(
        id,
        { set: { status: 'AWAITING_APPROVAL', approval, ...issuanceKeys.pendingApproval(approval.role, { requestedAt: approval.requestedAt, id }), ...progress } },
        UNDECIDED.expression,
        UNDECIDED.values,
      ),
    /**
     * Records a decision on the pending step that holds `taskToken`: the new record, or
     * undefined when someone decided it a moment ago. A rejection is final the moment it is
     * recorded, so the learner's holding goes in the same transaction.
     */
    decide(
      id: string,
      taskToken: string,
      change: { decision: ApprovalDecision; approvals: ApprovalDecision[]; status: IssuanceStatus; rejection?: { stage: string; reason: string }; progress: Record<string, unknown> },
      release?: HoldingOf,
    ) {
      const { decision } = change;
      const spec: UpdateSpec = {
        set: {
          status: change.status,
          approvals: change.approvals,
          'approval.decision': decision.decision,
          'approval.decidedBy': decision.decidedBy,
          'approval.decidedAt': decision.decidedAt,
          ...(decision.comment ? { 'approval.comment': decision.comment } : {}),
          // The status and its reason change together, so a reader never sees one without the other.
          ...(change.rejection ? { rejection: change.rejection } : {}),
          ...change.progress,
        },
        remove: ['approval.taskToken', 'GSI2PK', 'GSI2SK'],
      };
      const guard = '#status = :waiting AND #approval.#taskToken = :token';
      const values = { ':waiting': 'AWAITING_APPROVAL', ':token': taskToken };
      return release ? updateAndRelease(id, spec, guard, values, release) : updateIf(id, spec, guard, values);
    },
    /** A FAILED issuance back to REQUESTED, once per retry (`retriesSoFar` guards a concurrent one). */
    reopenFailed: (id: string, retriesSoFar: number, retries: Issuance['retries']) =>
      updateIf(
        id,
        { set: { status: 'REQUESTED', retries }, remove: ['failure'] },
        '#status = :failed AND (attribute_not_exists(#retries) OR size(#retries) = :count)',
        { ':failed': 'FAILED', ':count': retriesSoFar },
      ),
    /**
     * Withdraws an undecided request: the status, the end of any pending approval and the
     * release of the learner's holding commit together; undefined if it was decided meanwhile.
     */
    cancel: (id: string, cancellation: NonNullable<Issuance['cancellation']>, progress: Record<string, unknown>, holding: HoldingOf, reachedApproval: boolean) =>
      updateAndRelease(
        id,
        // A nested REMOVE needs its parent map: only an issuance that reached approval has one.
        { set: { status: 'CANCELLED', cancellation, ...progress }, remove: ['GSI2PK', 'GSI2SK', ...(reachedApproval ? ['approval.taskToken'] : [])] },
        UNDECIDED.expression,
        UNDECIDED.values,
        holding,
      ),
    /**
     * An evidence-check rejection reopened for an exception, once ever: 'changed' if it is no
     * longer such a rejection; with `takeHolding`, 'taken' if the learner holds the version again.
     */
    async reopenForException(id: string, justification: string, earlierRejection: Issuance['rejection'], takeHolding?: HoldingOf): Promise<Issuance | 'changed' | 'taken'> {
      const spec = { set: { status: 'REQUESTED', 'award.exception': { justification }, earlierRejection }, remove: ['rejection'] };
      const guard = '#status = :rejected AND attribute_not_exists(#award.#exception)';
      const values = { ':rejected': 'REJECTED' };
      if (!takeHolding) return (await updateIf(id, spec, guard, values)) ?? 'changed';
      const { achievementId, achievementVersion, email, issuanceId } = takeHolding;
      await keys.ready();
      const result = await updateWith(id, spec, guard, values, {
        Put: { TableName: tableName, Item: holdingItem(keys, achievementId, achievementVersion, email, issuanceId), ConditionExpression: 'attribute_not_exists(PK)' },
      });
      return result === 'guard' ? 'changed' : result;
    },
    /** The issue time, fixed by the first Sign and returned to every retry; undefined if there is no such issuance. */
    fixIssuedAt: (id: string, at: string) => updateIf(id, { setIfNotExists: { issuedAt: at } }, 'attribute_exists(PK)'),
    /** The status-list allocation, fixed by the first Sign (a retry's candidate is ignored). */
    fixStatusAllocation: (id: string, candidate: number) => updateIf(id, { setIfNotExists: { statusAllocation: candidate } }, 'attribute_exists(PK)'),
    /** SES feedback about the current email; undefined when a resend has replaced that email. */
    recordDeliveryFeedback: (id: string, messageId: string, feedback: { status: 'DELIVERED' | 'BOUNCED' | 'COMPLAINED'; at: string; detail?: string }) =>
      updateIf(
        id,
        { set: { 'delivery.status': feedback.status, 'delivery.feedbackAt': feedback.at, ...(feedback.detail ? { 'delivery.feedback': feedback.detail } : {}) } },
        '#delivery.#messageId = :message',
        { ':message': messageId },
      ),
    /**
     * Archives the current delivery (the email `messageId`) so a resend can claim a new one,
     * optionally to a corrected address; undefined when the delivery changed meanwhile.
     */
    archiveDelivery: (id: string, messageId: string, deliveries: Issuance['deliveries'], deliveryEmail?: string) =>
      updateIf(id, { set: { deliveries, ...(deliveryEmail ? { deliveryEmail } : {}) }, remove: ['delivery'] }, '#delivery.#messageId = :message', { ':message': messageId }),
    /**
     * A cohort chunk's rows, in two writes: first each row's credential and learner index items,
     * then (`commit`) the issuance records, which mark the rows whole. No conditions: the chunk
     * claimed the holdings and ids first, and a retry writes the same items.
     */
    writeIssuedRows: async (rows: { issuance: Issuance; credential: CredentialRecord; reminders?: ReminderPlan }[]) => {
      await keys.ready();
      return batchPut(
        db,
        tableName,
        rows.flatMap(({ issuance: i, credential, reminders }) => {
          const schedule = reminderItemFor(credential, reminders);
          return [
            ...learnerItems(keys, learnerOf(i), { issuanceId: i.id, credentialId: i.credentialId, achievementId: i.achievementId, requestedAt: i.requestedAt }),
            credentialToItem(credential),
            // Its reminder schedule with it (reminder.ts): a retried chunk writes the same item again.
            ...(schedule ? [schedule] : []),
          ];
        }),
        4,
      );
    },
    commitIssuedRows: (issuances: Issuance[]) => batchPut(db, tableName, issuances.map(issuanceToItem), 4),
    /**
     * Replaces the issuance `seen` (as read, not since changed) with its erased form, and deletes
     * its learner index items and the learner's holding if this issuance holds it, in one
     * transaction: the record never names the learner without the index naming it too, so an
     * erasure cut short is found and finished by the next. 'changed' when it moved meanwhile.
     */
    async erase(seen: Issuance, erasure: NonNullable<Issuance['erasure']>): Promise<'erased' | 'changed'> {
      await keys.ready();
      const outcome = await eraseWith(seen, erasure, true);
      // The holding is another issuance's: that one's erasure deletes it; this one goes without.
      return outcome === 'holding-taken' ? ((await eraseWith(seen, erasure, false)) === 'erased' ? 'erased' : 'changed') : outcome;
    },
  };
  /** The erased record, (optionally) the holding if this issuance holds it, and the index items: one transaction. */
  async function eraseWith(seen: Issuance, erasure: NonNullable<Issuance['erasure']>, holding: boolean): Promise<'erased' | 'changed' | 'holding-taken'> {
    const learner = learnerOf(seen);
    const entry = { issuanceId: seen.id, credentialId: seen.credentialId, achievementId: seen.achievementId, requestedAt: seen.requestedAt };
    const put = {
      Put: {
        TableName: tableName,
        Item: issuanceToItem(erasedIssuance(seen, erasure)),
        ConditionExpression: 'updatedAt = :seen AND attribute_not_exists(erasure)',
        ExpressionAttributeValues: { ':seen': seen.updatedAt },
      },
    };
    const holdingDelete = {
      Delete: {
        TableName: tableName,
        Key: holdingKeys.item(keys, seen.achievementId, seen.achievementVersion, learner.email),
        ConditionExpression: 'attribute_not_exists(PK) OR issuanceId = :id',
        ExpressionAttributeValues: { ':id': seen.id },
      },
    };
    const indexDeletes = learnerItems(keys, learner, entry).map(({ PK, SK }) => ({ Delete: { TableName: tableName, Key: { PK, SK } } }));
    try {
      await db.send(new TransactWriteCommand({ TransactItems: [put, ...(holding ? [holdingDelete] : []), ...indexDeletes] }));
      return 'erased';
    } catch (e) {
      const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if (reasons?.[0]?.Code === 'ConditionalCheckFailed') return 'changed';
      if (holding && reasons?.[1]?.Code === 'ConditionalCheckFailed') return 'holding-taken';
      throw e;
    }
  }
}

/** What replaces a free text about the learner (a reason, a failure's cause, a file's name) when they are erased. */
export const ERASED_TEXT = '[erased with the learner\'s data]';

/**
 * The issuance with its learner's personal data taken out (issue #17, erasure): who they are,
 * what they submitted (evidence, results, dates, an attestation, a justification), and every
 * free text that may speak of them (step details, reasons, failure causes, approvers' comments,
 * bounce diagnostics, file names, delivery addresses). What stays is what the institution's
 * record of its own decisions needs and names nobody: the achievement, the statuses and times,
 * who decided, the credential's id and hash, the cohort labels that reports count by.
 */
export function erasedIssuance(i: Issuance, erasure: NonNullable<Issuance['erasure']>): Issuance {
  const { deliveryEmail: _address, ...kept } = i;
  const redact = <T extends object>(o: T | undefined, field: keyof T) => (o ? { ...o, [field]: ERASED_TEXT } : undefined);
  const { cohort, campus, programme, term } = i.award;
  return {
    ...kept,
    recipient: { erased: true },
    award: { evidence: [], results: [], evidenceFiles: [], ...(cohort ? { cohort } : {}), ...(campus ? { campus } : {}), ...(programme ? { programme } : {}), ...(term ? { term } : {}) },
    steps: Object.fromEntries(Object.entries(i.steps).map(([step, { status, at }]) => [step, { status, at }])),
    ...(i.approval ? { approval: withoutComment(i.approval) } : {}),
    approvals: i.approvals.map(withoutComment),
    ...(i.delivery ? { delivery: withoutFeedback(i.delivery) } : {}),
    deliveries: i.deliveries.map((d) => Object.fromEntries(Object.entries(d).filter(([k]) => DELIVERY_FACTS.has(k)))),
    verifiedFiles: i.verifiedFiles.map((f) => ({ ...f, fileName: ERASED_TEXT })),
    rejection: redact(i.rejection, 'reason'),
    earlierRejection: redact(i.earlierRejection, 'reason'),
    failure: redact(i.failure, 'cause'),
    cancellation: redact(i.cancellation, 'reason'),
    retries: i.retries.map((r) => ({ ...r, failure: { ...r.failure, cause: ERASED_TEXT } })),
    erasure,
  };
}
/** What an archived delivery keeps: the message and its fate, not where it went or SES's words. */
const DELIVERY_FACTS = new Set(['messageId', 'sentAt', 'status', 'feedbackAt']);
const withoutComment = <T extends { comment?: string | undefined }>(a: T): T => {
  const { comment: _c, ...rest } = a;
  return rest as T;
};
const withoutFeedback = (d: NonNullable<Issuance['delivery']>) => {
  const { feedback: _f, ...rest } = d;
  return rest;
};

/** A step's state for an update, at the time the use case passes (its clock's). */
export const stepUpdate = (at: string, step: WorkflowStep, status: z.infer<typeof stepState>['status'], detail?: string) => ({
  [`steps.${step}`]: { status, at, ...(detail ? { detail } : {}) },
});
