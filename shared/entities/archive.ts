import { canonicalJson } from '../canonical-json';
import type { IssuerKey } from './issuer-key';
import type { StatusListRecord } from './status-list';

/**
 * What the archive bucket (S3 Object Lock) keeps besides the audit anchors, and under which
 * keys: every published version of a status list, and every state of an issuer's key. With them
 * a verifier can be shown, years later and whatever became of the table, which list said what
 * from when, and which key was current, retired or reported compromised when.
 *
 * Access patterns (objects of the archive bucket)
 * - a status list's versions:  status-lists/<issuerId>/<purpose>/<listNo>/<version, 8 digits>.json
 * - a key's states:            keys/<issuerId>/<keyId>/<status>.json
 */
const pad = (n: number) => String(n).padStart(8, '0');

export const archiveKeys = {
  statusList: (l: Pick<StatusListRecord, 'issuerId' | 'purpose' | 'listNo' | 'version'>) => `status-lists/${l.issuerId}/${l.purpose}/${l.listNo}/${pad(l.version)}.json`,
  /** A key passes through each status once (CURRENT → RETIRED → COMPROMISED), so its status names the state. */
  key: (k: Pick<IssuerKey, 'issuerId' | 'keyId' | 'status'>) => `keys/${k.issuerId}/${k.keyId}/${k.status}.json`,
};

/** A list version as published: the signed list credential. */
export const archivedStatusList = (l: StatusListRecord) => ({ key: archiveKeys.statusList(l), body: l.document });

/** A key's state: its public half and status, without the KMS ARN (internal to the deployment). */
export const archivedKey = (k: IssuerKey) => {
  const { kmsKeyArn: _arn, ...published } = k;
  return { key: archiveKeys.key(k), body: canonicalJson(published) };
};
