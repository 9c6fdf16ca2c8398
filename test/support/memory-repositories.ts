import { directoryEntryFromItem, directoryEntryOf, directoryEntryToItem, directoryKeys, foldForSearch, type DirectoryEntryRepository } from '../../shared/entities/directory-entry';
import { claimLinkKeys, tokenHash, TOKEN_PATTERN, type ClaimLink, type ClaimLinkRepository } from '../../shared/entities/claim-link';
import type { Clock } from '../../shared/clock';
import { achievementFromItem, achievementKeys, achievementToItems, type Achievement, type AchievementRepository } from '../../shared/entities/achievement';
import { auditEvent, auditKeys, eventHash, genesisHash, sealEntry, withDetails, type AuditEvent, type AuditRepository } from '../../shared/entities/audit';
import { batchFromItem, batchKeys, batchToItem, chunkClaim, chunkRecord, tallyChunk, type Batch, type BatchRepository } from '../../shared/entities/batch';
import { credentialFromItem, credentialKeys, credentialToItem, type CredentialRepository } from '../../shared/entities/credential';
import { deliveryClaimKeys, type DeliveryClaimRepository } from '../../shared/entities/delivery-claim';
import { holdingItem, holdingKeys, type HoldingRepository } from '../../shared/entities/holding';
import { idempotencyFromItem, idempotencyKeys, idempotencyToItem, type IdempotencyRepository } from '../../shared/entities/idempotency';
import {
  issuanceFromItem,
  issuanceKeys,
  issuanceRecord,
  issuanceToItem,
  erasedIssuance,
  learnerOf,
  type Recipient,
  type HoldingOf,
  type Issuance,
  type IssuanceRepository,
} from '../../shared/entities/issuance';
import { issuerKeyFromItem, issuerKeyKeys, issuerKeyToItem, type IssuerKeyRepository } from '../../shared/entities/issuer-key';
import { issuerFromItem, issuerKeys, issuerToItem, type IssuerRepository } from '../../shared/entities/issuer';
import { withoutKeys } from '../../shared/entities/keys';
import { erasureKeys, erasureRecord, type Erasure, type ErasureRepository } from '../../shared/entities/erasure';
import { learnerCompletionEntry, learnerCompletionItem, learnerEntry, type LearnerRepository } from '../../shared/entities/learner';
import { learnerItems } from '../../shared/entities/learner';
import { completionKeys, completionRecord, type Completion, type CompletionRepository } from '../../shared/entities/completion';
import type { LearnerKeyer } from '../../shared/ports';
import { memoryLearnerKeyer } from './memory-ports';
import { BLOCK_SIZE, statusListFromItem, statusListKeys, statusListToItem, type StatusListRepository } from '../../shared/entities/status-list';
import type { UpdateSpec } from '../../shared/entities/update';
import { uploadKeys, uploadRecord, type UploadRepository } from '../../shared/entities/upload';

/**
 * The single table in memory, and the repositories of shared/entities/ on it: each operation
 * writes the same items under the same keys as its DynamoDB twin and enforces the same
 * ConditionExpression (as a predicate on the stored item), so a use case meets the same
 * refusals here as against the table. What DynamoDB does all or nothing (TransactWriteItems)
 * is all or nothing here. Items are stored and handed out as deep copies (no shared
 * references), without undefined attributes (removeUndefinedValues), and parsed with the
 * entity's zod schema on the way out, as the entity modules do.
 *
 * Update expressions follow DynamoDB's rules for document paths: a nested SET or REMOVE needs
 * its parent map (otherwise a ValidationException: "The document path provided in the update
 * expression is invalid for update"), and two paths of one expression may not overlap.
 */

export type Item = Record<string, unknown>;
export type Key = { PK: string; SK: string };
/** A ConditionExpression, as a predicate on the item as it is (undefined: no such item). */
export type Condition = (item: Item | undefined) => boolean;

export type Write =
  | { put: Item; if?: Condition }
  /** SET / SET if_not_exists / REMOVE (`spec`), or arithmetic such as `SET n = n + :i` (`change`). */
  | { update: Key; spec?: UpdateSpec; change?: (item: Item) => void; if?: Condition }
  | { delete: Key; if?: Condition }
  | { check: Key; if: Condition };

const conditionFailed = () => Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException', $metadata: { httpStatusCode: 400 } });
const validation = (message: string) => Object.assign(new Error(message), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
const invalidPath = () => validation('The document path provided in the update expression is invalid for update');

/** DynamoDB's TransactionCanceledException: one reason per operation, in order ('None' for those that passed). */
export class TransactionCanceled extends Error {
  override readonly name = 'TransactionCanceledException';
  readonly $metadata = { httpStatusCode: 400 };
  readonly CancellationReasons: { Code: string; Item?: Item }[];
  constructor(reasons: { Code: string; Item?: Item }[]) {
    super(`Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`);
    this.CancellationReasons = reasons;
  }
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

/** A deep copy without undefined attributes (the document client's removeUndefinedValues). */
function copy<T>(value: T): T {
  if (value instanceof Uint8Array) return new Uint8Array(value) as T;
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(copy) as T;
  if (isMap(value)) return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, copy(v)])) as T;
  return value;
}

const keyOf = (item: Item): Key => ({ PK: item.PK as string, SK: item.SK as string });
const id = (k: Key) => `${k.PK}\u0000${k.SK}`;

/** The map that holds the last part of a dotted path, or undefined if one on the way is missing. */
function parentOf(item: Item, path: string[]): Record<string, unknown> | undefined {
  let node: unknown = item;
  for (const part of path.slice(0, -1)) {
    if (!isMap(node)) return undefined;
    node = node[part];
  }
  return isMap(node) ? node : undefined;
}

/** Applies an update expression to a copy of the item, as DynamoDB would (or refuses it, as DynamoDB would). */
export function applyUpdate(item: Item, spec: UpdateSpec): Item {
  const next = copy(item);
  const sets = Object.entries(spec.set ?? {}).filter(([, v]) => v !== undefined);
  const ifNotExists = Object.entries(spec.setIfNotExists ?? {});
  const removes = spec.remove ?? [];
  const paths = [...sets.map(([k]) => k), ...ifNotExists.map(([k]) => k), ...removes];
  for (const [i, a] of paths.entries()) {
    for (const b of paths.slice(i + 1)) {
      if (a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`)) throw validation(`Invalid UpdateExpression: Two document paths overlap with each other; [${a}, ${b}]`);
    }
  }
  for (const [dotted, value] of sets) {
    const path = dotted.split('.');
    const parent = parentOf(next, path);
    if (!parent) throw invalidPath();
    parent[path.at(-1)!] = copy(value);
  }
  for (const [dotted, value] of ifNotExists) {
    const path = dotted.split('.');
    const parent = parentOf(next, path);
    if (!parent) throw invalidPath();
    if (parent[path.at(-1)!] === undefined) parent[path.at(-1)!] = copy(value);
  }
  for (const dotted of removes) {
    const path = dotted.split('.');
    const parent = parentOf(next, path);
    // REMOVE of a missing attribute is a no-op; of a member of a missing map, an error.
    if (!parent) {
      if (path.length === 1) continue;
      throw invalidPath();
    }
    delete parent[path.at(-1)!];
  }
  return next;
}

/** One table: items by PK and SK, written one at a time or in all-or-nothing transactions. */
export function memoryTable() {
  const items = new Map<string, Item>();
  const keyOfWrite = (w: Write): Key => ('put' in w ? keyOf(w.put) : 'update' in w ? w.update : 'delete' in w ? w.delete : w.check);
  /** The item a write leaves (undefined: deleted; the same item: a check). */
  const outcome = (w: Write, old: Item | undefined): Item | undefined => {
    if ('put' in w) return copy(w.put);
    if ('delete' in w) return undefined;
    if ('check' in w) return old;
    const start = old ?? { ...w.update };
    const next = w.spec ? applyUpdate(start, w.spec) : copy(start);
    w.change?.(next);
    return copy(next);
  };
  const commit = (key: Key, next: Item | undefined) => (next === undefined ? items.delete(id(key)) : items.set(id(key), next));
  return {
    get: (key: Key): Item | undefined => copy(items.get(id(key))),
    /** The items of these keys that exist (BatchGetItem). */
    getMany: (keys: Key[]): Item[] => keys.flatMap((k) => { const item = items.get(id(k)); return item ? [copy(item)] : []; }),
    /** Items of a partition whose sort key begins with `prefix`, in sort-key order. */
    query: (PK: string, prefix = ''): Item[] =>
      [...items.values()]
        .filter((i) => i.PK === PK && String(i.SK).startsWith(prefix))
        .sort((a, b) => (String(a.SK) < String(b.SK) ? -1 : 1))
        .map(copy),
    /** Every item that matches (a stand-in for a Scan, or for a Query of an index). */
    scan: (match: (item: Item) => boolean = () => true): Item[] => [...items.values()].filter(match).map(copy),
    /** One write; ConditionalCheckFailedException when its condition does not hold. The item it leaves. */
    write(w: Write): Item | undefined {
      const key = keyOfWrite(w);
      const old = items.get(id(key));
      if (w.if && !w.if(copy(old))) throw conditionFailed();
      const next = outcome(w, old);
      if (!('check' in w)) commit(key, next);
      return copy(next);
    },
    /** TransactWriteItems: every condition holds and every write applies, or nothing is written. */
    transact(writes: Write[]): void {
      const keys = writes.map((w) => id(keyOfWrite(w)));
      if (new Set(keys).size !== keys.length) throw validation('Transaction request cannot include multiple operations on one item');
      const reasons = writes.map((w): { Code: string; Item?: Item } => {
        const old = items.get(id(keyOfWrite(w)));
        if (w.if && !w.if(copy(old))) return { Code: 'ConditionalCheckFailed', ...(old ? { Item: copy(old) } : {}) };
        try {
          outcome(w, old);
          return { Code: 'None' };
        } catch (e) {
          if ((e as Error).name === 'ValidationException') return { Code: 'ValidationError' };
          throw e;
        }
      });
      if (reasons.some((r) => r.Code !== 'None')) throw new TransactionCanceled(reasons);
      const results = writes.map((w) => [keyOfWrite(w), outcome(w, items.get(id(keyOfWrite(w))))] as const);
      for (const [w, [key, next]] of writes.map((w, i) => [w, results[i]!] as const)) if (!('check' in w)) commit(key, next);
    },
    /** Writes without conditions (BatchWriteItem). */
    putAll(all: Item[]): void {
      for (const item of all) items.set(id(keyOf(item)), copy(item));
    },
    size: () => items.size,
  };
}
export type MemoryTable = ReturnType<typeof memoryTable>;

const isConditionFailed = (e: unknown) => (e as Error)?.name === 'ConditionalCheckFailedException';
const canceledBy = (e: unknown, index: number) => e instanceof TransactionCanceled && e.CancellationReasons[index]?.Code === 'ConditionalCheckFailed';
const unsupported = (operation: string) => async (): Promise<never> => {
  throw new Error(`${operation} is not offered by the in-memory table (no use case tested here needs it)`);
};
const absent: Condition = (item) => item === undefined;
const exists: Condition = (item) => item !== undefined;
const member = (item: Item | undefined, dotted: string): unknown => dotted.split('.').reduce<unknown>((node, part) => (isMap(node) ? node[part] : undefined), item);

// ---------------------------------------------------------------- issuances

export function memoryIssuances(table: MemoryTable, clock: Clock, keys: LearnerKeyer) {
  const key = issuanceKeys.item;
  const stamped = (spec: UpdateSpec): UpdateSpec => ({ ...spec, set: { ...spec.set, updatedAt: clock.now().toISOString() } });
  /** issuanceRepository's update: attribute_exists(PK), and no status change away from CANCELLED (but to it). */
  const update = async (id: string, spec: UpdateSpec, condition?: Condition, options: { evenErased?: boolean } = {}): Promise<Issuance> => {
    const movesStatus = spec.set?.status !== undefined && spec.set.status !== 'CANCELLED';
    const item = table.write({
      update: key(id),
      spec: stamped(spec),
      if: (i) => exists(i) && (options.evenErased || i!.erasure === undefined) && (!movesStatus || i!.status !== 'CANCELLED') && (!condition || condition(i)),
    });
    return issuanceFromItem(item!);
  };
  /** issuanceRepository's updateWith: the guarded update (attribute_exists(PK) AND guard) and one more write, in one transaction. */
  const updateWith = async (id: string, spec: UpdateSpec, guard: Condition, other: Write): Promise<Issuance | 'guard' | 'taken'> => {
    try {
      table.transact([{ update: key(id), spec: stamped(spec), if: (i) => exists(i) && i!.erasure === undefined && guard(i) }, other]);
    } catch (e) {
      if (canceledBy(e, 0)) return 'guard';
      if (canceledBy(e, 1)) return 'taken';
      throw e;
    }
    return issuanceFromItem(table.get(key(id))!);
  };
  const updateIf = async (id: string, spec: UpdateSpec, condition: Condition) => {
    try {
      return await update(id, spec, condition);
    } catch (e) {
      if (isConditionFailed(e)) return undefined;
      throw e;
    }
  };
  /** updateAndRelease: the guarded update, and the holding deleted if it is this issuance's or absent. */
  const updateAndRelease = async (id: string, spec: UpdateSpec, guard: Condition, holding: HoldingOf) => {
    await keys.ready();
    const result = await updateWith(id, spec, guard, {
      delete: holdingKeys.item(keys, holding.achievementId, holding.achievementVersion, holding.email),
      if: (h) => h === undefined || h.issuanceId === holding.issuanceId,
    });
    return typeof result === 'string' ? undefined : result;
  };
  /** '#status IN (:requested, :waiting)' */
  const undecided: Condition = (i) => i?.status === 'REQUESTED' || i?.status === 'AWAITING_APPROVAL';

  const repository = {
    /** create: every item put with attribute_not_exists(PK), in one transaction; the kind of the first refused. */
    async create(i: Issuance, extras: { idempotency?: Parameters<typeof idempotencyToItem>[0]; takeHolding?: boolean } = {}) {
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
      try {
        table.transact(items.map(({ item }) => ({ put: item, if: absent })));
        return 'created' as const;
      } catch (e) {
        if (!(e instanceof TransactionCanceled)) throw e;
        const failed = e.CancellationReasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
        if (failed < 0) throw e;
        return items[failed]!.kind;
      }
    },
    /** listByMonth, readPeriod: GSI3 walks of the month partitions (not here). */
    listByMonth: unsupported('issuances.listByMonth'),
    readPeriod: unsupported('issuances.readPeriod'),
    /** deliveries: each found issuance's delivery. */
    async deliveries(ids: string[]) {
      return new Map(table.getMany(ids.map(key)).map((item) => [item.id as string, issuanceRecord.shape.delivery.parse(item.delivery)]));
    },
    /** getMany: the issuances that exist (strongly consistent). */
    async getMany(ids: string[]) {
      return table.getMany(ids.map(key)).map(issuanceFromItem);
    },
    /** clearUnissued: ConditionCheck the issuance absent + Delete its credential and learner index items, one transaction. */
    async clearUnissued(row: Pick<Issuance, 'id' | 'credentialId' | 'achievementId' | 'requestedAt'> & { recipient: Recipient }) {
      const entry = { issuanceId: row.id, credentialId: row.credentialId, achievementId: row.achievementId, requestedAt: row.requestedAt };
      await keys.ready();
      try {
        table.transact([
          { check: key(row.id), if: absent },
          { delete: credentialKeys.item(row.credentialId) },
          ...learnerItems(keys, row.recipient, entry).map((item) => ({ delete: keyOf(item) })),
        ]);
        return true;
      } catch (e) {
        if (canceledBy(e, 0)) return false;
        throw e;
      }
    },
    /** get: GetItem (consistent). */
    async get(id: string) {
      const item = table.get(key(id));
      return item ? issuanceFromItem(item) : undefined;
    },
    /** listPending: Query GSI2 (GSI2PK = role's queue, GSI2SK < before), Limit before the filter, oldest first. */
    async listPending(role: string, page: { limit: number; before?: string; achievementId?: string; cohort?: string; after?: Record<string, unknown> }) {
      const order = (i: Item) => `${i.GSI2SK as string}\u0000${i.PK as string}`;
      const queue = table
        .scan((i) => i.GSI2PK === `APPROVALS#PENDING#${role}` && (!page.before || (i.GSI2SK as string) < page.before))
        .sort((a, b) => (order(a) < order(b) ? -1 : 1))
        .filter((i) => !page.after || order(i) > order(page.after));
      const evaluated = queue.slice(0, page.limit);
      const items = evaluated.filter((i) => (!page.achievementId || i.achievementId === page.achievementId) && (!page.cohort || member(i, 'award.cohort') === page.cohort));
      const last = evaluated.at(-1);
      const next = queue.length > evaluated.length && last ? { PK: last.PK, SK: last.SK, GSI2PK: last.GSI2PK, GSI2SK: last.GSI2SK } : undefined;
      return { items: items.map(issuanceFromItem), next };
    },
    /** recordProgress: update (existence and CANCELLED guards only). */
    recordProgress: (id: string, set: Record<string, unknown>) => update(id, { set }),
    /** endWorkflow: update, leaving the approval queue (and the task token, when the approval map exists). */
    endWorkflow: (id: string, set: Record<string, unknown>, reachedApproval: boolean) =>
      update(id, { set, remove: ['GSI2PK', 'GSI2SK', ...(reachedApproval ? ['approval.taskToken'] : [])] }),
    /** amend: update of the recipient's name, its consent and the results. */
    amend: (id: string, change: { name?: string | undefined; publishName?: boolean | undefined; results?: Issuance['award']['results'] | undefined }) =>
      update(id, {
        set: {
          ...(change.name !== undefined ? { 'recipient.name': change.name } : {}),
          ...(change.publishName !== undefined ? { 'recipient.publishName': change.publishName } : {}),
          ...(change.results !== undefined ? { 'award.results': change.results } : {}),
        },
      }),
    /** setDeliveryEmail: update. */
    setDeliveryEmail: (id: string, deliveryEmail: string) => update(id, { set: { deliveryEmail } }),
    /** mirrorCredentialStatus: update. */
    mirrorCredentialStatus: (id: string, credentialStatus: NonNullable<Issuance['credentialStatus']>) => update(id, { set: { credentialStatus } }, undefined, { evenErased: true }),
    /** recordExecution: update. */
    recordExecution: (id: string, executionArn: string) => update(id, { set: { executionArn } }),
    /** awaitApproval: AWAITING_APPROVAL with the task token and the queue's keys, if '#status IN (:requested, :waiting)'. */
    awaitApproval: (id: string, approval: { role: string; step: number; steps: number; exception: boolean; taskToken: string; requestedAt: string }, progress: Record<string, unknown>) =>
      updateIf(
        id,
        { set: { status: 'AWAITING_APPROVAL', approval, ...issuanceKeys.pendingApproval(approval.role, { requestedAt: approval.requestedAt, id }), ...progress } },
        undecided,
      ),
    /** decide: '#status = :waiting AND #approval.#taskToken = :token'; with `release`, the holding deleted in the same transaction. */
    decide(
      id: string,
      taskToken: string,
      change: Parameters<IssuanceRepository['decide']>[2],
      release?: HoldingOf,
    ): Promise<Issuance | undefined> {
      const { decision } = change;
      const spec: UpdateSpec = {
        set: {
          status: change.status,
          approvals: change.approvals,
          'approval.decision': decision.decision,
          'approval.decidedBy': decision.decidedBy,
          'approval.decidedAt': decision.decidedAt,
          ...(decision.comment ? { 'approval.comment': decision.comment } : {}),
          ...(change.rejection ? { rejection: change.rejection } : {}),
          ...change.progress,
        },
        remove: ['approval.taskToken', 'GSI2PK', 'GSI2SK'],
      };
      const guard: Condition = (i) => i?.status === 'AWAITING_APPROVAL' && member(i, 'approval.taskToken') === taskToken;
      return release ? updateAndRelease(id, spec, guard, release) : updateIf(id, spec, guard);
    },
    /** reopenFailed: '#status = :failed AND (attribute_not_exists(#retries) OR size(#retries) = :count)'. */
    reopenFailed: (id: string, retriesSoFar: number, retries: Issuance['retries']) =>
      updateIf(id, { set: { status: 'REQUESTED', retries }, remove: ['failure'] }, (i) => i?.status === 'FAILED' && (i.retries === undefined || (i.retries as unknown[]).length === retriesSoFar)),
    /** cancel: '#status IN (:requested, :waiting)', the holding released, one transaction. */
    cancel: (id: string, cancellation: NonNullable<Issuance['cancellation']>, progress: Record<string, unknown>, holding: HoldingOf, reachedApproval: boolean) =>
      updateAndRelease(id, { set: { status: 'CANCELLED', cancellation, ...progress }, remove: ['GSI2PK', 'GSI2SK', ...(reachedApproval ? ['approval.taskToken'] : [])] }, undecided, holding),
    /** reopenForException: '#status = :rejected AND attribute_not_exists(#award.#exception)'; with `takeHolding`, the holding put if absent, one transaction. */
    async reopenForException(id: string, justification: string, earlierRejection: Issuance['rejection'], takeHolding?: HoldingOf): Promise<Issuance | 'changed' | 'taken'> {
      const spec = { set: { status: 'REQUESTED', 'award.exception': { justification }, earlierRejection }, remove: ['rejection'] };
      const guard: Condition = (i) => i?.status === 'REJECTED' && member(i, 'award.exception') === undefined;
      if (!takeHolding) return (await updateIf(id, spec, guard)) ?? 'changed';
      const { achievementId, achievementVersion, email, issuanceId } = takeHolding;
      await keys.ready();
      const result = await updateWith(id, spec, guard, { put: holdingItem(keys, achievementId, achievementVersion, email, issuanceId), if: absent });
      return result === 'guard' ? 'changed' : result;
    },
    /** fixIssuedAt: if_not_exists(issuedAt), 'attribute_exists(PK)'. */
    fixIssuedAt: (id: string, at: string) => updateIf(id, { setIfNotExists: { issuedAt: at } }, exists),
    /** fixStatusAllocation: if_not_exists(statusAllocation), 'attribute_exists(PK)'. */
    fixStatusAllocation: (id: string, candidate: number) => updateIf(id, { setIfNotExists: { statusAllocation: candidate } }, exists),
    /** recordDeliveryFeedback: '#delivery.#messageId = :message'. */
    recordDeliveryFeedback: (id: string, messageId: string, feedback: { status: 'DELIVERED' | 'BOUNCED' | 'COMPLAINED'; at: string; detail?: string }) =>
      updateIf(
        id,
        { set: { 'delivery.status': feedback.status, 'delivery.feedbackAt': feedback.at, ...(feedback.detail ? { 'delivery.feedback': feedback.detail } : {}) } },
        (i) => member(i, 'delivery.messageId') === messageId,
      ),
    /** archiveDelivery: '#delivery.#messageId = :message'. */
    archiveDelivery: (id: string, messageId: string, deliveries: Issuance['deliveries'], deliveryEmail?: string) =>
      updateIf(id, { set: { deliveries, ...(deliveryEmail ? { deliveryEmail } : {}) }, remove: ['delivery'] }, (i) => member(i, 'delivery.messageId') === messageId),
    /** writeIssuedRows: the rows' learner index items and credentials, BatchWriteItem (no conditions). */
    writeIssuedRows: async (rows: Parameters<IssuanceRepository['writeIssuedRows']>[0]) => {
      await keys.ready();
      table.putAll(
        rows.flatMap(({ issuance: i, credential }) => [
          ...learnerItems(keys, learnerOf(i), { issuanceId: i.id, credentialId: i.credentialId, achievementId: i.achievementId, requestedAt: i.requestedAt }),
          credentialToItem(credential),
        ]),
      );
    },
    /** commitIssuedRows: the issuance records, BatchWriteItem (no conditions). */
    commitIssuedRows: async (issuances: Issuance[]) => table.putAll(issuances.map(issuanceToItem)),
    /** erase: Put the erased form if 'updatedAt = :seen AND attribute_not_exists(erasure)', Delete the holding if it is this issuance's, and the index items; one transaction. */
    async erase(seen: Issuance, erasure: NonNullable<Issuance['erasure']>) {
      const learner = learnerOf(seen);
      await keys.ready();
      const entry = { issuanceId: seen.id, credentialId: seen.credentialId, achievementId: seen.achievementId, requestedAt: seen.requestedAt };
      const holding = holdingKeys.item(keys, seen.achievementId, seen.achievementVersion, learner.email);
      const held = table.get(holding);
      try {
        table.transact([
          { put: issuanceToItem(erasedIssuance(seen, erasure)), if: (i) => i?.updatedAt === seen.updatedAt && i.erasure === undefined },
          ...(held === undefined || held.issuanceId === seen.id ? [{ delete: holding }] : []),
          ...learnerItems(keys, learner, entry).map((item) => ({ delete: keyOf(item) })),
        ]);
        return 'erased' as const;
      } catch (e) {
        if (canceledBy(e, 0)) return 'changed' as const;
        throw e;
      }
    },
  };
  return repository satisfies IssuanceRepository;
}

// ---------------------------------------------------------------- holdings, idempotency keys, uploads

export function memoryHoldings(table: MemoryTable, keys: LearnerKeyer) {
  const key = (achievementId: string, version: number, email: string) => holdingKeys.item(keys, achievementId, version, email);
  const repository = {
    /** holder: GetItem (consistent). */
    async holder(achievementId: string, version: number, email: string) {
      await keys.ready();
      return table.get(key(achievementId, version, email))?.issuanceId as string | undefined;
    },
    /** claim: put 'attribute_not_exists(PK) OR issuanceId = :id'; otherwise the holder. */
    async claim(achievementId: string, version: number, email: string, issuanceId: string): Promise<string | undefined> {
      await keys.ready();
      try {
        table.write({ put: holdingItem(keys, achievementId, version, email, issuanceId), if: (h) => h === undefined || h.issuanceId === issuanceId });
        return undefined;
      } catch (e) {
        if (!isConditionFailed(e)) throw e;
        return (await repository.holder(achievementId, version, email)) ?? 'another issuance';
      }
    },
    /** claimMany: the same puts, 100 to a transaction; refused ones (named by the cancellation reasons) set aside, the rest again. */
    async claimMany(achievementId: string, version: number, claims: { email: string; issuanceId: string }[]) {
      await keys.ready();
      const refused = new Map<string, string>();
      const first = new Map<string, string>();
      const pending: { email: string; issuanceId: string }[] = [];
      for (const c of claims) {
        const pk = key(achievementId, version, c.email).PK;
        const earlier = first.get(pk);
        if (earlier === undefined) {
          first.set(pk, c.issuanceId);
          pending.push(c);
        } else if (earlier !== c.issuanceId) refused.set(c.issuanceId, earlier);
      }
      for (let i = 0; i < pending.length; i += 100) {
        let group = pending.slice(i, i + 100);
        while (group.length > 0) {
          try {
            table.transact(group.map((c) => ({ put: holdingItem(keys, achievementId, version, c.email, c.issuanceId), if: (h: Item | undefined) => h === undefined || h.issuanceId === c.issuanceId })));
            break;
          } catch (e) {
            if (!(e instanceof TransactionCanceled)) throw e;
            const reasons = e.CancellationReasons;
            for (const [j, c] of group.entries()) {
              if (reasons[j]?.Code === 'ConditionalCheckFailed') refused.set(c.issuanceId, (reasons[j]?.Item?.issuanceId as string | undefined) ?? 'another issuance');
            }
            group = group.filter((_, j) => reasons[j]?.Code !== 'ConditionalCheckFailed');
          }
        }
      }
      return refused;
    },
    /** holders: BatchGetItem; email → holder, for those held. */
    async holders(achievementId: string, version: number, emails: string[]) {
      await keys.ready();
      return new Map(emails.flatMap((email) => {
        const holder = table.get(key(achievementId, version, email))?.issuanceId as string | undefined;
        return holder ? [[email, holder] as const] : [];
      }));
    },
    /** release: delete 'issuanceId = :id' (a refusal is swallowed). */
    async release(achievementId: string, version: number, email: string, issuanceId: string) {
      await keys.ready();
      try {
        table.write({ delete: key(achievementId, version, email), if: (h) => h?.issuanceId === issuanceId });
      } catch (e) {
        if (!isConditionFailed(e)) throw e;
      }
    },
  };
  return repository satisfies HoldingRepository;
}

export function memoryIdempotency(table: MemoryTable) {
  return {
    /** get: GetItem (consistent). */
    async get(principalId: string, key: string) {
      const item = table.get(idempotencyKeys.item(principalId, key));
      return item ? idempotencyFromItem(item) : undefined;
    },
  } satisfies IdempotencyRepository;
}

export function memoryUploads(table: MemoryTable) {
  return {
    /** create: putIfAbsent. */
    create: async (u: Parameters<UploadRepository['create']>[0]) => putIfAbsent(table, { ...uploadKeys.item(u.uploadId), entity: 'EvidenceUpload', ...u }),
    /** get: GetItem (consistent). */
    async get(uploadId: string) {
      const item = table.get(uploadKeys.item(uploadId));
      return item ? uploadRecord.parse(withoutKeys(item)) : undefined;
    },
    /** remove: DeleteItem. */
    remove: async (uploadId: string) => void table.write({ delete: uploadKeys.item(uploadId) }),
  } satisfies UploadRepository;
}

/** keys.ts putIfAbsent: 'attribute_not_exists(PK)'; false when the key is taken. */
function putIfAbsent(table: MemoryTable, item: Item): boolean {
  try {
    table.write({ put: item, if: absent });
    return true;
  } catch (e) {
    if (isConditionFailed(e)) return false;
    throw e;
  }
}

// ---------------------------------------------------------------- audit trail

export function memoryAudit(table: MemoryTable, clock: Clock) {
  const list = async (subject: Parameters<AuditRepository['list']>[0]): Promise<AuditEvent[]> =>
    withDetails(table.query(auditKeys.trail(subject)).map((i) => auditEvent.parse(withoutKeys(i))), table.query(auditKeys.details(subject)));
  return {
    /** append: the next sequence number, put if absent (a racing writer retries). */
    async append(subject, entry, at = clock.now().toISOString()) {
      const { open, detail } = sealEntry(subject, entry);
      if (detail) putIfAbsent(table, detail);
      for (let attempt = 0; attempt < 10; attempt++) {
        const previous = (await list(subject)).at(-1);
        const base = { ...open, subject, seq: (previous?.seq ?? 0) + 1, at, prevHash: previous?.hash ?? genesisHash(subject) };
        const event: AuditEvent = { ...base, hash: eventHash(base) };
        if (putIfAbsent(table, { ...auditKeys.event(subject, event.seq), entity: 'AuditEvent', ...event })) return event;
      }
      throw new Error(`could not append to the audit trail of ${subject.type} ${subject.id}`);
    },
    /** begin: event 1, put if absent. */
    async begin(subject, entry, at = clock.now().toISOString()) {
      const { open, detail } = sealEntry(subject, entry);
      if (detail) putIfAbsent(table, detail);
      const base = { ...open, subject, seq: 1, at, prevHash: genesisHash(subject) };
      return putIfAbsent(table, { ...auditKeys.event(subject, 1), entity: 'AuditEvent', ...base, hash: eventHash(base) });
    },
    async first(subject: Parameters<AuditRepository['list']>[0]) {
      return (await list(subject))[0];
    },
    /** eraseDetails: Query AUDITDETAIL#, DeleteItem each. */
    async eraseDetails(subject: Parameters<AuditRepository['list']>[0]) {
      const items = table.query(auditKeys.details(subject));
      for (const item of items) table.write({ delete: { PK: String(item.PK), SK: String(item.SK) } });
      return items.length;
    },
    list,
  } satisfies AuditRepository;
}

// ---------------------------------------------------------------- credentials, keys, issuers, status lists, delivery claims

export function memoryCredentials(table: MemoryTable) {
  const key = credentialKeys.item;
  const updateIf = async (id: string, spec: UpdateSpec, condition: Condition) => {
    try {
      return credentialFromItem(table.write({ update: key(id), spec, if: (i) => exists(i) && condition(i) })!);
    } catch (e) {
      if (isConditionFailed(e)) return undefined;
      throw e;
    }
  };
  return {
    /** putOnce: putIfAbsent. */
    putOnce: async (c: Parameters<CredentialRepository['putOnce']>[0]) => (putIfAbsent(table, credentialToItem(c)) ? ('created' as const) : ('exists' as const)),
    /** get: GetItem (consistent). */
    async get(id: string) {
      const item = table.get(key(id));
      return item ? credentialFromItem(item) : undefined;
    },
    /** listByMonth: a GSI3 walk (not here). */
    listByMonth: unsupported('credentials.listByMonth'),
    /** getMany: BatchGetItem; absent ones left out. */
    async getMany(ids: string[]) {
      return table.getMany(ids.map(key)).map(credentialFromItem);
    },
    /** listBySigningKey: a GSI2 query (not here). */
    listBySigningKey: unsupported('credentials.listBySigningKey'),
    /** revoke: '#status <> :revoked'. */
    revoke: (id: string, decision: Parameters<CredentialRepository['revoke']>[1]) => updateIf(id, { set: { status: 'REVOKED', revocation: decision } }, (i) => i?.status !== 'REVOKED'),
    /** suspend: '#status = :active'. */
    suspend: (id: string, decision: Parameters<CredentialRepository['suspend']>[1]) => updateIf(id, { set: { status: 'SUSPENDED', suspension: decision } }, (i) => i?.status === 'ACTIVE'),
    /** reinstate: '#status = :suspended'. */
    reinstate: (id: string) => updateIf(id, { set: { status: 'ACTIVE' }, remove: ['suspension'] }, (i) => i?.status === 'SUSPENDED'),
    /** recordDelivery: 'attribute_exists(PK)'. */
    recordDelivery: (id: string, delivery: Parameters<CredentialRepository['recordDelivery']>[1]) => updateIf(id, { set: { delivery } }, exists),
    /** markSuperseded: 'attribute_not_exists(supersededBy)', then its directory entry deleted. */
    async markSuperseded(id: string, by: Parameters<CredentialRepository['markSuperseded']>[1]) {
      const marked = await updateIf(id, { set: { supersededBy: by } }, (c) => c !== undefined && c.supersededBy === undefined);
      if (marked?.visibility?.directory) table.write({ delete: directoryKeys.entry(marked.issuerId, id) });
      return marked;
    },
    /** flagForReview: 'attribute_not_exists(#review)'. */
    flagForReview: (id: string, review: Parameters<CredentialRepository['flagForReview']>[1]) => updateIf(id, { set: { review } }, (c) => c !== undefined && c.review === undefined),
    /** setVisibility: 'attribute_exists(PK)' (and 'attribute_not_exists(supersededBy)' when listing) + Put or Delete the directory entry, one transaction. */
    async setVisibility(record: Parameters<CredentialRepository['setVisibility']>[0], visibility: Parameters<CredentialRepository['setVisibility']>[1], listing?: Parameters<CredentialRepository['setVisibility']>[2]) {
      try {
        table.transact([
          { update: key(record.id), spec: { set: { visibility } }, if: (c) => exists(c) && (!listing || c!.supersededBy === undefined) },
          listing
            ? { put: directoryEntryToItem(directoryEntryOf({ ...listing, issuerId: record.issuerId, credentialId: record.id })) }
            : { delete: directoryKeys.entry(record.issuerId, record.id) },
        ]);
      } catch (e) {
        if (canceledBy(e, 0)) return undefined;
        throw e;
      }
      const item = table.get(key(record.id));
      return item ? credentialFromItem(item) : undefined;
    },
    /** leaveDirectory: visibility.directory false (if chosen) + Delete the entry, one transaction. */
    async leaveDirectory(record: Parameters<CredentialRepository['leaveDirectory']>[0], at: string) {
      const entry = { delete: directoryKeys.entry(record.issuerId, record.id) };
      table.transact(record.visibility ? [{ update: key(record.id), spec: { set: { visibility: { ...record.visibility, directory: false, at } } }, if: exists }, entry] : [entry]);
    },
    /** eraseDeliveryDetail: REMOVE delivery.detail if 'attribute_exists(#delivery.#detail)'. */
    eraseDeliveryDetail: (id: string) => updateIf(id, { remove: ['delivery.detail'] }, (c) => member(c, 'delivery.detail') !== undefined),
  } satisfies CredentialRepository;
}

export function memoryDirectoryEntries(table: MemoryTable) {
  return {
    /** page: Query PK, SK begins_with ENTRY#, Limit `evaluated` items read, then the contains() filters. */
    async page(issuerId: string, q: Parameters<DirectoryEntryRepository['page']>[1]) {
      const all = table.query(directoryKeys.partition(issuerId), 'ENTRY#');
      const start = q.after ? all.findIndex((i) => String(i.SK) > String(q.after!.SK)) : 0;
      const read = start < 0 ? [] : all.slice(start, start + q.evaluated);
      const last = read.at(-1);
      const next = last && start + q.evaluated < all.length ? { PK: last.PK, SK: last.SK } : undefined;
      const has = (value: unknown, term: string | undefined) => !term || String(value).includes(foldForSearch(term));
      const items = read.filter((i) => has(i.nameKey, q.filter.name) && has(i.achievementKey, q.filter.achievement) && has(i.skillsKey, q.filter.skill));
      return { items: items.map(directoryEntryFromItem), next };
    },
  } satisfies DirectoryEntryRepository;
}

export function memoryIssuerKeys(table: MemoryTable) {
  return {
    /** putOnce: putIfAbsent. */
    putOnce: async (k: Parameters<IssuerKeyRepository['putOnce']>[0]) => putIfAbsent(table, issuerKeyToItem(k)),
    /** get: GetItem in the keys' partition, then where they were. */
    async get(issuerId: string, keyId: string) {
      const item = table.get(issuerKeyKeys.item(issuerId, keyId)) ?? table.get(issuerKeyKeys.legacyItem(issuerId, keyId));
      return item ? issuerKeyFromItem(item) : undefined;
    },
    /** list: Query PK=ISSUERKEY#<id>, begins_with(SK, KEY#); if none, PK=ISSUER#<id>. */
    async list(issuerId: string) {
      const { PK, SKPrefix } = issuerKeyKeys.all(issuerId);
      const moved = table.query(PK, SKPrefix);
      const legacy = issuerKeyKeys.legacyAll(issuerId);
      return (moved.length ? moved : table.query(legacy.PK, legacy.SKPrefix)).map(issuerKeyFromItem);
    },
    /** rotate, markCompromised, migrate: key lifecycle (not here). */
    migrate: unsupported('keys.migrate'),
    rotate: unsupported('keys.rotate'),
    markCompromised: unsupported('keys.markCompromised'),
  } satisfies IssuerKeyRepository;
}

export function memoryIssuers(table: MemoryTable) {
  return {
    create: async (i: Parameters<IssuerRepository['create']>[0]) => putIfAbsent(table, issuerToItem(i)),
    /** get: GetItem. */
    async get(issuerId: string) {
      const item = table.get(issuerKeys.profile(issuerId));
      return item ? issuerFromItem(item) : undefined;
    },
    /** update, list: issuer administration (not here). */
    update: unsupported('issuers.update'),
    list: unsupported('issuers.list'),
  } satisfies IssuerRepository;
}

export function memoryStatusLists(table: MemoryTable) {
  return {
    /** reserveBlock: ADD nextBlock 1 (creating the allocator), the new block's first allocation. */
    async reserveBlock(issuerId: string) {
      const item = table.write({
        update: statusListKeys.allocator(issuerId),
        change: (i) => {
          i.nextBlock = ((i.nextBlock as number | undefined) ?? 0) + 1;
          i.entity = 'StatusAllocator';
        },
      })!;
      return ((item.nextBlock as number) - 1) * BLOCK_SIZE;
    },
    /** get: GetItem (consistent). */
    async get(issuerId: string, purpose: Parameters<StatusListRepository['get']>[1], listNo: number) {
      const item = table.get(statusListKeys.list(issuerId, purpose, listNo));
      return item ? statusListFromItem(item) : undefined;
    },
    /** create: putIfAbsent. */
    create: async (list: Parameters<StatusListRepository['create']>[0]) => putIfAbsent(table, statusListToItem(list)),
    /** replace: 'version = :expected'. */
    async replace(list: Parameters<StatusListRepository['replace']>[0], expectedVersion: number) {
      try {
        table.write({
          update: statusListKeys.list(list.issuerId, list.purpose, list.listNo),
          spec: { set: { bits: list.bits, version: list.version, document: list.document, updatedAt: list.updatedAt } },
          if: (i) => i?.version === expectedVersion,
        });
        return true;
      } catch (e) {
        if (isConditionFailed(e)) return false;
        throw e;
      }
    },
  } satisfies StatusListRepository;
}

export function memoryDeliveryClaims(table: MemoryTable) {
  const CLAIM_TTL_SECONDS = 7 * 24 * 3600;
  return {
    /** claim: put 'attribute_not_exists(PK) OR claimedAt < :stale'. */
    async claim(issuanceId: string, n: number, claimedAt: string, staleBefore: string) {
      try {
        table.write({
          put: { ...deliveryClaimKeys.item(issuanceId, n), entity: 'DeliveryClaim', issuanceId, claimedAt, expiresAt: Math.floor(Date.parse(claimedAt) / 1000) + CLAIM_TTL_SECONDS },
          if: (i) => i === undefined || (i.claimedAt as string) < staleBefore,
        });
        return true;
      } catch (e) {
        if (isConditionFailed(e)) return false;
        throw e;
      }
    },
    /** release: delete 'claimedAt = :mine' (a refusal is swallowed). */
    async release(issuanceId: string, n: number, claimedAt: string) {
      try {
        table.write({ delete: deliveryClaimKeys.item(issuanceId, n), if: (i) => i?.claimedAt === claimedAt });
      } catch (e) {
        if (!isConditionFailed(e)) throw e;
      }
    },
  } satisfies DeliveryClaimRepository;
}

export function memoryClaimLinks(table: MemoryTable) {
  return {
    /** create: put 'attribute_not_exists(PK)' under the token's hash. */
    async create(token: string, link: ClaimLink) {
      table.write({ put: { ...claimLinkKeys.item(tokenHash(token)), entity: 'ClaimLink', ...link }, if: (i) => i === undefined });
    },
    /** get: GetItem by the token's hash (malformed tokens are not looked up). */
    async get(token: string) {
      if (!TOKEN_PATTERN.test(token)) return undefined;
      const item = table.get(claimLinkKeys.item(tokenHash(token)));
      if (!item) return undefined;
      const { PK: _pk, SK: _sk, entity: _e, ...link } = item;
      return link as unknown as ClaimLink;
    },
    /** consume: delete 'attribute_exists(PK)'. */
    async consume(token: string) {
      try {
        table.write({ delete: claimLinkKeys.item(tokenHash(token)), if: (i) => i !== undefined });
        return true;
      } catch (e) {
        if (isConditionFailed(e)) return false;
        throw e;
      }
    },
    /** takeLinkRequest: put 'attribute_not_exists(PK) OR requestedAt < :before' (ten minutes). */
    async takeLinkRequest(credentialId: string, now: Date) {
      const before = new Date(now.getTime() - 10 * 60_000).toISOString();
      try {
        table.write({ put: { ...claimLinkKeys.linkRequest(credentialId), entity: 'LinkRequest', requestedAt: now.toISOString() }, if: (i) => i === undefined || (i.requestedAt as string) < before });
        return true;
      } catch (e) {
        if (isConditionFailed(e)) return false;
        throw e;
      }
    },
  } satisfies ClaimLinkRepository;
}

// ---------------------------------------------------------------- achievements

export function memoryAchievements(table: MemoryTable) {
  return {
    /** create: LATEST and VERSION#1, each 'attribute_not_exists(PK)', one transaction. */
    async create(a: Achievement) {
      const items = achievementToItems(a);
      try {
        table.transact([
          { put: items.latest, if: absent },
          { put: items.version, if: absent },
        ]);
        return true;
      } catch (e) {
        if (e instanceof TransactionCanceled) return false;
        throw e;
      }
    },
    /** getLatest: GetItem of LATEST. */
    async getLatest(id: string) {
      const item = table.get(achievementKeys.latest(id));
      return item ? achievementFromItem(item) : undefined;
    },
    /** createVersion: LATEST if 'version = :previous AND lifecycle <> :archived', VERSION#n if absent; one transaction. */
    async createVersion(a: Achievement) {
      const items = achievementToItems(a);
      try {
        table.transact([
          { put: items.latest, if: (i) => i?.version === a.version - 1 && i.lifecycle !== 'archived' },
          { put: items.version, if: absent },
        ]);
        return true;
      } catch (e) {
        if (e instanceof TransactionCanceled) return false;
        throw e;
      }
    },
    /** setLifecycle: 'attribute_exists(PK) AND lifecycle = :from'. */
    async setLifecycle(id: string, from: Achievement['lifecycle'], to: Achievement['lifecycle'], archived?: Achievement['archived']) {
      try {
        const item = table.write({
          update: achievementKeys.latest(id),
          spec: archived ? { set: { lifecycle: to, archived } } : { set: { lifecycle: to }, remove: ['archived'] },
          if: (i) => exists(i) && i!.lifecycle === from,
        });
        return achievementFromItem(item!);
      } catch (e) {
        if (isConditionFailed(e)) return undefined;
        throw e;
      }
    },
    /** listByIssuer: a GSI1 query (not here). */
    listByIssuer: unsupported('achievements.listByIssuer'),
    /** listVersions: a query of the partition's VERSION# items, descending (not here). */
    listVersions: unsupported('achievements.listVersions'),
    /** getVersion: GetItem of VERSION#n. */
    async getVersion(id: string, version: number) {
      const item = table.get(achievementKeys.version(id, version));
      return item ? achievementFromItem(item) : undefined;
    },
  } satisfies AchievementRepository;
}

// ---------------------------------------------------------------- batches

/** `SET a.b = a.b + :n`: the attribute must be there (DynamoDB refuses arithmetic on a missing one). */
function addTo(item: Item, dotted: string, n: number) {
  const path = dotted.split('.');
  const parent = parentOf(item, path);
  const value = parent?.[path.at(-1)!];
  if (!parent || typeof value !== 'number') throw validation('The provided expression refers to an attribute that does not exist in the item');
  parent[path.at(-1)!] = value + n;
}

/** 'NOT (#status IN (:c, :r, :e, :f))': the batch has not been cancelled, rejected, expired or failed meanwhile. */
const stillGoing: Condition = (i) => !['CANCELLED', 'REJECTED', 'EXPIRED', 'FAILED'].includes(i?.status as string);

export function memoryBatches(table: MemoryTable, clock: Clock) {
  const key = batchKeys.item;
  /** batchRepository's update: 'attribute_exists(PK)' and the condition; updatedAt set. */
  const update = async (id: string, spec: UpdateSpec, condition?: Condition): Promise<Batch> =>
    batchFromItem(table.write({ update: key(id), spec: { ...spec, set: { ...spec.set, updatedAt: clock.now().toISOString() } }, if: (i) => exists(i) && (!condition || condition(i)) })!);
  const updateIf = async (id: string, spec: UpdateSpec, condition: Condition): Promise<Batch | undefined> => {
    try {
      return await update(id, spec, condition);
    } catch (e) {
      if (isConditionFailed(e)) return undefined;
      throw e;
    }
  };
  const waitingWith = (taskToken: string): Condition => (i) => member(i, 'waiting.taskToken') === taskToken;
  return {
    /** create: the batch and its file's hash, each 'attribute_not_exists(PK)', one transaction; the batch that has the file otherwise. */
    async create(b: Batch): Promise<{ created: true } | { created: false; batchId: string }> {
      try {
        table.transact([
          { put: batchToItem(b), if: absent },
          { put: { ...batchKeys.file(b.achievementId, b.file.sha256), entity: 'BatchFile', batchId: b.id, createdAt: b.createdAt }, if: absent },
        ]);
        return { created: true };
      } catch (e) {
        const file = table.get(batchKeys.file(b.achievementId, b.file.sha256));
        if (!(e instanceof TransactionCanceled) || !file) throw e;
        return { created: false, batchId: file.batchId as string };
      }
    },
    /** get: GetItem (consistent). */
    async get(id: string) {
      const item = table.get(key(id));
      return item ? batchFromItem(item) : undefined;
    },
    /** beginValidation: '#status = :waiting' (AWAITING_UPLOAD). */
    beginValidation: (id: string) => updateIf(id, { set: { status: 'VALIDATING' } }, (i) => i?.status === 'AWAITING_UPLOAD'),
    /** recordExecution: update. */
    recordExecution: (id: string, executionArn: string) => update(id, { set: { executionArn } }),
    /** recordValidation: '#status = :validating'. */
    recordValidation: (id: string, change: Parameters<BatchRepository['recordValidation']>[1]) => updateIf(id, { set: change }, (i) => i?.status === 'VALIDATING'),
    /** awaitDecision: STILL_GOING. */
    awaitDecision: (id: string, waiting: NonNullable<Batch['waiting']>) =>
      updateIf(id, { set: { waiting, status: waiting.kind === 'start' ? 'NEEDS_DECISION' : 'AWAITING_APPROVAL' } }, stillGoing),
    /** startValidRows: '#waiting.#taskToken = :token'. */
    startValidRows: (id: string, taskToken: string, startedBy: { id: string; name: string }) =>
      updateIf(id, { set: { startedBy, status: 'VALIDATING' }, remove: ['waiting'] }, waitingWith(taskToken)),
    /** decide: '#waiting.#taskToken = :token'. */
    decide: (id: string, taskToken: string, approval: NonNullable<Batch['approval']>) =>
      updateIf(
        id,
        { set: { approval, ...(approval.decision === 'REJECTED' ? { status: 'REJECTED', finishedAt: approval.decidedAt } : {}) }, remove: ['waiting'] },
        waitingWith(taskToken),
      ),
    /** cancel: '#status = :status' (the status the canceller saw). */
    cancel: (id: string, from: Batch['status'], cancellation: NonNullable<Batch['cancellation']>) =>
      updateIf(id, { set: { status: 'CANCELLED', finishedAt: cancellation.at, cancellation }, remove: ['waiting'] }, (i) => i?.status === from),
    /** reopenForRetry: '#status = :status AND #attempt = :attempt' (as the requester saw them). */
    reopenForRetry: (id: string, seen: Pick<Batch, 'status' | 'attempt' | 'counts' | 'retries'>, retry: Parameters<BatchRepository['reopenForRetry']>[2]) =>
      updateIf(
        id,
        {
          set: {
            attempt: retry.attempt,
            rowsKey: retry.rowsKey,
            status: 'RUNNING',
            'counts.failed': seen.counts.failed - retry.failedRows,
            retries: [...seen.retries, { by: retry.by, at: retry.at, rows: retry.rows, attempt: retry.attempt }],
          },
          remove: ['finishedAt', 'failure'],
        },
        (i) => i?.status === seen.status && i.attempt === seen.attempt,
      ),
    /** beginIssuing: RUNNING, if_not_exists(startedAt), STILL_GOING. */
    beginIssuing: (id: string, at: string) => updateIf(id, { set: { status: 'RUNNING' }, setIfNotExists: { startedAt: at }, remove: ['waiting'] }, stillGoing),
    /** finish: 'NOT (#status IN (:c))'. */
    finish: (id: string, end: Batch['status'], at: string, failure?: Batch['failure']) =>
      updateIf(id, { set: { status: end, finishedAt: at, ...(failure ? { failure } : {}) }, remove: ['waiting'] }, (i) => i?.status !== 'CANCELLED'),
    /** recordChunk: the chunk put if absent and the counters added to, one transaction; false when recorded before. */
    async recordChunk(chunk: Parameters<BatchRepository['recordChunk']>[0]) {
      const add = tallyChunk(chunk.rows);
      try {
        table.transact([
          { put: { ...batchKeys.chunk(chunk.batchId, chunk.attempt, chunk.firstLine), entity: 'BatchChunk', ...chunk }, if: absent },
          {
            update: key(chunk.batchId),
            change: (i) => {
              addTo(i, 'counts.issued', add.issued);
              addTo(i, 'counts.failed', add.failed);
              addTo(i, 'counts.skipped', add.skipped);
              i.progressAt = chunk.at;
            },
            if: exists,
          },
        ]);
        return true;
      } catch (e) {
        if (canceledBy(e, 0)) return false;
        throw e;
      }
    },
    /** claimChunk: put if absent; otherwise the first writer's claim. */
    async claimChunk(id: string, attempt: number, firstLine: number, claim: Parameters<BatchRepository['claimChunk']>[3]) {
      const k = batchKeys.claim(id, attempt, firstLine);
      if (putIfAbsent(table, { ...k, entity: 'BatchChunkClaim', ...claim })) return claim;
      return chunkClaim.parse(withoutKeys(table.get(k)!));
    },
    /** getChunk: GetItem (consistent). */
    async getChunk(id: string, attempt: number, firstLine: number) {
      const item = table.get(batchKeys.chunk(id, attempt, firstLine));
      return item ? chunkRecord.parse(withoutKeys(item)) : undefined;
    },
    /** chunks: Query PK=BATCH#<id>, begins_with(SK, CHUNK#), in order. */
    async *chunks(id: string) {
      for (const item of table.query(key(id).PK, 'CHUNK#')) yield chunkRecord.parse(withoutKeys(item));
    },
    /** addDelivered: counts.delivered + n, 'attribute_exists(PK)'. */
    async addDelivered(id: string, n: number) {
      table.write({ update: key(id), change: (i) => addTo(i, 'counts.delivered', n), if: exists });
    },
    /** created: the GSI3 month walk, newest first (here one page: a scan of the batches in range). */
    async created(q: { range: { from: string; to: string }; limit: number; cursor?: string | undefined }) {
      const all = table
        .scan((i) => i.entity === 'Batch' && String(i.createdAt) >= q.range.from && String(i.createdAt) <= q.range.to)
        .sort((a, b) => (String(a.createdAt) > String(b.createdAt) ? -1 : 1));
      const start = q.cursor ? Number(q.cursor) : 0;
      const page = all.slice(start, start + q.limit).map((i) => ({ id: String(i.id), status: i.status as Batch['status'] }));
      return { items: page, cursor: start + q.limit < all.length ? String(start + q.limit) : undefined };
    },
    /** eraseLines: the sample and first problems without those lines, if 'updatedAt = :seen'. */
    async eraseLines(seen: Batch, lines: ReadonlySet<number>) {
      if (!seen.validation) return 'erased' as const;
      const set = {
        'validation.sample': seen.validation.sample.filter((r) => !lines.has(Number(r.line))),
        'validation.problems': seen.validation.problems.filter((p) => !lines.has(p.line)),
      };
      return (await updateIf(seen.id, { set }, (i) => i?.updatedAt === seen.updatedAt)) ? ('erased' as const) : ('changed' as const);
    },
  } satisfies BatchRepository;
}

// ---------------------------------------------------------------- all of them, on one table

/** Every repository on one in-memory table, and the table (to look at, or to seed, an item). */
export function memoryRepositories(clock: Clock, learnerKeys: LearnerKeyer = memoryLearnerKeyer()) {
  const table = memoryTable();
  return {
    table,
    /** What keys the learner index and holdings here (to look an item up by its key). */
    learnerKeys,
    achievements: memoryAchievements(table),
    issuances: memoryIssuances(table, clock, learnerKeys),
    holdings: memoryHoldings(table, learnerKeys),
    idempotency: memoryIdempotency(table),
    uploads: memoryUploads(table),
    audit: memoryAudit(table, clock),
    credentials: memoryCredentials(table),
    directory: memoryDirectoryEntries(table),
    keys: memoryIssuerKeys(table),
    issuers: memoryIssuers(table),
    lists: memoryStatusLists(table),
    deliveryClaims: memoryDeliveryClaims(table),
    claimLinks: memoryClaimLinks(table),
    batches: memoryBatches(table, clock),
    learners: memoryLearners(table),
    erasures: memoryErasures(table),
    completions: memoryCompletions(table),
  };
}

/** The learner index's reads (learner.ts): every entry under one index key, its issuances' and its completions'. */
export function memoryLearners(table: MemoryTable) {
  return {
    entries: async (indexKey: string) => table.query(`LEARNER#${indexKey}`, 'ISSUANCE#').map((i) => learnerEntry.parse(withoutKeys(i))),
    completionEntries: async (indexKey: string) => table.query(`LEARNER#${indexKey}`, 'COMPLETION#').map((i) => learnerCompletionEntry.parse(withoutKeys(i))),
  } satisfies Pick<LearnerRepository, 'entries' | 'completionEntries'>;
}

// ---------------------------------------------------------------- completions

/** completion.ts, its writes and their conditions (the lists, GSI queries, are not offered). */
export function memoryCompletions(table: MemoryTable) {
  const parse = (item: Item) => completionRecord.parse(withoutKeys(item));
  const get = async (id: string) => {
    const item = table.get(completionKeys.item(id));
    return item ? parse(item) : undefined;
  };
  const indexPuts = (c: Pick<Completion, 'id' | 'receivedAt'>, indexKeys: string[]) =>
    [...new Set(indexKeys)].map((k) => ({ put: learnerCompletionItem(k, { completionId: c.id, receivedAt: c.receivedAt }) }));
  /** UpdateItem, ReturnValues ALL_NEW; undefined when its condition fails. */
  const update = (id: string, spec: UpdateSpec, condition: Condition = exists, change?: (item: Item) => void) => {
    try {
      return parse(table.write({ update: completionKeys.item(id), spec, ...(change ? { change } : {}), if: condition })!);
    } catch (e) {
      if (isConditionFailed(e)) return undefined;
      throw e;
    }
  };
  const attemptIs = (attempt: number): Condition => (i) => i?.attempt === attempt;
  return {
    /** receive: Put 'attribute_not_exists(PK)' with its learner index items, one transaction; else count the delivery. */
    async receive(c: Completion, indexKeys: string[]) {
      try {
        table.transact([{ put: { ...completionKeys.item(c.id), ...completionKeys.bySource(c), entity: 'Completion', ...c }, if: absent }, ...indexPuts(c, indexKeys)]);
        return { created: true, completion: c };
      } catch (e) {
        if (!canceledBy(e, 0)) throw e;
      }
      const counted = update(c.id, { set: { lastReceivedAt: c.receivedAt } }, exists, (i) => void (i.received = Number(i.received) + 1));
      if (!counted) throw new Error(`completion ${c.id} vanished between its put and its update`);
      return { created: false, completion: counted };
    },
    get,
    /** refresh: Update '#status = :failed' and Put the learner index items, one transaction; then GetItem. */
    async refresh(c: Pick<Completion, 'id' | 'receivedAt'>, d: Parameters<CompletionRepository['refresh']>[1], at: string, indexKeys: string[]) {
      try {
        table.transact([{ update: completionKeys.item(c.id), spec: { set: { ...d, updatedAt: at } }, if: (i) => i?.status === 'FAILED' }, ...indexPuts(c, indexKeys)]);
      } catch (e) {
        if (canceledBy(e, 0)) return undefined;
        throw e;
      }
      return get(c.id);
    },
    /** eraseLearner: Update 'attribute_exists(PK)' (learner {}, erased) and Delete the index items, one transaction. */
    async eraseLearner(c: Pick<Completion, 'id' | 'receivedAt'>, erasure: NonNullable<Completion['erased']>, indexKeys: string[]) {
      try {
        table.transact([
          { update: completionKeys.item(c.id), spec: { set: { learner: {}, erased: erasure, updatedAt: erasure.at } }, if: exists },
          ...[...new Set(indexKeys)].map((k) => ({ delete: keyOf(learnerCompletionItem(k, { completionId: c.id, receivedAt: c.receivedAt })) })),
        ]);
        return true;
      } catch (e) {
        if (canceledBy(e, 0)) return false;
        throw e;
      }
    },
    markRequested: async (id: string, attempt: number, ids: { issuanceId: string; credentialId: string }, at: string) =>
      update(id, { set: { status: 'REQUESTED', issuanceId: ids.issuanceId, credentialId: ids.credentialId, updatedAt: at }, remove: ['failure', 'GSI2PK', 'GSI2SK'] }, attemptIs(attempt)),
    markHeld: async (id: string, attempt: number, at: string) => update(id, { set: { status: 'HELD', updatedAt: at }, remove: ['failure', 'GSI2PK', 'GSI2SK'] }, attemptIs(attempt)),
    markFailed: async (id: string, attempt: number, failure: NonNullable<Completion['failure']>) =>
      update(id, { set: { status: 'FAILED', failure, updatedAt: failure.at, ...completionKeys.failed(failure.at, id) } }, attemptIs(attempt)),
    nextAttempt: async (id: string, from: number, at: string) => update(id, { set: { attempt: from + 1, status: 'RECEIVED', updatedAt: at } }, attemptIs(from)),
  } satisfies Pick<CompletionRepository, 'receive' | 'get' | 'refresh' | 'eraseLearner' | 'markRequested' | 'markHeld' | 'markFailed' | 'nextAttempt'>;
}

/** erasure.ts: create (putIfAbsent), get, save ('updatedAt = :seen AND #status = :running'). */
export function memoryErasures(table: MemoryTable) {
  const toItem = (e: Erasure) => ({ ...erasureKeys.item(e.id), entity: 'Erasure', ...e });
  return {
    async create(e: Erasure) {
      if (!putIfAbsent(table, toItem(e))) throw new Error(`erasure ${e.id} exists already`);
    },
    async get(id: string) {
      const item = table.get(erasureKeys.item(id));
      return item ? erasureRecord.parse(withoutKeys(item)) : undefined;
    },
    async save(seen: Erasure, next: Erasure) {
      try {
        table.write({ put: toItem(next), if: (i) => i?.updatedAt === seen.updatedAt && i.status === 'RUNNING' });
        return 'saved' as const;
      } catch (e) {
        if (isConditionFailed(e)) return 'changed' as const;
        throw e;
      }
    },
  } satisfies ErasureRepository;
}
export type MemoryRepositories = ReturnType<typeof memoryRepositories>;
