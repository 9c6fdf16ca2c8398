import { Readable } from 'node:stream';
import { identityColumnOf, readRecords } from '../batches/rows';
import type { ObjectVersion, PersonalFiles } from '../ports';

/**
 * A learner's erasure, in one cohort's files (`batches/<id>/`): the uploaded file, the validated
 * rows of each attempt, the problems, and the reports. The learner's lines leave the files that
 * stay (as a new version, every older version destroyed), and the reports, snapshots that are
 * made again on request, are destroyed whole.
 *
 * The uploaded file keeps its line numbers: the learner's record is blanked, line for line, so
 * "line 57" in the report, the problems and the audit trail still points at the same learner's
 * record for everyone else. The rows and problems files carry each row's line, so theirs go.
 * A file whose current version is a delete marker (its retention ended) is destroyed whole: its
 * last versions wait a day for the lifecycle rule, and may hold the learner.
 */

/** Whether identifiers read from a file are the learner's (compared as learner keys: the erasure holds no email). */
export type IsLearner = (id: { email?: string | undefined; studentId?: string | undefined }) => boolean;

export interface CohortFilesErasure {
  /** The learner's lines (of the uploaded file; the other files name the same lines). */
  lines: Set<number>;
  /** Files written again without them. */
  rewritten: number;
  /** Versions (and delete markers) destroyed for good. */
  destroyed: number;
}

const FILE_KIND = [
  [/\/source\.(csv|jsonl)$/, 'source'],
  [/\/rows-\d+\.jsonl$/, 'rows'],
  [/\/problems\.jsonl$/, 'problems'],
  [/\/report-\d+\.csv$/, 'report'],
] as const;
const kindOf = (key: string) => FILE_KIND.find(([pattern]) => pattern.test(key))?.[1];
const CONTENT_TYPE = { source: { csv: 'text/csv', jsonl: 'application/x-ndjson' }, jsonl: 'application/x-ndjson' } as const;

/**
 * Erases the learner from one cohort's files; with `findOnly`, only finds their lines and
 * changes nothing (a batch its workflow is reading: it is erased once it has finished, and
 * waited for only if it names the learner).
 */
export async function eraseFromCohortFiles(files: PersonalFiles, batchId: string, isLearner: IsLearner, options: { findOnly?: boolean } = {}): Promise<CohortFilesErasure> {
  const byKey = new Map<string, ObjectVersion[]>();
  for (const v of await files.versions(`batches/${batchId}/`)) byKey.set(v.key, [...(byKey.get(v.key) ?? []), v]);
  const outcome: CohortFilesErasure = { lines: new Set(), rewritten: 0, destroyed: 0 };
  const destroy = async (versions: readonly ObjectVersion[]) => {
    for (const v of versions) await files.destroy(v.key, v.versionId);
    outcome.destroyed += versions.length;
  };
  const live: LiveFile[] = [];
  for (const [key, versions] of byKey) {
    const kind = kindOf(key);
    if (versions.every((v) => !v.latest || v.deleteMarker)) {
      if (!options.findOnly) await destroy(versions);
    } else if (kind) live.push({ key, kind, text: kind === 'report' ? '' : ((await files.read(key)) ?? ''), versions, format: key.endsWith('.csv') ? 'csv' : 'jsonl', spans: [] });
  }
  for (const f of live) {
    if (f.kind === 'source') {
      // Read once: each record's span, for the blanking below, and the learner's among them.
      for await (const r of recordsOf(f.text, f.format)) {
        f.spans.push(r);
        if (isLearner(r)) outcome.lines.add(r.last);
      }
    } else if (f.kind === 'rows' || f.kind === 'problems') for (const line of learnerLinesOfJsonl(f.text, f.kind, isLearner)) outcome.lines.add(line);
  }
  if (outcome.lines.size === 0 || options.findOnly) return outcome;
  for (const f of live) {
    if (f.kind === 'report') {
      await destroy(f.versions);
      continue;
    }
    const text = f.kind === 'source' ? blankLines(f.text, f.spans.filter((r) => outcome.lines.has(r.last))) : withoutLines(f.text, outcome.lines);
    if (text !== f.text) {
      const kept = await files.write(f.key, text, f.kind === 'source' ? CONTENT_TYPE.source[f.format] : CONTENT_TYPE.jsonl);
      outcome.rewritten++;
      await destroy(f.versions.filter((v) => v.versionId !== kept));
    } else {
      // Unchanged, but an older version may still hold the learner: only the current one stays.
      await destroy(f.versions.filter((v) => !v.latest));
    }
  }
  return outcome;
}

/** A current file of the cohort, read; `spans`, an uploaded file's records, filled as it is read. */
interface LiveFile {
  key: string;
  kind: NonNullable<ReturnType<typeof kindOf>>;
  text: string;
  versions: ObjectVersion[];
  format: 'csv' | 'jsonl';
  spans: RecordSpan[];
}

/** A record of the uploaded file: the physical lines it spans (a quoted CSV field may hold line breaks). */
interface RecordSpan {
  first: number;
  last: number;
  email?: string | undefined;
  studentId?: string | undefined;
}

/** The records of an uploaded file with their identifiers; reading stops where the file cannot be read (as validation did). */
async function* recordsOf(text: string, format: 'csv' | 'jsonl'): AsyncGenerator<RecordSpan> {
  let columns: ReturnType<typeof identityColumnOf>[] = [];
  let previousEnd = 0;
  for await (const rec of readRecords(Readable.from([text]), format)) {
    if (rec.error) return;
    const span = { first: previousEnd + 1, last: rec.line };
    previousEnd = rec.line;
    if (rec.header) columns = rec.header.map(identityColumnOf);
    else if (rec.values) yield { ...span, ...identifiers(rec.values.map((v, i) => [columns[i], v])) };
    else if (rec.json && typeof rec.json === 'object' && !Array.isArray(rec.json)) {
      yield { first: rec.line, last: rec.line, ...identifiers(Object.entries(rec.json).map(([k, v]) => [identityColumnOf(k), typeof v === 'string' ? v : undefined])) };
    }
  }
}

const identifiers = (cells: [ReturnType<typeof identityColumnOf>, string | undefined][]) => ({
  email: cells.find(([c, v]) => c === 'email' && v)?.[1],
  studentId: cells.find(([c, v]) => c === 'student_number' && v)?.[1],
});

/** Each line of a JSON Lines file, parsed (a line that is not JSON is nobody's). */
function* jsonLines(text: string): Generator<{ raw: string; value: Record<string, unknown> | undefined }> {
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    let value: Record<string, unknown> | undefined;
    try {
      value = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      value = undefined;
    }
    yield { raw, value };
  }
}

function learnerLinesOfJsonl(text: string, kind: 'rows' | 'problems', isLearner: IsLearner): number[] {
  const lines: number[] = [];
  for (const { value } of jsonLines(text)) {
    if (typeof value?.line !== 'number') continue;
    const who = kind === 'rows' ? (value.recipient as { email?: string; studentId?: string } | undefined) : { email: typeof value.email === 'string' ? value.email : undefined };
    if (who && isLearner(who)) lines.push(value.line);
  }
  return lines;
}

/** A JSON Lines file without the entries of these lines. */
function withoutLines(text: string, lines: ReadonlySet<number>): string {
  const kept = [...jsonLines(text)].filter(({ value }) => !(typeof value?.line === 'number' && lines.has(value.line)));
  return kept.map(({ raw }) => `${raw}\n`).join('');
}

/** The text with these records' physical lines emptied (their line breaks kept, so every other line keeps its number). */
function blankLines(text: string, spans: readonly RecordSpan[]): string {
  const physical = text.split(/(?<=\n)/);
  for (const { first, last } of spans) {
    for (let n = first; n <= last && n <= physical.length; n++) physical[n - 1] = physical[n - 1]!.endsWith('\r\n') ? '\r\n' : physical[n - 1]!.endsWith('\n') ? '\n' : '';
  }
  return physical.join('');
}
