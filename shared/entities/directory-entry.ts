import { createHash } from 'node:crypto';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../zod';
import { built } from '../built';
import { withoutKeys } from './keys';

/**
 * DirectoryEntry — one credential a learner chose, on its claim page, to list in its issuer's
 * public directory (README "The directory"). What the directory may show and search, and nothing
 * else: the name as the signed credential carries it, the achievement and its skills. Never the
 * email or the student number, nor an unkeyed hash of them: only `personKey`, a pseudonym derived
 * from the learner-index key (itself an HMAC under a KMS key the directory cannot use), which is
 * never shown and only tells one learner's credentials from a namesake's. Written and deleted only in the same
 * transaction as the credential's visibility (credential.ts `setVisibility`, `leaveDirectory`,
 * `markSuperseded`), so an entry never outlives the learner's choice; the public read re-checks
 * every entry's credential record anyway (use-cases/directory.ts).
 *
 * Access patterns
 * - an issuer's directory, a page at a time:  PK=DIRECTORY#<issuerId>  SK begins_with ENTRY#
 *   (name, achievement and skill as filters on the folded keys)
 * - one credential's entry:                   PK=DIRECTORY#<issuerId>  SK=ENTRY#<credentialId>
 */
export const directoryEntry = /* @__PURE__ */ built(() => z.object({
  issuerId: z.string(),
  credentialId: z.string(),
  /** The learner's name as on the signed credential. */
  name: z.string(),
  achievementId: z.string(),
  achievementName: z.string(),
  /** The achievement's alignments (skills, competencies, frameworks), by name. */
  skills: z.array(z.string()),
  issuedAt: z.string(),
  /**
   * Which learner listed it (directoryPersonKey): the directory shows a learner's credentials
   * together, and two people of the same name apart. Absent on entries listed before it existed,
   * each of which then stands alone rather than be merged with a namesake's.
   */
  personKey: z.optional(z.string()),
  /** Folded (lower case, no diacritics) for searching: the name, the achievement's name, the skills joined by a line feed. */
  nameKey: z.string(),
  achievementKey: z.string(),
  skillsKey: z.string(),
}));
export type DirectoryEntry = z.infer<typeof directoryEntry>;

/** What a listing says of a credential, before it is folded into an entry. */
export type DirectoryListing = Omit<DirectoryEntry, 'nameKey' | 'achievementKey' | 'skillsKey'>;

export const DIRECTORY_PARTITION = 'DIRECTORY#';

/**
 * The learner's pseudonym in one issuer's directory: a SHA-256 of the issuer and the learner-index
 * key (`email:<HMAC>`, keyed in KMS), so nobody without that key can tie it to an address, and
 * two issuers' directories do not share it. 128 bits, base64url.
 */
export const directoryPersonKey = (issuerId: string, learnerIndexKey: string) =>
  createHash('sha256').update(`laurel-directory-person\n${issuerId}\n${learnerIndexKey}`, 'utf8').digest('base64url').slice(0, 22);
/**
 * What the directory's public function may read (infra/constructs/data-store.ts
 * grantReadDirectory): the entries, the credential records it re-checks each against, the
 * issuer's settings. `ISSUER#*` does not match `ISSUERKEY#…`.
 */
export const DIRECTORY_READ_PARTITIONS = [DIRECTORY_PARTITION, 'CREDENTIAL#', 'ISSUER#'] as const;

export const directoryKeys = {
  partition: (issuerId: string) => `${DIRECTORY_PARTITION}${issuerId}`,
  entry: (issuerId: string, credentialId: string) => ({ PK: `${DIRECTORY_PARTITION}${issuerId}`, SK: `ENTRY#${credentialId}` }),
};

/**
 * Lower case without diacritics, whitespace collapsed: "Zoë  Müller" and "zoe muller" match.
 * Linear: one normalization, then a filter over code points (no regular expression).
 */
export function foldForSearch(text: string): string {
  let out = '';
  let space = false;
  for (const ch of text.normalize('NFKD').toLowerCase()) {
    const code = ch.codePointAt(0)!;
    // Combining diacritical marks (U+0300–U+036F) are what NFKD split off the letters.
    if (code >= 0x300 && code <= 0x36f) continue;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      space = out.length > 0;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += ch;
  }
  return out;
}

export const directoryEntryOf = (l: DirectoryListing): DirectoryEntry => ({
  ...l,
  nameKey: foldForSearch(l.name),
  achievementKey: foldForSearch(l.achievementName),
  skillsKey: l.skills.map(foldForSearch).join('\n'),
});

export const directoryEntryToItem = (e: DirectoryEntry) => ({ ...directoryKeys.entry(e.issuerId, e.credentialId), entity: 'DirectoryEntry', ...e });
export const directoryEntryFromItem = (item: Record<string, unknown>) => directoryEntry.parse(withoutKeys(item));

/** The search, folded: each given term must be part of its key. */
export interface DirectoryFilter {
  name?: string | undefined;
  achievement?: string | undefined;
  skill?: string | undefined;
}

export function directoryEntryRepository(db: DynamoDBDocumentClient, tableName: string) {
  return {
    /**
     * One page of an issuer's entries, in credential-id order, the filters applied by DynamoDB
     * (`contains` on the folded keys): `evaluated` items read at most, so a page is bounded
     * whatever matches; `next` continues after the last one read.
     */
    async page(issuerId: string, q: { filter: DirectoryFilter; evaluated: number; after?: Record<string, unknown> | undefined }) {
      const conditions: string[] = [];
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = { ':pk': directoryKeys.partition(issuerId), ':entry': 'ENTRY#' };
      const add = (attribute: 'nameKey' | 'achievementKey' | 'skillsKey', term: string | undefined) => {
        if (!term) return;
        names[`#${attribute}`] = attribute;
        values[`:${attribute}`] = foldForSearch(term);
        conditions.push(`contains(#${attribute}, :${attribute})`);
      };
      add('nameKey', q.filter.name);
      add('achievementKey', q.filter.achievement);
      add('skillsKey', q.filter.skill);
      const { Items = [], LastEvaluatedKey } = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :entry)',
          ...(conditions.length ? { FilterExpression: conditions.join(' AND '), ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
          Limit: q.evaluated,
          ...(q.after ? { ExclusiveStartKey: q.after } : {}),
        }),
      );
      return { items: Items.map(directoryEntryFromItem), next: LastEvaluatedKey };
    },
  };
}
export type DirectoryEntryRepository = ReturnType<typeof directoryEntryRepository>;
