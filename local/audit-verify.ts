import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ANCHOR_PREFIX, AUDIT_SUBJECTS, anchorKeys, auditAnchor, auditRepository, checkAnchors, verifyAuditChain, type AuditAnchor, type AuditEvent, type AuditSubject } from '../shared/entities/audit';
import { credentialRepository } from '../shared/entities/credential';
import { issuanceRepository } from '../shared/entities/issuance';
import { collectTrail } from '../shared/use-cases/audit';

/**
 * `npm run audit:verify -- --issuance <id>` (or `--credential <id>`): reads a record's audit trail
 * (a cohort row's starts with its chunk's event), checks the hash chains, and checks each chain
 * against its anchors in the archive bucket (S3 Object Lock), which catch a trail cut short or
 * recomputed in the table. `--all` checks every anchored trail in the archive.
 *
 * Against the local cloud by default (.local/outputs.json); against a deployment with
 * `--table <name> --bucket <archive bucket> --region <region>` and the usual AWS credentials
 * (read-only: dynamodb:Query on the table, s3:ListBucket and s3:GetObject on the archive).
 * Exits 1 when a chain is broken or disagrees with its anchors, naming the first problem.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'; // Node 20 here; Lambda runs 22

const { values } = parseArgs({
  options: {
    issuance: { type: 'string' },
    credential: { type: 'string' },
    all: { type: 'boolean', default: false },
    outputs: { type: 'string', default: '.local/outputs.json' },
    table: { type: 'string' },
    bucket: { type: 'string' },
    region: { type: 'string' },
  },
});
const subject: AuditSubject | undefined = values.issuance
  ? { type: 'issuance', id: values.issuance }
  : values.credential
    ? { type: 'credential', id: values.credential }
    : undefined;
if (!subject && !values.all) {
  console.error('audit:verify: give --issuance <id>, --credential <id> or --all');
  process.exit(2);
}

let table = values.table;
let bucket = values.bucket;
let dynamoClient: DynamoDBClient;
let s3: S3Client;
if (table) {
  if (!bucket) {
    console.error('audit:verify: with --table, give the archive bucket too (--bucket: the ArchiveBucketName output of the data stack)');
    process.exit(2);
  }
  const region = values.region ? { region: values.region } : {};
  dynamoClient = new DynamoDBClient(region);
  s3 = new S3Client(region);
} else {
  const outputs = Object.values(JSON.parse(readFileSync(values.outputs!, 'utf8')) as Record<string, { TableName: string; ArchiveBucketName: string; DynamoDbEndpoint: string; S3Endpoint: string }>)[0]!;
  table = outputs.TableName;
  bucket = outputs.ArchiveBucketName;
  const local = { region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } };
  dynamoClient = new DynamoDBClient({ ...local, endpoint: outputs.DynamoDbEndpoint });
  s3 = new S3Client({ ...local, endpoint: outputs.S3Endpoint, forcePathStyle: true });
}
const db = DynamoDBDocumentClient.from(dynamoClient);
const audit = auditRepository(db, table);

/** Every key under a prefix of the archive. */
async function* keysUnder(prefix: string): AsyncGenerator<string> {
  let ContinuationToken: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken }));
    for (const o of page.Contents ?? []) if (o.Key) yield o.Key;
    ContinuationToken = page.NextContinuationToken;
  } while (ContinuationToken);
}

/** A trail's anchor keys, in order (the sequence number is zero-padded): only its own, not a longer chunk id's. */
async function anchorKeysOf(s: AuditSubject): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of keysUnder(anchorKeys.trail(s))) if (/^\d{8}\.json$/.test(key.slice(anchorKeys.trail(s).length))) keys.push(key);
  return keys;
}

const readAnchor = async (key: string): Promise<AuditAnchor> =>
  auditAnchor.parse(JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString()));

/**
 * Checks a trail's events (read once, by the caller) against anchors at these keys; prints and
 * returns the problem, if any. With the chain intact the latest anchor vouches for every event up
 * to it (each links to the one before), so a sweep of the archive reads only that one.
 */
async function checkTrailAnchors(s: AuditSubject, events: AuditEvent[], keys: string[], latestOnly = false): Promise<string | undefined> {
  const check = checkAnchors(events, await Promise.all((latestOnly ? keys.slice(-1) : keys).map(readAnchor)));
  if (!check.valid) return `${s.type} ${s.id}: ${check.problem}`;
  console.log(`  ${s.type} ${s.id}: ${latestOnly ? 'the latest anchor agrees' : `${check.anchors} anchors agree`}${check.unanchored ? `; ${check.unanchored} later events not anchored yet` : ''}`);
  return undefined;
}

let problem: string | undefined;
if (subject) {
  // The same reading as the API's: a cohort row's trail starts with its chunk's event.
  const { events, chain } = await collectTrail({ audit, issuances: issuanceRepository(db, table), credentials: credentialRepository(db, table) }, subject);
  if (events.length === 0) {
    console.error(`no audit trail for ${subject.type} ${subject.id}`);
    process.exit(1);
  }
  for (const e of events) {
    const from = e.subject.type === subject.type ? '' : ` (${e.subject.type} ${e.subject.id})`;
    console.log(`${String(e.seq).padStart(3)} ${e.at} ${e.actor.name.padEnd(18)} ${e.action}${from}${e.reason ? ` — ${e.reason}` : ''}`);
  }
  console.log(chain.valid ? `chain intact: ${chain.length} events` : `CHAIN BROKEN: ${chain.problem}`);
  if (!chain.valid) problem = chain.problem;
  // Each trail read (the record's own, and a cohort row's chunk) against its own anchors.
  const trails = new Map<string, { s: AuditSubject; events: AuditEvent[] }>();
  for (const e of events) {
    const k = `${e.subject.type}/${e.subject.id}`;
    trails.set(k, { s: e.subject, events: [...(trails.get(k)?.events ?? []), e] });
  }
  for (const { s, events: own } of trails.values()) problem ??= await checkTrailAnchors(s, own, await anchorKeysOf(s));
} else {
  // Every anchored trail, and its anchors' keys, from one listing of the archive (audit-anchors/<type>/<id>/<seq>.json).
  const trails = new Map<string, { s: AuditSubject; keys: string[] }>();
  for await (const key of keysUnder(ANCHOR_PREFIX)) {
    const m = /^audit-anchors\/([^/]+)\/(.+)\/\d{8}\.json$/.exec(key);
    const type = m?.[1] as AuditSubject['type'] | undefined;
    if (!m || !type || !AUDIT_SUBJECTS.includes(type)) continue;
    const k = `${type}/${m[2]}`;
    const trail = trails.get(k) ?? { s: { type, id: m[2]! }, keys: [] };
    trail.keys.push(key);
    trails.set(k, trail);
  }
  console.log(`${trails.size} anchored trails`);
  for (const { s, keys } of trails.values()) {
    const events = await audit.list(s);
    const chain = verifyAuditChain(s, events);
    const found = chain.valid ? await checkTrailAnchors(s, events, keys, true) : `${s.type} ${s.id}: ${chain.problem}`;
    if (found) console.log(`  PROBLEM ${found}`);
    problem ??= found;
  }
}
console.log(problem ? `ANCHORS DISAGREE OR CHAIN BROKEN: ${problem}` : 'anchors agree');
process.exit(problem ? 1 : 0);
