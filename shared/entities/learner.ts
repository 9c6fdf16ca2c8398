import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../zod';
import { built } from '../built';
import { normalizeEmail } from '../credentials/recipient';
import type { LearnerKeyer } from '../ports';
import { decodeCursor } from './cursor';
import { queryPartition, withoutKeys } from './keys';

/**
 * Learner index — "this learner was the recipient of this issuance (and its credential)". One
 * item per identifier (email, and student number when given), written in the issuance's
 * creating transaction, so staff can find a learner's credentials without a Scan and without
 * the table keying anything by a clear-text email.
 *
 * Access patterns
 * - a learner's issuances, newest first:  PK=LEARNER#<email|student>:<hmac>  SK=ISSUANCE#<requestedAt>#<issuanceId>
 *   (hmac: HMAC-SHA256 of the normalized email or the student number, keyed by the LearnerKeyer:
 *   a bare hash of an email anyone could recompute from a guess, and test against the table)
 * - a learner's completions (completion.ts), whether or not they led to an issuance:
 *                                         PK=LEARNER#<email|student>:<hmac>  SK=COMPLETION#<receivedAt>#<completionId>
 *   written with the completion (and with the details a redelivery or a replay brings), so an
 *   erasure reaches a completion that failed before any issuance named the learner.
 */
export type LearnerIdentifier = { email: string } | { studentId: string };

/**
 * What a deployment's learner keys are derived under: GenerateMac of this label with the
 * learner-index KMS key gives the secret the identifiers are keyed with. Another label (v2), or
 * another KMS key, keys every learner anew: the items move with cli/rekey-learners.ts (its
 * `from` keying), as those keyed with SHA-256 before issue #17 do with `laurel rekey-learners`.
 */
export const LEARNER_KEY_LABEL = 'laurel-learner-index/v1';

/**
 * A LearnerKeyer over a secret derived once: `derive` runs on the first `ready()` (a failure is
 * not kept, so the next call tries again), and the secret stays in this execution environment.
 */
export function derivedLearnerKeyer(derive: () => Promise<Uint8Array>): LearnerKeyer {
  // A KeyObject: not a Buffer a log line or a JSON.stringify could print by mistake.
  let secret: KeyObject | undefined;
  let deriving: Promise<void> | undefined;
  return {
    ready() {
      if (secret) return Promise.resolve();
      deriving ??= derive().then(
        (bytes) => {
          if (bytes.length < 32) throw new Error(`the learner key's derivation gave ${bytes.length} bytes, not 32`);
          secret = createSecretKey(Buffer.from(bytes));
        },
        (e: unknown) => {
          deriving = undefined;
          throw e;
        },
      );
      return deriving;
    },
    keyFor(identifier) {
      if (!secret) throw new Error('learner keys asked for before the learner keyer was ready (await ready() first)');
      return createHmac('sha256', secret).update(identifier, 'utf8').digest('hex');
    },
  };
}

/**
 * The keyer of a function not wired to the learner-index key (no LEARNER_KEY_ARN): a
 * repository that never keys a learner there (an approval, a report) needs none, and one that
 * tries fails plainly rather than with a KMS AccessDenied.
 */
export const LEARNER_KEYS_NOT_WIRED: LearnerKeyer = {
  ready: () => Promise.reject(new Error('this function may not compute learner keys: its declaration (shared/wiring/) has no LEARNER_KEY_ARN')),
  keyFor: () => {
    throw new Error('this function may not compute learner keys: its declaration (shared/wiring/) has no LEARNER_KEY_ARN');
  },
};

/** A learner's email as a key: the keyed hash of the normalized address, so the key itself names nobody (holdings use it too). */
export const learnerKey = (keys: LearnerKeyer, email: string) => keys.keyFor(normalizeEmail(email));

export function learnerIndexKey(keys: LearnerKeyer, id: LearnerIdentifier): string {
  return 'email' in id ? `email:${learnerKey(keys, id.email)}` : `student:${keys.keyFor(id.studentId.trim())}`;
}

export const learnerEntry = /* @__PURE__ */ built(() => z.object({
  issuanceId: z.string(),
  credentialId: z.string(),
  achievementId: z.string(),
  requestedAt: z.string(),
}));
export type LearnerEntry = z.infer<typeof learnerEntry>;

export const learnerKeys = {
  partition: (keys: LearnerKeyer, id: LearnerIdentifier) => `LEARNER#${learnerIndexKey(keys, id)}`,
  item: (keys: LearnerKeyer, id: LearnerIdentifier, e: Pick<LearnerEntry, 'requestedAt' | 'issuanceId'>) => ({
    PK: learnerKeys.partition(keys, id),
    SK: `ISSUANCE#${e.requestedAt}#${e.issuanceId}`,
  }),
};

/** A completion the learner index knows (completion.ts writes and deletes these items with the completion's own). */
export const learnerCompletionEntry = /* @__PURE__ */ built(() => z.object({
  completionId: z.string(),
  receivedAt: z.string(),
}));
export type LearnerCompletionEntry = z.infer<typeof learnerCompletionEntry>;

/** A completion's index item under one learner index key (`email:<hmac>`, `student:<hmac>`: learnerIndexKey's). */
export const learnerCompletionItem = (indexKey: string, e: LearnerCompletionEntry) => ({
  PK: `LEARNER#${indexKey}`,
  SK: `COMPLETION#${e.receivedAt}#${e.completionId}`,
  entity: 'LearnerCompletionIndex',
  completionId: e.completionId,
  receivedAt: e.receivedAt,
});

/** The index items of one issuance: one per identifier the request gave. */
export const learnerItems = (keys: LearnerKeyer, recipient: { email: string; studentId?: string | undefined }, e: LearnerEntry) =>
  [{ email: recipient.email }, ...(recipient.studentId ? [{ studentId: recipient.studentId }] : [])].map((id) => ({
    ...learnerKeys.item(keys, id, e),
    entity: 'LearnerIndex',
    ...e,
  }));

export function learnerRepository(db: DynamoDBDocumentClient, tableName: string, keys: LearnerKeyer = LEARNER_KEYS_NOT_WIRED) {
  return {
    /** Every entry under one learner index key (`email:<hmac>`, `student:<hmac>`): what an erasure finds. */
    async entries(indexKey: string): Promise<LearnerEntry[]> {
      return (await queryPartition(db, tableName, `LEARNER#${indexKey}`, 'ISSUANCE#')).map((i) => learnerEntry.parse(withoutKeys(i)));
    },
    /** Every completion under one learner index key: what an erasure finds besides issuances. */
    async completionEntries(indexKey: string): Promise<LearnerCompletionEntry[]> {
      return (await queryPartition(db, tableName, `LEARNER#${indexKey}`, 'COMPLETION#')).map((i) => learnerCompletionEntry.parse(withoutKeys(i)));
    },
    /** One page of a learner's entries; `cursor` must be a page of this learner's (the key is checked). */
    async list(id: LearnerIdentifier, page: { limit: number; cursor?: string | undefined }) {
      await keys.ready();
      const PK = learnerKeys.partition(keys, id);
      const after = decodeCursor(page.cursor, { PK });
      const { Items = [], LastEvaluatedKey } = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
          ExpressionAttributeValues: { ':pk': PK, ':sk': 'ISSUANCE#' },
          ScanIndexForward: false,
          Limit: page.limit,
          ...(after ? { ExclusiveStartKey: after } : {}),
        }),
      );
      return { items: Items.map((i) => learnerEntry.parse(withoutKeys(i))), next: LastEvaluatedKey };
    },
  };
}
export type LearnerRepository = ReturnType<typeof learnerRepository>;
