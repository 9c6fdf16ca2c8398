import { createHash } from 'node:crypto';
import { ScanCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mapLimit } from '../shared/batches/pace';
import { normalizeEmail } from '../shared/credentials/recipient';
import { completionIndexKeys, type Completion } from '../shared/entities/completion';
import { holdingItem, holdingKeys } from '../shared/entities/holding';
import { batchGetAll, isConditionFailure } from '../shared/entities/keys';
import { learnerCompletionItem, learnerItems, type LearnerEntry } from '../shared/entities/learner';
import type { LearnerKeyer } from '../shared/ports';

/**
 * `laurel rekey-learners`: moves a deployment's learner index and holdings from the SHA-256 keys
 * Laurel wrote before issue #17 (`LEARNER#email:<sha256>`, `HOLDS#…#<sha256>`: anyone can
 * recompute those from a guessed email) to the keys of the learner-index HMAC key.
 *
 * It reads every issuance (each holds its recipient's email and student number) and, for each
 * that still has an item under a legacy key, in one transaction: puts its index items under the
 * new keys and deletes the legacy ones; and if the legacy holding is this issuance's, puts it
 * under the new key (unless another issuance holds that already, or this one has released it
 * since: rejected, cancelled, revoked) and deletes the legacy one.
 * Idempotent and resumable: an issuance with nothing left under a legacy key is passed over, so
 * a second run, or a run after an interruption, finishes what the first left and writes nothing
 * else. A released holding (its legacy item gone) is never brought back.
 *
 * Completions' index items (issue #21: an LMS or SIS reported the learner) move the same way,
 * in a second pass: they hold no holding, and an erased completion has none left to move.
 *
 * The legacy keys are computed here alone: no function computes a bare hash of an email any more.
 */

/** The key Laurel wrote before the learner-index HMAC key: a bare SHA-256, which anyone can recompute. */
const legacyKey = (identifier: string) => createHash('sha256').update(identifier, 'utf8').digest('hex');
/** The pre-#17 keying, as a LearnerKeyer: what entities/learner.ts and holding.ts computed with it. */
const LEGACY_KEYS: LearnerKeyer = { ready: async () => undefined, keyFor: legacyKey };

/** What the migration needs of an issuance (its GSI3 summary has it too; the scan reads the record). */
interface IssuanceKeys {
  id: string;
  achievementId: string;
  achievementVersion: number;
  credentialId: string;
  requestedAt: string;
  recipient: { email: string; studentId?: string };
  status: string;
  credentialStatus?: string;
}

/**
 * Whether the issuance still holds its achievement version (entities/holding.ts): a rejected,
 * expired or cancelled request, or a revoked credential, has released it. A legacy holding of
 * one of those is left over from a release the new code made under the new key (it found
 * nothing there): it is dropped, never moved.
 */
const stillHolds = (i: IssuanceKeys) => !['REJECTED', 'EXPIRED', 'CANCELLED'].includes(i.status) && i.credentialStatus !== 'REVOKED';

const PROJECTED = ['id', 'achievementId', 'achievementVersion', 'credentialId', 'requestedAt', 'recipient', 'status', 'credentialStatus'] as const;

export interface RekeySummary {
  /** Issuance records read. */
  issuances: number;
  /** Issuances whose items were moved by this run. */
  rekeyed: number;
  /** Index items moved (one per identifier). */
  indexItems: number;
  /** Holdings moved. */
  holdings: number;
  /** Legacy holdings of issuances that had released theirs meanwhile (rejected, cancelled, revoked…): deleted, not moved. */
  released: number;
  /**
   * Issuances whose legacy holding could not move because another issuance already holds the
   * version under the new key (requested after the new code was deployed, before this ran): the
   * legacy holding is dropped and both issuance ids are listed for staff to look at.
   */
  conflicts: { issuanceId: string; heldBy: string }[];
  /** Completions (issue #21) whose index items were moved by this run. */
  completions: number;
}

export interface RekeyOptions {
  db: DynamoDBDocumentClient;
  tableName: string;
  /** The deployment's learner keys (kmsLearnerKeyer on LEARNER_KEY_ARN). */
  keys: LearnerKeyer;
  /** The keying the items are moved from: the pre-#17 SHA-256 by default (another derivation label or key for a re-keying). */
  from?: LearnerKeyer;
  /** Parallel scan segments (each is read in order; their pages are moved concurrently). */
  segments?: number;
  /** Transactions at once per page. */
  concurrency?: number;
  progress?: (s: RekeySummary) => void;
}

export async function rekeyLearners(o: RekeyOptions): Promise<RekeySummary> {
  await Promise.all([o.keys.ready(), o.from?.ready()]);
  const summary: RekeySummary = { issuances: 0, rekeyed: 0, indexItems: 0, holdings: 0, released: 0, conflicts: [], completions: 0 };
  const segments = Math.max(1, o.segments ?? 4);
  await scanPages(o, segments, { ':sk': 'ISSUANCE', ':pk': 'ISSUANCE#' }, PROJECTED, async (items) => {
    // An erased learner has no keys left to move: their index items and holdings went with their data.
    const issuances = (items as (IssuanceKeys | { recipient: { erased: true } })[]).filter((i): i is IssuanceKeys => !('erased' in i.recipient));
    summary.issuances += issuances.length;
    await rekeyPage(o, issuances, summary);
    o.progress?.(summary);
  });
  // Completions index their learner too (issue #21), under the same keys: moved the same way.
  await scanPages(o, segments, { ':sk': 'COMPLETION', ':pk': 'COMPLETION#' }, COMPLETION_PROJECTED, async (items) => {
    await rekeyCompletions(o, items as CompletionKeys[], summary);
    o.progress?.(summary);
  });
  return summary;
}

/** Every item of one type (its SK and PK prefix), a parallel scan's pages handed to `each`. */
async function scanPages(o: RekeyOptions, segments: number, values: { ':sk': string; ':pk': string }, projected: readonly string[], each: (items: Record<string, unknown>[]) => Promise<void>) {
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await o.db.send(
          new ScanCommand({
            TableName: o.tableName,
            Segment: segment,
            TotalSegments: segments,
            FilterExpression: 'SK = :sk AND begins_with(PK, :pk)',
            ExpressionAttributeValues: values,
            ProjectionExpression: projected.map((_, n) => `#p${n}`).join(', '),
            ExpressionAttributeNames: Object.fromEntries(projected.map((name, n) => [`#p${n}`, name])),
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        start = page.LastEvaluatedKey;
        await each(page.Items ?? []);
      } while (start);
    }),
  );
}

type CompletionKeys = Pick<Completion, 'id' | 'receivedAt' | 'learner'>;
const COMPLETION_PROJECTED = ['id', 'receivedAt', 'learner'] as const;

/**
 * One page of completions: for each whose index items remain under the old keys, one
 * transaction puts them under the new keys and deletes the old. An erased completion's details
 * name nobody, so it has no keys to move (its items went with its erasure).
 */
async function rekeyCompletions(o: RekeyOptions, completions: CompletionKeys[], summary: RekeySummary) {
  const from = o.from ?? LEGACY_KEYS;
  const items = (keys: LearnerKeyer, c: CompletionKeys) => [...new Set(completionIndexKeys(keys, c.learner))].map((k) => learnerCompletionItem(k, { completionId: c.id, receivedAt: c.receivedAt }));
  const old = (c: CompletionKeys) => items(from, c).map(({ PK, SK }) => ({ PK, SK }));
  const found = new Set((await batchGetAll(o.db, o.tableName, completions.flatMap(old), 'PK, SK', true)).map((item) => keyOf(item as { PK: string; SK: string })));
  await mapLimit(completions, o.concurrency ?? 8, async (c) => {
    const stale = old(c).filter((k) => found.has(keyOf(k)));
    if (stale.length === 0) return;
    const puts = items(o.keys, c).map((Item) => ({ Put: { TableName: o.tableName, Item } }));
    await o.db.send(new TransactWriteCommand({ TransactItems: [...puts, ...stale.map((Key) => ({ Delete: { TableName: o.tableName, Key } }))] }));
    summary.completions++;
    summary.indexItems += stale.length;
  });
}

const entryOf = (i: IssuanceKeys): LearnerEntry => ({ issuanceId: i.id, credentialId: i.credentialId, achievementId: i.achievementId, requestedAt: i.requestedAt });
const keyOf = (item: { PK: string; SK: string }) => `${item.PK}\u0000${item.SK}`;

/** One page of issuances: which legacy items remain (100 keys a read), then a transaction for each issuance with any. */
async function rekeyPage(o: RekeyOptions, issuances: IssuanceKeys[], summary: RekeySummary) {
  const from = o.from ?? LEGACY_KEYS;
  const legacyIndex = (i: IssuanceKeys) => learnerItems(from, i.recipient, entryOf(i)).map(({ PK, SK }) => ({ PK, SK }));
  const legacyHolding = (i: IssuanceKeys) => holdingKeys.item(from, i.achievementId, i.achievementVersion, i.recipient.email);
  const wanted = new Map<string, { PK: string; SK: string }>();
  for (const i of issuances) for (const k of [...legacyIndex(i), legacyHolding(i)]) wanted.set(keyOf(k), k);
  const found = new Map((await batchGetAll(o.db, o.tableName, [...wanted.values()], 'PK, SK, issuanceId', true)).map((item) => [keyOf(item as { PK: string; SK: string }), item]));

  await mapLimit(issuances, o.concurrency ?? 8, async (i) => {
    const index = legacyIndex(i).filter((k) => found.has(keyOf(k)));
    const held = found.get(keyOf(legacyHolding(i)))?.issuanceId === i.id;
    if (index.length === 0 && !held) return; // nothing under a legacy key (re-keyed already, or never had a holding)
    const recipient = { ...i.recipient, email: normalizeEmail(i.recipient.email) };
    const put = (Item: Record<string, unknown>, condition?: string) => ({
      Put: { TableName: o.tableName, Item, ...(condition ? { ConditionExpression: condition, ExpressionAttributeValues: { ':id': i.id } } : {}) },
    });
    const remove = (Key: Record<string, unknown>, condition?: string) => ({
      Delete: { TableName: o.tableName, Key, ...(condition ? { ConditionExpression: condition, ExpressionAttributeValues: { ':id': i.id } } : {}) },
    });
    // The index items are written whole, whichever legacy one remains: an issuance record implies them.
    const indexWrites = [...learnerItems(o.keys, recipient, entryOf(i)).map((item) => put(item)), ...index.map((k) => remove(k))];
    const moves = held && stillHolds(i);
    const holdingWrites = !held
      ? []
      : !moves
        ? [remove(legacyHolding(i), 'issuanceId = :id')]
        : [
          // Taken under the new key unless another issuance holds it there; the legacy one only if still this issuance's.
          put(holdingItem(o.keys, i.achievementId, i.achievementVersion, recipient.email, i.id), 'attribute_not_exists(PK) OR issuanceId = :id'),
          remove(legacyHolding(i), 'issuanceId = :id'),
        ];
    try {
      await o.db.send(new TransactWriteCommand({ TransactItems: [...indexWrites, ...holdingWrites] }));
      if (moves) summary.holdings++;
      else if (held) summary.released++;
    } catch (e) {
      if (!moves || !isConditionFailure(e)) throw e;
      const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      const refused = reasons[indexWrites.length]?.Code === 'ConditionalCheckFailed';
      // The legacy holding changed meanwhile (nothing writes it any more, but say so): a re-run looks again.
      if (!refused) throw e;
      const [holder] = await batchGetAll(o.db, o.tableName, [holdingKeys.item(o.keys, i.achievementId, i.achievementVersion, recipient.email)], 'issuanceId', true);
      summary.conflicts.push({ issuanceId: i.id, heldBy: String(holder?.issuanceId ?? 'another issuance') });
      await o.db.send(new TransactWriteCommand({ TransactItems: [...indexWrites, remove(legacyHolding(i), 'issuanceId = :id')] }));
    }
    summary.rekeyed++;
    summary.indexItems += index.length;
  });
}

/** Where to re-key: a deployment's table and learner key in AWS, or the local cloud's stand-ins. */
export interface RekeyTarget {
  tableName: string;
  /** The learner-index key: its ARN, or its alias (`alias/<stack>/learner-index`). */
  learnerKey: string;
  region?: string;
  /** The local cloud's endpoints (its outputs file), with its placeholder credentials. */
  local?: { dynamoDbEndpoint: string; kmsEndpoint: string };
}

/** The target from the command's options: `--table` (and `--learner-key`, `--region`) for AWS, else the local cloud's outputs. */
export function rekeyTarget(o: { table?: string | undefined; 'learner-key'?: string | undefined; region?: string | undefined }, localOutputs: () => Record<string, string>): RekeyTarget {
  if (o.table) return { tableName: o.table, learnerKey: o['learner-key'] ?? 'alias/Laurel/learner-index', ...(o.region ? { region: o.region } : {}) };
  const outputs = localOutputs();
  const need = (name: string) => {
    const value = outputs[name];
    if (!value) throw new Error(`The outputs file has no ${name}: pass --table and --learner-key for a deployment in AWS.`);
    return value;
  };
  return { tableName: need('TableName'), learnerKey: o['learner-key'] ?? need('LearnerKeyArn'), local: { dynamoDbEndpoint: need('DynamoDbEndpoint'), kmsEndpoint: need('KmsEndpoint') } };
}

/** Runs the migration on a target with the SDK's clients (the caller's AWS credentials, or the local cloud's). */
export async function runRekey(target: RekeyTarget, options: Pick<RekeyOptions, 'segments' | 'concurrency' | 'progress'> = {}): Promise<RekeySummary> {
  const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
  const { DynamoDBDocumentClient } = await import('@aws-sdk/lib-dynamodb');
  const { KMSClient } = await import('@aws-sdk/client-kms');
  const { kmsLearnerKeyer } = await import('../shared/adapters/kms-learner-keyer');
  const local = target.local ? { region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } : target.region ? { region: target.region } : {};
  const dynamo = new DynamoDBClient({ ...local, ...(target.local ? { endpoint: target.local.dynamoDbEndpoint } : {}) });
  const kms = new KMSClient({ ...local, ...(target.local ? { endpoint: target.local.kmsEndpoint } : {}) });
  try {
    return await rekeyLearners({ db: DynamoDBDocumentClient.from(dynamo), tableName: target.tableName, keys: kmsLearnerKeyer(kms, target.learnerKey), ...options });
  } finally {
    dynamo.destroy();
    kms.destroy();
  }
}

/** What a run did, in a few lines (no email, no student number: issuance ids only). */
export function formatRekeySummary(s: RekeySummary): string {
  const lines = [
    `${s.issuances} issuances read; ${s.rekeyed} re-keyed: ${s.indexItems} learner index items and ${s.holdings} holdings moved to the learner-index key` +
      (s.released ? `, ${s.released} holdings released meanwhile dropped` : '') +
      (s.completions ? `, with those of ${s.completions} completions` : '') +
      (s.rekeyed === 0 && s.completions === 0 ? ' (nothing left under a SHA-256 key)' : ''),
  ];
  for (const c of s.conflicts) lines.push(`  issuance ${c.issuanceId}: its holding was not moved, issuance ${c.heldBy} holds the same version (requested meanwhile); look at both`);
  return lines.join('\n');
}
