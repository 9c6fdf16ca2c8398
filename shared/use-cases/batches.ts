import { randomUUID } from 'node:crypto';
import { maskEmail, seesEmail } from '../domain/staff';
import { csvLine, readRecords, templateCsv, unbatchableRules } from '../batches/rows';
import type { AchievementRepository } from '../entities/achievement';
import type { AuditLog } from '../entities/audit';
import { FINAL_BATCH_STATUSES, rowIds, type Batch, type BatchRepository, type BatchStatus, type ChunkRow } from '../entities/batch';
import { timeRange } from '../entities/time-index';
import type { IssuanceRepository } from '../entities/issuance';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { holdsApprovalRole, type Principal } from '../domain/staff';
import { publicUrls } from '../issuer';
import { problemsKey, rowsKey } from './batch-workflow';
import { WORKFLOW_ERRORS } from '../workflow/contract';
import type { Clock } from '../clock';
import type { ArtifactLinks, Artifacts, WorkflowEngine } from '../ports';

/** Files up to 200 MiB: a 100,000-row CSV with narratives is a few tens of MiB. */
export const MAX_BATCH_FILE_BYTES = 200 * 1024 * 1024;
const URL_TTL_SECONDS = 15 * 60;
/** Larger reports are written to S3 and fetched from a presigned URL (Lambda answers at most 6 MB). */
const INLINE_REPORT_BYTES = 4 * 1024 * 1024;

export interface BatchDeps {
  achievements: Pick<AchievementRepository, 'getLatest'>;
  batches: Pick<BatchRepository, 'create' | 'get' | 'created' | 'chunks' | 'beginValidation' | 'recordExecution' | 'startValidRows' | 'decide' | 'cancel' | 'reopenForRetry'>;
  issuances: Pick<IssuanceRepository, 'deliveries'>;
  audit: Pick<AuditLog, 'append'>;
  /** The cohort files: the upload, its validated rows and problems, large reports. */
  artifacts: Pick<Artifacts, 'sizeOf' | 'openStream' | 'replace'>;
  links: ArtifactLinks;
  /** The batch (parent) state machine. */
  workflow: WorkflowEngine;
  publicBaseUrl: string;
  clock: Clock;
}

export interface CreateBatchInput {
  achievementId: string;
  cohort?: { intake?: string | undefined; programme?: string | undefined; campus?: string | undefined } | undefined;
  file: { name: string; size: number; sha256: string; format?: 'csv' | 'jsonl' | undefined };
  onInvalidRows: 'stop' | 'issue-valid';
  /** The file's headers → Laurel's columns, or 'ignore' (COLUMN_MAPPING in shared/batches/rows.ts). */
  columns?: Record<string, string> | undefined;
}

const staff = (p: Principal) => ({ kind: 'staff' as const, id: p.id, name: p.name });
const batchAudit = (deps: Pick<BatchDeps, 'audit'>, id: string, actor: Principal, action: string, after?: Record<string, unknown>, reason?: string) =>
  deps.audit.append({ type: 'batch', id }, { actor: staff(actor), action, ...(after ? { after } : {}), ...(reason ? { reason } : {}) });

async function loadBatch(deps: Pick<BatchDeps, 'batches'>, id: string): Promise<Batch> {
  const batch = await deps.batches.get(id);
  if (!batch) throw new NotFoundError(`No batch '${id}'.`);
  return batch;
}

async function uploadOffer(deps: Pick<BatchDeps, 'links' | 'clock'>, batch: Batch) {
  const contentType = batch.file.format === 'csv' ? 'text/csv' : 'application/x-ndjson';
  const now = deps.clock.now();
  const url = await deps.links.uploadUrl(batch.file.key, { contentType, size: batch.file.size }, URL_TTL_SECONDS);
  return { url, method: 'PUT', headers: { 'content-type': contentType, 'content-length': String(batch.file.size) }, expiresAt: new Date(now.getTime() + URL_TTL_SECONDS * 1000).toISOString() };
}

/**
 * Announces a cohort file: the batch, and a presigned PUT for the file. The file's hash is
 * claimed for the achievement, so the same file sent again returns the batch it already made
 * (`resubmitted`) instead of issuing twice.
 */
export async function createBatch(deps: Pick<BatchDeps, 'achievements' | 'batches' | 'audit' | 'links' | 'clock'>, input: CreateBatchInput, actor: Principal) {
  const achievement = await deps.achievements.getLatest(input.achievementId);
  if (!achievement) throw new ValidationError('The achievement does not exist.', [{ path: 'body.achievementId', message: `no achievement '${input.achievementId}'` }]);
  if (achievement.lifecycle === 'archived') throw new ConflictError(`The achievement '${achievement.id}' is archived: it is no longer awarded.`);
  const unbatchable = unbatchableRules(achievement);
  if (unbatchable.length) throw new ValidationError('This achievement cannot be issued from a file.', unbatchable.map((message) => ({ path: 'body.achievementId', message })));
  const format = input.file.format ?? (/\.jsonl?$|\.ndjson$/i.test(input.file.name) ? 'jsonl' : 'csv');
  const id = randomUUID();
  const now = deps.clock.now().toISOString();
  const batch: Batch = {
    id,
    achievementId: achievement.id,
    achievementVersion: achievement.version,
    issuerId: achievement.issuerId,
    cohort: Object.fromEntries(Object.entries(input.cohort ?? {}).filter(([, v]) => v !== undefined)),
    file: { key: `batches/${id}/source.${format}`, fileName: input.file.name, format, size: input.file.size, sha256: input.file.sha256.toLowerCase() },
    onInvalidRows: input.onInvalidRows,
    ...(input.columns && Object.keys(input.columns).length ? { columns: input.columns } : {}),
    status: 'AWAITING_UPLOAD',
    attempt: 0,
    counts: { issued: 0, failed: 0, skipped: 0, delivered: 0 },
    requestedBy: { id: actor.id, name: actor.name },
    createdAt: now,
    updatedAt: now,
    retries: [],
  };
  const created = await deps.batches.create(batch);
  if (!created.created) {
    const existing = await loadBatch(deps, created.batchId);
    return { batch: existing, resubmitted: true, upload: existing.status === 'AWAITING_UPLOAD' ? await uploadOffer(deps, existing) : undefined };
  }
  await batchAudit(deps, id, actor, 'CREATED', { achievementId: batch.achievementId, achievementVersion: batch.achievementVersion, file: batch.file, cohort: batch.cohort, onInvalidRows: batch.onInvalidRows, ...(batch.columns ? { columns: batch.columns } : {}) });
  return { batch, resubmitted: false, upload: await uploadOffer(deps, batch) };
}

/** The file has arrived: check it is all there, then start the parent execution (named after the batch, so only once). */
export async function submitBatch(deps: Pick<BatchDeps, 'batches' | 'artifacts' | 'workflow' | 'audit'>, id: string, actor: Principal): Promise<Batch> {
  const batch = await loadBatch(deps, id);
  if (batch.status !== 'AWAITING_UPLOAD') return batch;
  const size = await deps.artifacts.sizeOf(batch.file.key);
  if (size === undefined) throw new ConflictError('The file has not been uploaded yet: PUT it to the upload URL first.');
  if (size !== batch.file.size) throw new ConflictError(`The uploaded file is ${size} bytes, not the ${batch.file.size} announced. Create a new batch for the new file.`);
  const moved = await deps.batches.beginValidation(id);
  if (!moved) return loadBatch(deps, id);
  const { executionArn } = await deps.workflow.start(id, { batchId: id });
  await batchAudit(deps, id, actor, 'SUBMITTED', { sha256: batch.file.sha256 });
  return deps.batches.recordExecution(id, executionArn);
}

/** Issue the valid rows only: the answer to a file with invalid rows. */
export async function startBatch(deps: Pick<BatchDeps, 'batches' | 'workflow' | 'audit'>, id: string, actor: Principal): Promise<Batch> {
  const batch = await loadBatch(deps, id);
  if (batch.waiting?.kind !== 'start') throw new ConflictError(`The batch is ${batch.status}: it is not waiting to be started.`);
  const updated = await deps.batches.startValidRows(id, batch.waiting.taskToken, { id: actor.id, name: actor.name });
  if (!updated) throw new ConflictError('The batch changed a moment ago; read it and retry.');
  await deps.workflow.answer(batch.waiting.taskToken, { output: { startedBy: actor.id } });
  await batchAudit(deps, id, actor, 'STARTED_VALID_ROWS_ONLY', { valid: batch.validation?.valid, invalid: batch.validation?.invalid });
  return updated;
}

/** The one approval of a batch: by the policy's role, not by whoever asked for or started it. */
export async function decideBatch(deps: Pick<BatchDeps, 'batches' | 'workflow' | 'audit' | 'clock'>, id: string, actor: Principal, decision: { approve: boolean; comment?: string | undefined }): Promise<Batch> {
  const batch = await loadBatch(deps, id);
  const waiting = batch.waiting;
  if (waiting?.kind !== 'approval') throw new ConflictError(`The batch is ${batch.status}: it is not waiting for approval.`);
  const role = waiting.role ?? 'approver';
  if (!holdsApprovalRole(actor, role)) throw new ForbiddenError(`This batch needs the role '${role}'.`);
  if (actor.id === batch.requestedBy.id || actor.id === batch.startedBy?.id) throw new ForbiddenError('You cannot approve a batch you asked for.');
  const at = deps.clock.now().toISOString();
  const approval = { role, decision: decision.approve ? ('APPROVED' as const) : ('REJECTED' as const), decidedBy: { id: actor.id, name: actor.name }, decidedAt: at, ...(decision.comment ? { comment: decision.comment } : {}) };
  const updated = await deps.batches.decide(id, waiting.taskToken, approval);
  if (!updated) throw new ConflictError('The batch changed a moment ago; read it and retry.');
  await deps.workflow.answer(
    waiting.taskToken,
    decision.approve ? { output: { approvedBy: actor.id } } : { failure: { error: WORKFLOW_ERRORS.batchRejected, cause: decision.comment ?? 'rejected' } },
  );
  await batchAudit(deps, id, actor, decision.approve ? 'APPROVED' : 'REJECTED', { role, rows: batch.validation?.valid }, decision.comment);
  return updated;
}

/** Stops a batch: rows not yet issued are not issued (a chunk in flight finishes its rows). */
export async function cancelBatch(deps: Pick<BatchDeps, 'batches' | 'workflow' | 'audit' | 'clock'>, id: string, actor: Principal, reason?: string): Promise<Batch> {
  const batch = await loadBatch(deps, id);
  if (FINAL_BATCH_STATUSES.includes(batch.status)) throw new ConflictError(`The batch is ${batch.status}; there is nothing to cancel.`);
  const at = deps.clock.now().toISOString();
  const cancelled = await deps.batches.cancel(id, batch.status, { by: { id: actor.id, name: actor.name }, at, ...(reason ? { reason } : {}) });
  if (!cancelled) throw new ConflictError('The batch changed a moment ago; read it and retry.');
  // The status is what stops the rows (each chunk reads it first); stopping the execution only
  // saves its remaining transitions, so a failure to stop it does not fail the cancellation.
  if (batch.executionArn) {
    await deps.workflow.stop(currentExecution(batch), { error: WORKFLOW_ERRORS.batchCancelled, cause: reason ?? `cancelled by ${actor.name}` }).catch(() => undefined);
  }
  await batchAudit(deps, id, actor, 'CANCELLED', { counts: batch.counts }, reason);
  return cancelled;
}

const retryName = (id: string, attempt: number) => `${id}-retry-${attempt}`;
const currentExecution = (batch: Batch) => (batch.attempt === 0 ? batch.executionArn! : batch.executionArn!.replace(/:[^:]+$/, `:${retryName(batch.id, batch.attempt)}`));

/** The latest outcome of every line (a retry's outcome replaces the failure it answered). */
async function outcomes(deps: Pick<BatchDeps, 'batches'>, id: string): Promise<Map<number, ChunkRow>> {
  const latest = new Map<number, ChunkRow>();
  for await (const chunk of deps.batches.chunks(id)) for (const row of chunk.rows) latest.set(row.l, row);
  return latest;
}

/** One of the batch's own JSON Lines files (rows, problems), streamed. */
async function* readLines(deps: Pick<BatchDeps, 'artifacts'>, key: string): AsyncGenerator<Record<string, unknown>> {
  for await (const record of readRecords(await deps.artifacts.openStream(key), 'jsonl')) if (record.json) yield record.json as Record<string, unknown>;
}

/**
 * A batch whose rows can be run again: it completed, or it failed after issuing had begun (the
 * map itself failed). Before that — validating, awaiting a decision or an approval — nothing
 * was issued and a retry would skip what the batch was waiting for.
 */
const retriable = (batch: Batch) => batch.status === 'COMPLETED' || (batch.status === 'FAILED' && batch.startedAt !== undefined);

/**
 * Runs again, as a new attempt, every valid row not issued: the failed ones, and those with no
 * outcome at all (a chunk whose failure could not be recorded, or the map failing part-way) —
 * otherwise those would be lost, the same file refused as already submitted. Their rows file is
 * written from the validated one, the failures leave the counters, and a new execution (named
 * after the attempt) issues them; a row an earlier attempt did issue is found, not signed again.
 */
export async function retryBatchFailures(deps: Pick<BatchDeps, 'batches' | 'artifacts' | 'workflow' | 'audit' | 'clock'>, id: string, actor: Principal): Promise<Batch> {
  const batch = await loadBatch(deps, id);
  if (!retriable(batch)) {
    throw new ConflictError(`The batch is ${batch.status}${batch.status === 'FAILED' ? ' before issuing began' : ''}: only rows of a batch that completed, or failed while issuing, can be retried.`);
  }
  const latest = await outcomes(deps, id);
  const failed = [...latest.values()].filter((r) => r.o === 'F').length;
  const attempt = batch.attempt + 1;
  const lines: string[] = [];
  for await (const row of readLines(deps, rowsKey(id, 0))) {
    const outcome = latest.get(row.line as number);
    if (!outcome || outcome.o === 'F') lines.push(JSON.stringify(row));
  }
  if (!lines.length) throw new ConflictError('The batch has no failed or unissued rows.');
  await deps.artifacts.replace(rowsKey(id, attempt), `${lines.join('\n')}\n`, { contentType: 'application/x-ndjson' });
  const at = deps.clock.now().toISOString();
  const updated = await deps.batches.reopenForRetry(id, batch, { attempt, rowsKey: rowsKey(id, attempt), failedRows: failed, by: { id: actor.id, name: actor.name }, at, rows: lines.length });
  if (!updated) throw new ConflictError('The batch changed a moment ago; read it and retry.');
  await deps.workflow.start(retryName(id, attempt), { batchId: id, retry: attempt });
  await batchAudit(deps, id, actor, 'RETRY_FAILED_ROWS', { attempt, rows: lines.length, failed, unissued: lines.length - failed });
  return updated;
}

/**
 * What staff see of a batch: counts by state, the rate and an ETA for a progress bar, and the
 * validation summary (problems by line, a masked sample for the approver). Never the task token.
 */
export function batchView(batch: Batch, now: Date) {
  const { waiting, ...rest } = batch;
  const v = batch.validation;
  const valid = v?.valid ?? 0;
  const ended = FINAL_BATCH_STATUSES.includes(batch.status);
  const done = batch.counts.issued + batch.counts.failed + batch.counts.skipped;
  const remaining = Math.max(0, valid - done);
  const queued = ended ? 0 : remaining;
  const cancelled = batch.status === 'CANCELLED' ? remaining : 0;
  const started = batch.startedAt ? Date.parse(batch.startedAt) : undefined;
  const until = batch.status === 'RUNNING' ? now.getTime() : Date.parse(batch.progressAt ?? batch.finishedAt ?? now.toISOString());
  const seconds = started !== undefined ? Math.max(0.001, (until - started) / 1000) : undefined;
  const rate = seconds && done ? done / seconds : 0;
  const emailsPending = Math.max(0, batch.counts.issued - batch.counts.delivered);
  const phase =
    batch.status === 'RUNNING'
      ? 'issuing'
      : batch.status === 'COMPLETED'
        ? emailsPending > 0
          ? 'signed, emails pending'
          : 'done'
        : batch.status.toLowerCase().replace(/_/g, ' ');
  return {
    ...rest,
    ...(waiting ? { waitingFor: { kind: waiting.kind, ...(waiting.role ? { role: waiting.role } : {}), since: waiting.since } } : {}),
    progress: {
      phase,
      rows: v?.rows ?? 0,
      queued,
      issued: batch.counts.issued,
      delivered: batch.counts.delivered,
      emailsPending,
      failed: batch.counts.failed,
      skipped: (v?.invalid ?? 0) + batch.counts.skipped,
      cancelled,
      percent: valid ? Math.round((done / valid) * 1000) / 10 : ended ? 100 : 0,
      ratePerSecond: Math.round(rate * 10) / 10,
      etaSeconds: queued && rate ? Math.ceil(queued / rate) : queued ? null : 0,
    },
  };
}

export async function getBatch(deps: Pick<BatchDeps, 'batches'>, id: string) {
  return loadBatch(deps, id);
}

/**
 * Cohort batches, newest first, with their progress: the console's Cohorts list and Home's
 * running batches. The time index gives a page of ids (filtered by status there); each batch is
 * then read whole, at most `limit` reads.
 */
export async function listBatches(
  deps: Pick<BatchDeps, 'batches' | 'clock'>,
  q: { status?: readonly BatchStatus[] | undefined; from?: string | undefined; to?: string | undefined; limit: number; cursor?: string | undefined },
) {
  const now = deps.clock.now();
  const page = await deps.batches.created({ range: timeRange(q, now), limit: q.limit, cursor: q.cursor, statuses: q.status });
  const batches = await Promise.all(page.items.map((i) => deps.batches.get(i.id)));
  return {
    items: batches.filter((b): b is Batch => b !== undefined).map((b) => batchView(b, now)),
    ...(page.cursor ? { cursor: page.cursor } : {}),
  };
}

export async function batchTemplate(deps: Pick<BatchDeps, 'achievements'>, achievementId: string) {
  const achievement = await deps.achievements.getLatest(achievementId);
  if (!achievement) throw new NotFoundError(`No achievement '${achievementId}'.`);
  const unbatchable = unbatchableRules(achievement);
  if (unbatchable.length) throw new ConflictError(`This achievement cannot be issued from a file: ${unbatchable.join('; ')}`);
  return { achievement, csv: templateCsv(achievement) };
}

export const REPORT_COLUMNS = ['line', 'email', 'name', 'student_number', 'outcome', 'reason', 'credential_url', 'issuance_id', 'email_status'] as const;

/**
 * The per-row report, as CSV, in line order: every row of the file with its outcome (issued,
 * delivered, failed, skipped, invalid, cancelled, queued), why, and the credential's URL. Emails
 * are masked for roles that do not see them. A large report goes to S3 behind a presigned URL.
 */
export async function batchReport(deps: Pick<BatchDeps, 'batches' | 'issuances' | 'artifacts' | 'links' | 'clock' | 'publicBaseUrl'>, id: string, viewer: Principal): Promise<{ csv: string } | { url: string }> {
  const batch = await loadBatch(deps, id);
  const latest = await outcomes(deps, id);
  const urls = publicUrls(deps.publicBaseUrl);
  const email = (e: unknown) => (typeof e === 'string' ? (seesEmail(viewer) ? e : maskEmail(e)) : '');
  const rows: { line: number; cells: (string | number | undefined)[] }[] = [];
  if (batch.validation) {
    const problems = new Map<number, { email?: string; problems: string[] }>();
    for await (const p of readLines(deps, problemsKey(id))) {
      const line = p.line as number;
      const entry = problems.get(line) ?? { problems: [] };
      entry.problems.push(`${p.column ? `${p.column}: ` : ''}${p.problem as string}`);
      if (typeof p.email === 'string') entry.email = p.email;
      problems.set(line, entry);
    }
    for (const [line, p] of problems) if (line > 1) rows.push({ line, cells: [line, email(p.email), '', '', 'invalid', p.problems.join('; '), '', '', ''] });
    const valid: { line: number; recipient: { email: string; name?: string; studentId?: string } }[] = [];
    for await (const row of readLines(deps, rowsKey(id, 0))) valid.push({ line: row.line as number, recipient: row.recipient as (typeof valid)[number]['recipient'] });
    // The issued rows' deliveries, 100 per read.
    const deliveries = await deps.issuances.deliveries(valid.filter((r) => latest.get(r.line)?.o === 'I').map((r) => rowIds(id, r.line).issuanceId));
    const pending = batch.status === 'CANCELLED' ? 'cancelled' : FINAL_BATCH_STATUSES.includes(batch.status) ? 'not issued' : 'queued';
    const pendingWhy = retriable(batch) ? 'no outcome was recorded for this row; retry-failed runs it again' : undefined;
    for (const { line, recipient } of valid) {
      const outcome = latest.get(line);
      const { issuanceId, credentialId } = rowIds(id, line);
      const issued = outcome?.o === 'I';
      const delivery = issued && deliveries.has(issuanceId) ? (deliveries.get(issuanceId) ?? {}) : undefined;
      const state = !outcome ? pending : delivery?.messageId ? 'delivered' : ({ I: 'issued', F: 'failed', S: 'skipped' } as const)[outcome.o];
      rows.push({
        line,
        cells: [line, email(recipient.email), recipient.name, recipient.studentId, state, outcome ? outcome.r : pendingWhy, issued ? urls.credential(credentialId) : '', issued ? issuanceId : '', delivery ? (delivery.status?.toLowerCase() ?? 'pending') : ''],
      });
    }
  }
  rows.sort((a, b) => a.line - b.line);
  const csv = [csvLine(REPORT_COLUMNS), ...rows.map((r) => csvLine(r.cells))].join('\r\n') + '\r\n';
  if (Buffer.byteLength(csv) <= INLINE_REPORT_BYTES) return { csv };
  const key = `batches/${id}/report-${deps.clock.now().getTime()}.csv`;
  await deps.artifacts.replace(key, csv, { contentType: 'text/csv; charset=utf-8' });
  return { url: await deps.links.downloadUrl(key, URL_TTL_SECONDS) };
}
