import type { Body } from '../api';

/**
 * The choices an achievement offers, as values the form can list. Their types come from the
 * generated API types, so a list that drifts from what the API accepts fails to compile.
 */
export type AchievementInput = Body<'/achievements', 'post'>;
export type Kind = AchievementInput['kind'];
export type Rule = NonNullable<AchievementInput['rules']>[number];
export type Approval = NonNullable<AchievementInput['approval']>;
export type Alignment = NonNullable<AchievementInput['alignments']>[number];
export type ResultDescription = NonNullable<AchievementInput['resultDescriptions']>[number];
export type Design = NonNullable<AchievementInput['design']>;
export type Reminders = NonNullable<AchievementInput['reminders']>;
export type Renewal = NonNullable<AchievementInput['renewal']>;

/** How credentials of an achievement expire: never, a number of days after issue, or on one date for all. */
export type ValidityMode = 'none' | 'days' | 'date';
export const validityMode = (a: Pick<AchievementInput, 'validityDays' | 'validUntilDate'>): ValidityMode =>
  a.validUntilDate !== undefined ? 'date' : a.validityDays !== undefined ? 'days' : 'none';

/**
 * A date picked in the form as the API's date-time: the end of that day in UTC, so that a
 * credential "valid until 30 June" verifies all of 30 June wherever it is checked from.
 */
export const endOfDay = (day: string) => `${day}T23:59:59Z`;
/** The day of an ISO date-time, as a date input shows it (UTC, as endOfDay wrote it). */
export const dayOf = (iso: string | undefined) => (iso ? new Date(iso).toISOString().slice(0, 10) : '');

/**
 * Reminder days as staff type them ("90, 30, 7, 0"): each entry a number, or NaN for what is not
 * one — sent as it is, so that the API names the entry it refuses rather than the form dropping it.
 */
export const parseDays = (text: string): number[] =>
  text
    .split(/[,\s]+/)
    .map((d) => d.trim())
    .filter(Boolean)
    .map((d) => (/^\d+$/.test(d) ? Number(d) : Number.NaN));

/** The reminders in words: "90, 30 and 7 days before it expires, and on the day". */
export function remindersText(days: readonly number[]): string {
  const before = [...days].filter((d) => d > 0).sort((a, b) => b - a);
  const list = before.length > 1 ? `${before.slice(0, -1).join(', ')} and ${before[before.length - 1]}` : String(before[0] ?? '');
  const parts = [before.length ? `${list} day${before.length === 1 && before[0] === 1 ? '' : 's'} before it expires` : '', days.includes(0) ? 'on the day it expires' : ''].filter(Boolean);
  return parts.join(', and ');
}

export const KIND_LABELS: Record<Kind, string> = {
  course: 'Course',
  project: 'Project',
  assessment: 'Assessment',
  experience: 'Experience',
  competency: 'Competency',
  microcredential: 'Micro-credential',
  badge: 'Badge',
};
export const KINDS = Object.keys(KIND_LABELS) as Kind[];

export const RESULT_TYPES = [
  'Percent', 'LetterGrade', 'GradePointAverage', 'PerformanceLevel', 'PredictedScore', 'RawScore', 'Result',
  'RubricCriterion', 'RubricCriterionLevel', 'RubricScore', 'ScaledScore', 'Status',
] as const satisfies readonly ResultDescription['resultType'][];

export const RULE_LABELS: Record<Rule['kind'], string> = {
  minimumScore: 'Minimum score',
  completionWindow: 'Completed within dates',
  minimumAttendance: 'Minimum attendance',
  evidenceUrl: 'A link to evidence',
  attestation: "An assessor's attestation",
  uploadedFile: 'Uploaded evidence files',
  minimumCredits: 'Continuing education credits',
};

export function newRule(kind: Rule['kind']): Rule {
  switch (kind) {
    case 'minimumScore':
      return { kind, resultKey: 'score', minimum: 70 };
    case 'completionWindow':
      return { kind };
    case 'minimumAttendance':
      return { kind, percent: 80 };
    case 'uploadedFile':
      return { kind, minFiles: 1 };
    case 'minimumCredits':
      return { kind, minimum: 20 };
    default:
      return { kind };
  }
}

/** What a rule asks of an issuer, in words: the Issue form's hints and the approver's checklist. */
export function ruleText(rule: Rule): string {
  switch (rule.kind) {
    case 'minimumScore':
      return `Result "${rule.resultKey}" of at least ${rule.minimum}`;
    case 'completionWindow':
      return `Completed ${rule.from ? `from ${rule.from}` : ''}${rule.from && rule.until ? ' ' : ''}${rule.until ? `until ${rule.until}` : ''}`.trim();
    case 'minimumAttendance':
      return `Attendance of at least ${rule.percent}%`;
    case 'evidenceUrl':
      return 'A link to the evidence';
    case 'attestation':
      return "A named assessor's attestation";
    case 'uploadedFile':
      return `At least ${rule.minFiles ?? 1} uploaded evidence file${(rule.minFiles ?? 1) > 1 ? 's' : ''}`;
    case 'minimumCredits':
      return `At least ${rule.minimum} continuing education credits`;
  }
}

export const BADGE_SHAPES = ['circle', 'hexagon', 'shield', 'rosette'] as const satisfies readonly NonNullable<Design['shape']>[];
export const BADGE_ICONS = ['star', 'check', 'book', 'code', 'leaf', 'trophy', 'none'] as const satisfies readonly NonNullable<Design['icon']>[];
