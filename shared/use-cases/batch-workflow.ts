import { createHash } from 'node:crypto';
import { redactEmails } from '../domain/redact';
import { Transform } from 'node:stream';
import { approvalSteps } from '../domain/achievement-definition';
import { maskEmail } from '../domain/staff';
import { mapHeader, parseRow, readRecords, unbatchableRules, type BatchRow, type HeaderMap } from '../batches/rows';
import { mapLimit, tokenBucket } from '../batches/pace';
import type { Signer } from '../credentials/data-integrity';
import { normalizeEmail } from '../credentials/recipient';
import { positionOf } from '../credentials/status-list';
import type { Achievement } from '../entities/achievement';
import { chunkEventRows, chunkSubject, type AuditLog, type AuditSubject, type ChunkEventRow } from '../entities/audit';
import { rowIds, tallyChunk, type Batch, type BatchRepository, type ChunkRow, type RowProblem } from '../entities/batch';
import type { CredentialRecord } from '../entities/credential';
import type { HoldingRepository } from '../entities/holding';
import type { Issuance, IssuanceRepository } from '../entities/issuance';
import { BLOCK_SIZE } from '../entities/status-list';
import { classify, lambdaErrorMessage, LearnerErasedError, PermanentError, retryTransient, TransientError } from '../errors';
import { publicUrls } from '../issuer';
import { artifactKey, credentialIssuedEvent, credentialRecord, reminderPlanOf, signAward, signedWith, storeSigned, unsignedCredential, type SignedWith } from '../issuing/issue-credential';
import type { EmailQueue, JsonLinesFiles } from '../ports';
import { countBusinessEvent } from '../observability';
import { currentJwtSigner, currentSigner } from './signing-key';
import { ensureStatusLists } from './status-lists';
import { achievementVersion, issuerProfile, signingKeyDeps, statusListDeps, type WorkflowDeps } from './workflow-context';
import { deliverCredential } from './credential-delivery';
import { evaluateRule } from './evidence-rules';

/**
 * The cohort workflow's steps: validate the file, issue a chunk of rows (one Express child of
 * the Distributed Map), and deliver the queued emails at the SES rate. Each step is safe to
 * retry: ids derive from the batch and the line, a chunk claims its status positions and issue
 * time once, and records are written only after the learner's holding was taken.
 */
export interface BatchWorkflowDeps extends Omit<WorkflowDeps, 'audit' | 'holdings' | 'issuances'> {
  issuances: WorkflowDeps['issuances'] & Pick<IssuanceRepository, 'getMany' | 'clearUnissued' | 'writeIssuedRows' | 'commitIssuedRows'>;
  batches: BatchRepository;
  holdings: Pick<HoldingRepository, 'release' | 'claimMany' | 'holders'>;
  audit: Pick<AuditLog, 'append' | 'begin' | 'list'>;
  emailQueue: EmailQueue;
  /** The validated rows and problems files. */
  jsonLines: JsonLinesFiles;
  batchSettings: {
    /** KMS Sign calls per second this environment may make (the account's quota shared across the map's children). */
    signRate: number;
    /** Rows signed at once within a chunk. */
    signConcurrency: number;
  };
}

/** What issuing a chunk calls: no mailer (emails go to the queue) and no row files (the map reads them). */
export type ChunkDeps = Omit<BatchWorkflowDeps, 'mailer' | 'jsonLines'>;

const WORKFLOW_ACTOR = { kind: 'system' as const, name: 'cohort workflow' };
const MAX_PROBLEMS_KEPT = 50;
const SAMPLE_ROWS = 5;

async function loadBatch(deps: Pick<BatchWorkflowDeps, 'batches'>, id: string): Promise<Batch> {
  const batch = await deps.batches.get(id);
  if (!batch) throw new PermanentError(`batch ${id} does not exist`);
  return batch;
}

const achievementOf = (deps: Pick<WorkflowDeps, 'achievements'>, batch: Pick<Batch, 'achievementId' | 'achievementVersion'>) =>
  achievementVersion(deps, batch.achievementId, batch.achievementVersion);

export const rowsKey = (batchId: string, attempt: number) => `batches/${batchId}/rows-${String(attempt).padStart(3, '0')}.jsonl`;
export const problemsKey = (batchId: string) => `batches/${batchId}/problems.jsonl`;


// ---------------------------------------------------------------- ValidateFile

export interface ValidationOutcome {
  rows: number;
  valid: number;
  invalid: number;
  /** Staff must choose (issue the valid rows only, or fix the file) before anything is issued. */
  needsDecision: boolean;
  /** The role whose one approval the batch needs, if the policy asks for one. */
  approvalRole?: string;
}

/**
 * Streams the uploaded file once: hashes it (it must be the file announced), maps the header,
 * checks every row (fields, the achievement's rules, duplicates within the file, learners who
 * already hold the achievement), and writes the valid rows as JSON Lines for the map to read
 * and every problem for the report. Memory holds one group of rows and a short hash per learner.
 */
export async function validateBatchFile(deps: Pick<BatchWorkflowDeps, 'batches' | 'achievements' | 'artifacts' | 'jsonLines' | 'holdings' | 'audit' | 'clock'>, batchId: string): Promise<ValidationOutcome> {
  const batch = await loadBatch(deps, batchId);
  if (batch.validation && batch.rowsKey) return outcomeOf(batch, await achievementOf(deps, batch));
  const achievement = await achievementOf(deps, batch);
  const file = await deps.artifacts.openStream(batch.file.key);
  const hash = createHash('sha256');
  let size = 0;
  const counted = file.pipe(
    new Transform({
      transform(chunk: Buffer, _enc, cb) {
        hash.update(chunk);
        size += chunk.length;
        cb(null, chunk);
      },
    }),
  );
  const rows = deps.jsonLines.writer(rowsKey(batchId, 0));
  const problemsOut = deps.jsonLines.writer(problemsKey(batchId));
  const kept: RowProblem[] = [];
  const sample: Record<string, unknown>[] = [];
  let total = 0;
  let valid = 0;
  let invalid = 0;
  const invalidLines = new Set<number>();
  const problem = async (p: RowProblem & { email?: string }) => {
    if (!invalidLines.has(p.line) && p.line > 1) {
      invalidLines.add(p.line);
      invalid++;
    }
    if (kept.length < MAX_PROBLEMS_KEPT) kept.push({ line: p.line, ...(p.column ? { column: p.column } : {}), problem: p.problem });
    await problemsOut.write(p);
  };
  const unbatchable = unbatchableRules(achievement);
  for (const rule of unbatchable) await problem({ line: 1, problem: rule });
  // Short hashes of learners seen so far: duplicates within the file.
  const seenEmail = new Map<string, number>();
  const seenStudent = new Map<string, number>();
  const short = (v: string) => createHash('sha256').update(v).digest('base64').slice(0, 16);
  let pending: BatchRow[] = [];
  const flush = async () => {
    const group = pending;
    pending = [];
    const holders = achievement.allowRepeats ? new Map<string, string>() : await deps.holdings.holders(achievement.id, achievement.version, group.map((r) => r.recipient.email));
    for (const row of group) {
      const holder = holders.get(row.recipient.email);
      if (holder && holder !== rowIds(batchId, row.line).issuanceId) {
        await problem({ line: row.line, column: 'email', problem: `the learner already holds version ${achievement.version} of this achievement (issuance ${holder})`, email: row.recipient.email });
        continue;
      }
      valid++;
      await rows.write(row);
      if (sample.length < SAMPLE_ROWS) sample.push({ line: row.line, email: maskEmail(row.recipient.email), ...(row.recipient.name ? { name: row.recipient.name } : {}), ...row.award });
    }
  };
  let header: HeaderMap | undefined;
  for await (const rec of readRecords(counted, batch.file.format)) {
    if (rec.error) {
      if (rec.line > 1) total++;
      await problem({ line: rec.line || total + 1, problem: rec.error });
      continue;
    }
    let values: Record<string, string>;
    if (rec.header) {
      header = mapHeader(rec.header, achievement, rec.line, batch.columns);
      for (const p of header.problems) await problem(p);
      continue;
    }
    total++;
    if (rec.values) {
      if (!header) continue;
      values = {};
      rec.values.forEach((v, i) => {
        const c = header!.columns[i];
        if (c) values[c] = v;
      });
    } else {
      // JSON Lines: each line an object with the CSV's column names (its keys are checked like a header).
      const json = rec.json;
      if (!json || typeof json !== 'object' || Array.isArray(json)) {
        await problem({ line: rec.line, problem: 'each line must be a JSON object' });
        continue;
      }
      const keys = Object.keys(json);
      const map = mapHeader(keys, achievement, rec.line, batch.columns);
      if (map.problems.length) {
        for (const p of map.problems) await problem(p);
        continue;
      }
      values = {};
      keys.forEach((k, i) => {
        const c = map.columns[i];
        const v = (json as Record<string, unknown>)[k];
        if (c && v !== null && v !== undefined) values[c] = typeof v === 'string' ? v : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
      });
    }
    if (unbatchable.length || header?.problems.length) {
      await problem({ line: rec.line, problem: 'not checked: the file itself has problems (line 1)' });
      continue;
    }
    const parsed = parseRow(values, rec.line, achievement, (rule, award) => evaluateRule(rule, { evidence: [], results: [], evidenceFiles: [], ...award }));
    const email = values.email ? normalizeEmail(values.email) : undefined;
    if ('problems' in parsed) {
      for (const p of parsed.problems) await problem({ ...p, ...(email ? { email } : {}) });
      continue;
    }
    const row = { ...parsed.row, recipient: { ...parsed.row.recipient, email: normalizeEmail(parsed.row.recipient.email) } };
    // In memory only, never stored: the normalized address needs no learner key (nor its KMS call).
    const emailKey = short(row.recipient.email);
    const firstEmail = seenEmail.get(emailKey);
    const studentKey = row.recipient.studentId ? short(row.recipient.studentId.trim()) : undefined;
    const firstStudent = studentKey ? seenStudent.get(studentKey) : undefined;
    if (firstEmail !== undefined || firstStudent !== undefined) {
      await problem({
        line: rec.line,
        column: firstEmail !== undefined ? 'email' : 'student_number',
        problem: `duplicate of line ${firstEmail ?? firstStudent}: the same learner appears twice`,
        email: row.recipient.email,
      });
      continue;
    }
    seenEmail.set(emailKey, rec.line);
    if (studentKey) seenStudent.set(studentKey, rec.line);
    pending.push(row);
    if (pending.length >= 100) await flush();
  }
  await flush();
  await rows.close();
  await problemsOut.close();
  const sha256 = hash.digest('hex');
  if (sha256 !== batch.file.sha256 || size !== batch.file.size) {
    // Not the file that was announced (and whose hash guards against issuing it twice).
    await problem({ line: 0, problem: `the uploaded file (${size} bytes, sha256 ${sha256}) is not the one announced (${batch.file.size} bytes, sha256 ${batch.file.sha256})` });
    valid = 0;
  }
  if (!header && batch.file.format === 'csv' && !kept.length) kept.push({ line: 1, problem: 'the file is empty: it needs a header row' });
  const at = deps.clock.now().toISOString();
  const validation = { rows: total, valid, invalid, problems: kept, problemsKey: problemsKey(batchId), sample, validatedAt: at };
  const outcome = outcomeOf({ ...batch, validation }, achievement);
  // The next state says what follows (a decision, an approval, issuing) once it is ready for it.
  const status = valid === 0 ? 'INVALID' : 'VALIDATING';
  const updated = await deps.batches.recordValidation(batchId, { validation, rowsKey: rowsKey(batchId, 0), status });
  if (!updated) throw new PermanentError(`batch ${batchId} is no longer being validated (cancelled?)`);
  await deps.audit.append({ type: 'batch', id: batchId }, { actor: WORKFLOW_ACTOR, action: 'VALIDATED', after: { rows: total, valid, invalid, sha256, status } });
  return outcome;
}

function outcomeOf(batch: Batch, achievement: Achievement): ValidationOutcome {
  const v = batch.validation!;
  const role = approvalSteps(achievement.approval)[0];
  return {
    rows: v.rows,
    valid: v.valid,
    invalid: v.invalid,
    needsDecision: v.valid > 0 && v.invalid > 0 && batch.onInvalidRows === 'stop',
    ...(role ? { approvalRole: role } : {}),
  };
}

/** Stores the task token the parent waits with: staff start the batch, or an approver decides. */
export async function requestBatchDecision(deps: Pick<BatchWorkflowDeps, 'batches' | 'audit' | 'clock'>, batchId: string, kind: 'start' | 'approval', taskToken: string, role?: string) {
  const since = deps.clock.now().toISOString();
  const waiting = await deps.batches.awaitDecision(batchId, { kind, taskToken, since, ...(role ? { role } : {}) });
  if (waiting) await deps.audit.append({ type: 'batch', id: batchId }, { actor: WORKFLOW_ACTOR, action: kind === 'start' ? 'DECISION_REQUESTED' : 'APPROVAL_REQUESTED', after: { ...(role ? { role } : {}) } });
}

// ---------------------------------------------------------------- Begin / Finish

/** The map is about to run: the batch is RUNNING (unless cancelled meanwhile) and this is its rows file. */
export async function beginIssuing(deps: Pick<BatchWorkflowDeps, 'batches' | 'audit' | 'clock' | 'settings'>, batchId: string): Promise<{ bucket: string; rowsKey: string; attempt: number }> {
  const at = deps.clock.now().toISOString();
  const batch = await deps.batches.beginIssuing(batchId, at);
  if (!batch) throw new PermanentError(`batch ${batchId} has ended; nothing is issued`);
  if (!batch.rowsKey) throw new PermanentError(`batch ${batchId} has no validated rows`);
  await deps.audit.append({ type: 'batch', id: batchId }, { actor: WORKFLOW_ACTOR, action: 'ISSUING', after: { attempt: batch.attempt, rows: batch.validation?.valid } });
  return { bucket: deps.settings.bucketName, rowsKey: batch.rowsKey, attempt: batch.attempt };
}

export type BatchEnd = 'COMPLETED' | 'INVALID' | 'REJECTED' | 'EXPIRED' | 'FAILED';

/** The parent's last step: the final status (a cancelled batch stays cancelled). */
export async function finishBatch(deps: Pick<BatchWorkflowDeps, 'batches' | 'audit' | 'clock'>, batchId: string, end: BatchEnd, error?: { Error?: string; Cause?: string }) {
  const at = deps.clock.now().toISOString();
  const updated = await deps.batches.finish(batchId, end, at, error && end === 'FAILED' ? { error: error.Error ?? 'Error', cause: redactEmails(error.Cause ?? '').slice(0, 1000) } : undefined);
  if (updated) await deps.audit.append({ type: 'batch', id: batchId }, { actor: WORKFLOW_ACTOR, action: end, after: { counts: updated.counts } });
  return { status: updated?.status ?? 'CANCELLED' };
}

// ---------------------------------------------------------------- IssueRows (one child)

const signers = new Map<string, Promise<{ signer: Signer; keyId: string }>>();
const SIGNER_TTL_MS = 60_000;
/** The issuer's current signer, looked up once a minute per environment (a rotation shows within one). */
function signerFor(deps: ChunkDeps, issuerId: string) {
  const key = `${issuerId}@${Math.floor(deps.clock.now().getTime() / SIGNER_TTL_MS)}`;
  let s = signers.get(key);
  if (!s) {
    s = currentSigner(signingKeyDeps(deps), issuerId).then(({ key: k, signer }) => ({ signer, keyId: k.keyId }));
    s.catch(() => signers.delete(key));
    signers.set(key, s);
  }
  return s;
}

let pace: ReturnType<typeof tokenBucket> | undefined;

/**
 * Each row's issue time and status allocation: the chunk's claim, the same on every retry of the
 * chunk. A later attempt (retry-failed) may find a row's document stored by an earlier attempt
 * that failed before issuing it; the row is then signed again with what that document was
 * signed with (kept in its metadata), so the bytes match and nothing is overwritten.
 */
async function signingFacts(
  deps: ChunkDeps,
  claim: { blocks: number[]; issuedAt: string },
  ids: { issuanceId: string; credentialId: string }[],
  earlier: Map<string, Issuance>,
  attempt: number,
): Promise<SignedWith[]> {
  const claimed = (i: number): SignedWith => ({ issuedAt: claim.issuedAt, statusAllocation: claim.blocks[Math.floor(i / BLOCK_SIZE)]! + (i % BLOCK_SIZE) });
  if (attempt === 0) return ids.map((_, i) => claimed(i));
  return mapLimit(ids, 8, async ({ issuanceId, credentialId }, i) => {
    if (earlier.has(issuanceId)) return claimed(i);
    const orphan = await deps.artifacts.read(artifactKey(credentialId));
    return (orphan && signedWith(orphan.metadata)) ?? claimed(i);
  });
}

interface RowResult {
  row: ChunkRow;
  /** Issued by an earlier attempt, whose chunk recorded no outcome. */
  earlier?: Issuance;
  issuance?: Issuance;
  credential?: CredentialRecord;
  sha256?: string;
}

export interface ChunkInput {
  batchId: string;
  attempt: number;
  rows: BatchRow[];
}

/**
 * One Express child: issues up to a chunk of rows. The chunk's status positions (one block per
 * 128 rows) and issue time are claimed once, and its learners' holdings together (100 to a
 * transaction); each row is signed (paced to the KMS share), stored in S3, and written with
 * BatchWriteItem beside the chunk's one audit event, its issuance record last; then the emails
 * are queued, the events put, and the chunk's outcomes and counters recorded in one transaction.
 */
export async function issueChunk(deps: ChunkDeps, input: ChunkInput): Promise<{ issued: number; failed: number; skipped: number }> {
  const { batchId, attempt, rows } = input;
  const first = rows[0];
  if (!first) return { issued: 0, failed: 0, skipped: 0 };
  const recorded = await deps.batches.getChunk(batchId, attempt, first.line);
  if (recorded) return tallyChunk(recorded.rows);
  const batch = await loadBatch(deps, batchId);
  if (batch.status !== 'RUNNING') {
    // Cancelled (or otherwise ended) while the map ran: the rest of the rows are not issued.
    const skipped = rows.map((r) => ({ l: r.line, o: 'S' as const, r: `the batch is ${batch.status.toLowerCase()}` }));
    await deps.batches.recordChunk({ batchId, attempt, firstLine: first.line, rows: skipped, at: deps.clock.now().toISOString() });
    return tallyChunk(skipped);
  }
  const achievement = await achievementOf(deps, batch);
  const blocks = await Promise.all(Array.from({ length: Math.ceil(rows.length / BLOCK_SIZE) }, () => deps.lists.reserveBlock(batch.issuerId)));
  const claim = await deps.batches.claimChunk(batchId, attempt, first.line, { blocks, issuedAt: deps.clock.now().toISOString().replace(/\.\d{3}Z$/, 'Z') });
  const ids = rows.map((r) => rowIds(batchId, r.line));
  // A retry (attempt > 0) may take rows an earlier attempt issued but never recorded (its chunk
  // failed, and recording that failed too): those are found whole, and only announced again.
  const earlier = attempt > 0 ? new Map((await deps.issuances.getMany(ids.map((r) => r.issuanceId))).map((i) => [i.id, i])) : new Map<string, Issuance>();
  const signing = await signingFacts(deps, claim, ids, earlier, attempt);
  const { signer, keyId } = await signerFor(deps, batch.issuerId);
  for (const listNo of new Set(signing.map((f) => positionOf(f.statusAllocation).listNo))) {
    await ensureStatusLists(statusListDeps(deps, signer), batch.issuerId, listNo);
  }
  const issuer = await issuerProfile(deps, batch.issuerId);
  const jwtSigner = deps.settings.vcJwtKeyArn ? (await currentJwtSigner(signingKeyDeps(deps), batch.issuerId)).signer : undefined;
  const urls = publicUrls(deps.settings.publicBaseUrl);
  pace ??= tokenBucket(deps.batchSettings.signRate);
  const approvals = batch.approval?.decision === 'APPROVED' ? [{ step: 0, role: batch.approval.role, decision: 'APPROVED' as const, decidedBy: batch.approval.decidedBy, decidedAt: batch.approval.decidedAt, ...(batch.approval.comment ? { comment: batch.approval.comment } : {}) }] : [];
  const requestedBy = batch.startedBy ?? batch.requestedBy;
  const issuedAt = claim.issuedAt;
  const trail = chunkSubject(batchId, attempt, first.line);

  // The learners' holdings first, all together; a learner who already holds the version is skipped.
  const held = achievement.allowRepeats
    ? new Map<string, string>()
    : await deps.holdings.claimMany(achievement.id, achievement.version, rows.map((r, i) => ({ email: r.recipient.email, issuanceId: ids[i]!.issuanceId })));

  const results = await mapLimit(rows, deps.batchSettings.signConcurrency, async (row, i): Promise<RowResult> => {
    const { issuanceId, credentialId } = ids[i]!;
    const found = earlier.get(issuanceId);
    if (found) return { row: { l: row.line, o: 'I' }, earlier: found };
    try {
      const holder = held.get(issuanceId);
      if (holder) return { row: { l: row.line, o: 'S', r: `the learner already holds this achievement (issuance ${holder})` } };
      const facts = signing[i]!;
      const position = positionOf(facts.statusAllocation);
      const steps = (detail: string) => ({ status: 'SUCCEEDED' as const, at: issuedAt, detail });
      const issuance: Issuance = {
        id: issuanceId,
        achievementId: achievement.id,
        achievementVersion: achievement.version,
        issuerId: batch.issuerId,
        credentialId,
        recipient: row.recipient,
        award: {
          evidence: [],
          results: [],
          evidenceFiles: [],
          ...row.award,
          ...(batch.cohort.intake ? { cohort: batch.cohort.intake } : {}),
          ...(batch.cohort.campus ? { campus: batch.cohort.campus } : {}),
          ...(batch.cohort.programme ? { programme: batch.cohort.programme } : {}),
        },
        // Fixed by the batch and the line, so a retry signs the very same bytes.
        recipientSalt: createHash('sha256').update(`laurel-salt:${batchId}:${row.line}`).digest('hex').slice(0, 32),
        status: 'ISSUED',
        steps: {
          EvidenceCheck: steps(`batch ${batchId}, line ${row.line}: every rule passed`),
          Approval: approvals.length ? steps(`batch approved by ${approvals[0]!.decidedBy.name}`) : { status: 'SKIPPED', at: issuedAt, detail: 'the achievement auto-approves' },
          Sign: steps(`signed with ${keyId}`),
          Store: steps(`s3://${deps.settings.bucketName}/${artifactKey(credentialId)}`),
          Deliver: { status: 'WAITING', at: issuedAt, detail: 'queued: emails go out at the SES sending rate' },
          Record: steps('issued in a batch'),
        },
        requestedBy,
        requestedAt: batch.createdAt,
        updatedAt: issuedAt,
        approvals,
        statusAllocation: facts.statusAllocation,
        issuedInChunk: trail.id,
        issuedAt: facts.issuedAt,
        verifiedFiles: [],
        deliveries: [],
        retries: [],
        credentialStatus: 'ACTIVE',
      };
      const unsigned = unsignedCredential(issuance, achievement, issuer, urls, position, facts.issuedAt);
      await pace!.take();
      const signed = await signAward(unsigned, signer, { issuedAt: facts.issuedAt, ...(jwtSigner ? { jwtSigner } : {}) });
      const storedForms = await storeSigned(deps.artifacts, credentialId, signed, { issuanceId, ...facts });
      const record = credentialRecord(issuance, signed.credential, storedForms, position);
      const sha256 = storedForms.artifact.sha256;
      const stored: Issuance = { ...issuance, artifact: storedForms.artifact };
      return {
        row: { l: row.line, o: 'I' },
        issuance: stored,
        credential: record,
        sha256,
      };
    } catch (e) {
      const named = classify(e);
      // A passing fault fails the whole child, which Step Functions retries (everything here is idempotent).
      if (named instanceof TransientError) throw named;
      return { row: { l: row.line, o: 'F', r: named.message.slice(0, 300) } };
    }
  });

  const issued = results.filter((r) => r.issuance);
  // A row's issuance record is written last: it is the row's commit mark. Once it exists, the
  // credential, the learner's index entries and the chunk's audit event naming the row exist
  // too, so a chunk that fails for good part-way (recordChunkFailure) can tell a whole row from
  // one to clear. The rest do not depend on each other and go side by side. The event is the
  // same on a retry (ids, hashes and issue time are fixed), so a retry that finds it written
  // leaves it be.
  await Promise.all([
    deps.issuances.writeIssuedRows(issued.map((r) => ({ issuance: r.issuance!, credential: r.credential!, reminders: reminderPlanOf(achievement) }))),
    issued.length > 0 &&
      deps.audit.begin(
        trail,
        {
          actor: WORKFLOW_ACTOR,
          action: 'ISSUED_IN_BATCH',
          after: {
            batchId,
            attempt,
            file: batch.file.sha256,
            approvals: approvals.map((a) => a.decidedBy.name),
            status: 'ACTIVE',
            rows: issued.map((r): ChunkEventRow => ({ line: r.row.l, issuanceId: r.issuance!.id, credentialId: r.issuance!.credentialId, sha256: r.sha256!, statusList: r.credential!.statusPosition })),
          },
        },
        issuedAt,
      ),
  ]);
  await deps.issuances.commitIssuedRows(issued.map((r) => r.issuance!));
  await announceIssued(deps, batchId, [...issued.map((r) => r.issuance!), ...results.flatMap((r) => (r.earlier ? [r.earlier] : []))]);
  await releaseHoldings(deps, batch, rows.filter((_, i) => results[i]!.row.o === 'F'));
  const chunkRows = results.map((r) => r.row);
  await deps.batches.recordChunk({ batchId, attempt, firstLine: first.line, rows: chunkRows, at: deps.clock.now().toISOString() });
  const counts = tallyChunk(chunkRows);
  countBusinessEvent('CredentialIssued', counts.issued);
  return counts;
}

/**
 * The chunk's audit event is written beside its records, so it can name rows whose issuance
 * record then never was. Its trail says so — once, appended to the chain, naming those rows and
 * why — so it never claims a credential was issued that nobody has.
 */
async function auditNotIssued(deps: ChunkDeps, trail: AuditSubject, rows: BatchRow[], reason: string) {
  const events = await deps.audit.list(trail);
  const named = new Map(chunkEventRows(events).map((r) => [r.line, r]));
  const withdrawn = rows.flatMap((r) => named.get(r.line) ?? []);
  if (!withdrawn.length || events.some((e) => e.action === 'NOT_ISSUED')) return;
  await deps.audit.append(trail, {
    actor: WORKFLOW_ACTOR,
    action: 'NOT_ISSUED',
    after: { reason, rows: withdrawn.map(({ line, issuanceId, credentialId }) => ({ line, issuanceId, credentialId })) },
  });
}

/**
 * A failed row gives its learner's holding back (if it is still the row's): no issuance record
 * exists to hold it, and the learner must not be refused another issuance for a credential
 * nobody has. `retry-failed` claims it again, or skips the row if the learner came to hold the
 * achievement meanwhile.
 */
async function releaseHoldings(deps: ChunkDeps, batch: Batch, failed: BatchRow[]) {
  await mapLimit(failed, 8, (r) => deps.holdings.release(batch.achievementId, batch.achievementVersion, r.recipient.email, rowIds(batch.id, r.line).issuanceId));
}

/**
 * What follows a row's records: its email queued (sent at the SES rate; the batch shows it as
 * pending until then) and its CredentialIssued event. Both are safe to repeat for a row: the
 * email's delivery claim sends it once, and an event names its issuance for consumers to
 * de-duplicate (EventBridge delivers at least once in any case).
 */
async function announceIssued(deps: ChunkDeps, batchId: string, issued: Issuance[]) {
  const urls = publicUrls(deps.settings.publicBaseUrl);
  await deps.emailQueue.enqueue(issued.map((r) => ({ issuanceId: r.id, batchId })));
  await deps.eventBus.publish(issued.map((r) => credentialIssuedEvent({ ...r, issuedAt: r.issuedAt! }, urls)));
}

/**
 * A child that failed for good (its retries spent), perhaps part-way. A row whose issuance
 * record was written is whole (see issueChunk) and counts as issued: its email and event,
 * which the child may not have reached, are sent now (again is harmless). Any other row counts
 * as failed, so `retry-failed` can take it again, and what the child wrote for it — credential
 * record, learner index entries — is cleared, so nothing answers for a credential nobody was
 * issued, and its learner's holding is given back. Recorded once, like any chunk.
 */
export async function recordChunkFailure(deps: ChunkDeps, input: ChunkInput, error: { Error?: string; Cause?: string }) {
  const { batchId, attempt } = input;
  const first = input.rows[0];
  if (!first) return { issued: 0, failed: 0, skipped: 0 };
  const recorded = await deps.batches.getChunk(batchId, attempt, first.line);
  if (recorded) return tallyChunk(recorded.rows);
  const batch = await loadBatch(deps, batchId);
  const rowsWithIds = input.rows.map((row) => ({ row, ...rowIds(batchId, row.line) }));
  const written = new Map((await deps.issuances.getMany(rowsWithIds.map((r) => r.issuanceId))).map((i) => [i.id, i]));
  const unwritten = rowsWithIds.filter((r) => !written.has(r.issuanceId));
  // A row written meanwhile (the child's last attempt still running) is found whole after all.
  const cleared = await mapLimit(unwritten, 8, ({ row, issuanceId, credentialId }) => {
    return deps.issuances.clearUnissued({ id: issuanceId, credentialId, achievementId: batch.achievementId, requestedAt: batch.createdAt, recipient: row.recipient });
  });
  for (const i of await deps.issuances.getMany(unwritten.filter((_, i) => !cleared[i]).map((r) => r.issuanceId))) written.set(i.id, i);
  await announceIssued(deps, batchId, [...written.values()]);
  const notIssued = unwritten.filter((_, i) => cleared[i]).map((r) => r.row);
  await releaseHoldings(deps, batch, notIssued);
  const reason = `${error.Error ?? 'Error'}: ${lambdaErrorMessage(error.Cause)}`.slice(0, 300);
  await auditNotIssued(deps, chunkSubject(batchId, attempt, first.line), notIssued, reason);
  const rows = rowsWithIds.map(({ row, issuanceId }): ChunkRow => (written.has(issuanceId) ? { l: row.line, o: 'I' } : { l: row.line, o: 'F', r: reason }));
  await deps.batches.recordChunk({ batchId, attempt, firstLine: first.line, rows, at: deps.clock.now().toISOString() });
  return tallyChunk(rows);
}

// ---------------------------------------------------------------- Queued emails

let emailPace: ReturnType<typeof tokenBucket> | undefined;

/**
 * The email queue's consumer: sends each queued credential email at most once (the delivery
 * claim), paced to this environment's share of the SES rate. Failures go back to the queue
 * (partial batch response); a message about an issuance that does not exist, or whose learner
 * was erased, is dropped.
 */
export async function deliverQueuedEmails(
  deps: Pick<BatchWorkflowDeps, 'issuances' | 'deliveryClaims' | 'claimLinks' | 'achievements' | 'issuers' | 'mailer' | 'audit' | 'settings' | 'clock' | 'batches'>,
  messages: { id: string; issuanceId: string; batchId?: string }[],
  ratePerSecond: number,
): Promise<{ failed: { id: string; error: Error }[] }> {
  emailPace ??= tokenBucket(ratePerSecond, 1);
  const failed: { id: string; error: Error }[] = [];
  const sentPerBatch = new Map<string, number>();
  for (const m of messages) {
    try {
      await emailPace.take();
      const { sent } = await deliverCredential(deps, m.issuanceId, { keepStatus: true });
      if (sent && m.batchId) sentPerBatch.set(m.batchId, (sentPerBatch.get(m.batchId) ?? 0) + 1);
    } catch (e) {
      // An erased learner has no address left: nothing to send, nothing to try again.
      if (e instanceof LearnerErasedError) continue;
      const named = classify(e);
      if (named instanceof PermanentError && /does not exist/.test(named.message)) continue;
      failed.push({ id: m.id, error: named });
    }
  }
  for (const [batchId, n] of sentPerBatch) await retryTransient(() => deps.batches.addDelivered(batchId, n));
  return { failed };
}

