import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import * as z from '../zod';
import { built } from '../built';
import { requestIssuanceBody, type EvidenceRule } from '../api/schemas';
import type { Achievement } from '../entities/achievement';
import type { RowProblem } from '../entities/batch';
import { zodIssues } from '../http/zod-issues';

/**
 * The columns of a cohort file and how each maps onto an issuance request. Headers are matched
 * without regard to case, spaces or dashes ("Student Number" = student_number); a column the
 * file names but Laurel does not know is a problem of the file, not something silently dropped.
 */
export const COLUMNS = {
  email: { aliases: ['email_address', 'e_mail'], description: "the learner's email (the credential is delivered there; never published)" },
  name: { aliases: ['full_name', 'learner_name'], description: "the learner's name" },
  publish_name: { aliases: [], description: 'yes when the learner agreed that their name appears in the credential' },
  student_number: { aliases: ['student_id', 'student_no'], description: 'the SIS student number (hashed in the credential)' },
  orcid: { aliases: [], description: 'an ORCID iD (hashed in the credential)' },
  score: { aliases: ['grade', 'mark'], description: "the result of the achievement's score rule (or its one result description)" },
  completion_date: { aliases: ['completed_at', 'completed', 'completion'], description: 'when the learner completed it: 2026-06-30 or an ISO 8601 date-time' },
  activity_start_date: { aliases: ['start_date'], description: 'when the activity began' },
  evidence_url: { aliases: ['evidence'], description: 'a link to the evidence (portfolio, project, assessment)' },
  narrative: { aliases: ['evidence_narrative'], description: "this learner's narrative of the evidence" },
  attendance_percent: { aliases: ['attendance'], description: 'attendance, 0–100' },
  credits: { aliases: ['credits_earned'], description: 'credits earned' },
  term: { aliases: [], description: 'the academic term' },
  role: { aliases: [], description: "the learner's role (experience-based achievements)" },
} as const;
export type Column = keyof typeof COLUMNS | `result:${string}`;

/** One validated row, as the map's items carry it to the child workflows. */
export const batchRow = /* @__PURE__ */ built(() => z.object({
  line: z.number().check(z.int(), z.positive()),
  recipient: requestIssuanceBody.shape.recipient,
  award: z.partial(z.omit(requestIssuanceBody, { achievementId: true, recipient: true })),
}));
export type BatchRow = z.infer<typeof batchRow>;

const normalizeHeader = (h: string) => {
  const t = h.trim().replace(/^\uFEFF/, '').toLowerCase();
  if (t.startsWith('result:')) return `result:${t.slice(7).trim()}`;
  return t.replace(/[\s-]+/g, '_');
};

/** The result key a `score` column reports: the score rule's, or the achievement's only result. */
export function scoreKey(achievement: Pick<Achievement, 'rules' | 'resultDescriptions'>): string | undefined {
  const rule = achievement.rules.find((r): r is Extract<EvidenceRule, { kind: 'minimumScore' }> => r.kind === 'minimumScore');
  return rule?.resultKey ?? (achievement.resultDescriptions.length === 1 ? achievement.resultDescriptions[0]!.key : undefined);
}

/** Columns every row of this achievement must fill (its rules need them). */
export function requiredColumns(achievement: Pick<Achievement, 'rules'>): Column[] {
  const required: Column[] = ['email'];
  for (const rule of achievement.rules) {
    if (rule.kind === 'minimumScore') required.push('score');
    if (rule.kind === 'completionWindow') required.push('completion_date');
    if (rule.kind === 'minimumAttendance') required.push('attendance_percent');
    if (rule.kind === 'evidenceUrl') required.push('evidence_url');
  }
  return required;
}

/** Rules a file cannot satisfy: they need something per learner that is not a column. */
export function unbatchableRules(achievement: Pick<Achievement, 'rules'>): string[] {
  return achievement.rules.flatMap((r) =>
    r.kind === 'uploadedFile' ? ['uploadedFile: each learner needs uploaded evidence files; issue these one by one'] : r.kind === 'attestation' ? ['attestation: each learner needs an assessor attestation; issue these one by one'] : [],
  );
}

/**
 * Whether a file's column (a CSV header, a JSON Lines key) names the learner's email or student
 * number, by the same names and aliases as mapHeader: what a learner's erasure looks for in a
 * cohort file, without the achievement the rest of the header needs.
 */
export function identityColumnOf(header: string): 'email' | 'student_number' | undefined {
  const h = normalizeHeader(header);
  for (const column of ['email', 'student_number'] as const) if (h === column || (COLUMNS[column].aliases as readonly string[]).includes(h)) return column;
  return undefined;
}

export interface HeaderMap {
  /** File column index → Laurel column. */
  columns: (Column | undefined)[];
  problems: RowProblem[];
}

/** What a column mapping may name for a file's header: one of Laurel's columns, `result:<key>`, or `ignore`. */
export const IGNORE_COLUMN = 'ignore';

/**
 * Maps a file's header row; problems are file-level (line 1). `mapping` (the batch's `columns`)
 * names, for a header the file spells its own way, the Laurel column it holds, or `ignore`; a
 * header it names is matched after that as if the file had used the Laurel name.
 */
export function mapHeader(headers: string[], achievement: Pick<Achievement, 'rules' | 'resultDescriptions'>, line = 1, mapping: Record<string, string> = {}): HeaderMap {
  const known = new Map<string, Column>();
  for (const [name, def] of Object.entries(COLUMNS)) for (const alias of [name, ...def.aliases]) known.set(alias, name as Column);
  const results = new Set(achievement.resultDescriptions.map((d) => d.key));
  const problems: RowProblem[] = [];
  const seen = new Set<Column>();
  const chosen = new Map(Object.entries(mapping).map(([from, to]) => [normalizeHeader(from), to]));
  const columns = headers.map((raw) => {
    const mapped = chosen.get(normalizeHeader(raw));
    if (mapped === IGNORE_COLUMN) return undefined;
    const h = normalizeHeader(mapped ?? raw);
    if (!h) return undefined;
    let column: Column | undefined = known.get(h);
    if (h.startsWith('result:')) {
      const key = h.slice(7);
      if (results.has(key)) column = `result:${key}`;
      else problems.push({ line, column: raw, problem: `'${key}' is not a result of this achievement${results.size ? ` (known: ${[...results].join(', ')})` : ''}` });
    } else if (!column) {
      problems.push({ line, column: raw, problem: `unknown column; known: ${Object.keys(COLUMNS).join(', ')}${results.size ? ', result:<key>' : ''}` });
    }
    if (column && seen.has(column)) {
      problems.push({ line, column: raw, problem: `the column ${column} appears twice` });
      return undefined;
    }
    if (column) seen.add(column);
    return column;
  });
  if (seen.has('score') && !scoreKey(achievement)) {
    problems.push({ line, column: 'score', problem: 'this achievement has no score rule and more than one result description: name the result as result:<key>' });
  }
  for (const column of requiredColumns(achievement)) {
    if (!seen.has(column)) problems.push({ line, column, problem: 'a required column is missing from the header' });
  }
  return { columns, problems };
}

const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0', '']);
const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const asDateTime = (v: string) => (isoDay.test(v) ? `${v}T00:00:00Z` : v);

/** Where a schema path points in the file. */
const COLUMN_OF: [RegExp, Column][] = [
  [/^recipient\.email/, 'email'],
  [/^recipient\.name/, 'name'],
  [/^recipient\.studentId/, 'student_number'],
  [/^recipient\.orcid/, 'orcid'],
  [/^completedAt/, 'completion_date'],
  [/^activityStartDate/, 'activity_start_date'],
  [/^evidence\.0\.id/, 'evidence_url'],
  [/^evidence\.0\.narrative/, 'narrative'],
  [/^attendancePercent/, 'attendance_percent'],
  [/^creditsEarned/, 'credits'],
  [/^term/, 'term'],
  [/^role/, 'role'],
];

/**
 * One file row → a validated row, or its problems (each naming the column). The row must also
 * pass the achievement's rules: a score below the minimum is reported now, not after issuing.
 */
export function parseRow(
  values: Record<string, string>,
  line: number,
  achievement: Pick<Achievement, 'rules' | 'resultDescriptions'>,
  evaluate: (rule: EvidenceRule, award: BatchRow['award']) => { rule: string; passed: boolean; reason: string },
): { row: BatchRow } | { problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const v = (c: Column) => values[c]?.trim() ?? '';
  for (const column of requiredColumns(achievement)) if (!v(column)) problems.push({ line, column, problem: 'required, but empty' });
  const number = (c: Column) => {
    if (!v(c)) return undefined;
    const n = Number(v(c));
    if (Number.isNaN(n)) problems.push({ line, column: c, problem: `'${v(c)}' is not a number` });
    return Number.isNaN(n) ? undefined : n;
  };
  const publish = v('publish_name').toLowerCase();
  if (!YES.has(publish) && !NO.has(publish)) problems.push({ line, column: 'publish_name', problem: `'${v('publish_name')}' is not yes or no` });
  const key = scoreKey(achievement);
  const results = [
    ...(v('score') && key ? [{ resultKey: key, value: v('score') }] : []),
    ...Object.keys(values)
      .filter((c) => c.startsWith('result:') && v(c as Column))
      .map((c) => ({ resultKey: c.slice(7), value: v(c as Column) })),
  ];
  const evidence = v('evidence_url') || v('narrative') ? [{ ...(v('evidence_url') ? { id: v('evidence_url') } : {}), ...(v('narrative') ? { narrative: v('narrative') } : {}) }] : [];
  const input = {
    recipient: {
      email: v('email'),
      ...(v('name') ? { name: v('name') } : {}),
      publishName: YES.has(publish),
      ...(v('student_number') ? { studentId: v('student_number') } : {}),
      ...(v('orcid') ? { orcid: v('orcid') } : {}),
    },
    award: {
      evidence,
      results,
      ...(v('completion_date') ? { completedAt: asDateTime(v('completion_date')) } : {}),
      ...(v('activity_start_date') ? { activityStartDate: asDateTime(v('activity_start_date')) } : {}),
      ...(number('attendance_percent') !== undefined ? { attendancePercent: number('attendance_percent') } : {}),
      ...(number('credits') !== undefined ? { creditsEarned: number('credits') } : {}),
      ...(v('term') ? { term: v('term') } : {}),
      ...(v('role') ? { role: v('role') } : {}),
    },
  };
  const parsed = batchRow.safeParse({ line, ...input });
  if (!parsed.success) {
    for (const issue of zodIssues(parsed.error, '')) {
      const path = issue.path.replace(/^\./, '').replace(/^award\./, '');
      const column = COLUMN_OF.find(([re]) => re.test(path))?.[1] ?? (path.startsWith('results') ? 'score' : path);
      // An empty required value is already reported once.
      if (!problems.some((p) => p.column === column)) problems.push({ line, column, problem: issue.message });
    }
  }
  if (problems.length || !parsed.success) return { problems };
  const failed = achievement.rules.map((rule) => evaluate(rule, parsed.data.award)).filter((r) => !r.passed);
  if (failed.length) return { problems: failed.map((r) => ({ line, column: columnOfRule(r.rule), problem: `${r.rule}: ${r.reason}` })) };
  return { row: parsed.data };
}

const columnOfRule = (rule: string): string =>
  rule.startsWith('minimumScore') ? 'score' : rule === 'completionWindow' ? 'completion_date' : rule === 'minimumAttendance' ? 'attendance_percent' : rule === 'evidenceUrl' ? 'evidence_url' : rule;

/** The template file staff fill in for an achievement: its columns, required ones first, and one example row. */
export function templateCsv(achievement: Pick<Achievement, 'rules' | 'resultDescriptions'>): string {
  const required = requiredColumns(achievement);
  const key = scoreKey(achievement);
  const optional: Column[] = ['name', 'publish_name', 'student_number', 'completion_date', 'evidence_url', 'narrative'];
  if (key && !required.includes('score')) optional.push('score');
  const extraResults = achievement.resultDescriptions.filter((d) => d.key !== key).map((d) => `result:${d.key}` as Column);
  const columns = [...new Set<Column>([...required, ...optional, ...extraResults])];
  const example: Record<string, string> = {
    email: 'ada.lovelace@example.edu',
    name: 'Ada Lovelace',
    publish_name: 'yes',
    student_number: 'S1234567',
    completion_date: '2026-06-30',
    evidence_url: 'https://portfolio.example.edu/ada/capstone',
    narrative: 'Built and presented the capstone project.',
    score: '92',
    attendance_percent: '95',
  };
  return `${csvLine(columns)}\r\n${csvLine(columns.map((c) => example[c] ?? ''))}\r\n`;
}

/** One CSV line (RFC 4180 quoting), with formula-leading cells neutralized for spreadsheets. */
export function csvLine(cells: readonly (string | number | undefined)[]): string {
  return cells
    .map((cell) => {
      let s = cell === undefined ? '' : String(cell);
      if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
      return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(',');
}

/** A file's records with their line numbers, streamed: memory stays flat whatever the file's size. */
export async function* readRecords(body: Readable, format: 'csv' | 'jsonl'): AsyncGenerator<{ line: number; header?: string[]; values?: string[]; json?: unknown; error?: string }> {
  if (format === 'csv') {
    const parser = body.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, max_record_size: 64 * 1024 }));
    let first = true;
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        if (first) {
          first = false;
          yield { line: info.lines, header: record };
        } else yield { line: info.lines, values: record };
      }
    } catch (e) {
      yield { line: (e as { lines?: number }).lines ?? 0, error: `the CSV cannot be read: ${(e as Error).message}` };
    }
    return;
  }
  let line = 0;
  for await (const text of createInterface({ input: body, crlfDelay: Infinity })) {
    line++;
    if (!text.trim()) continue;
    try {
      yield { line, json: JSON.parse(text) };
    } catch (e) {
      yield { line, error: `not JSON: ${(e as Error).message}` };
    }
  }
}
