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
  }
}

export const BADGE_SHAPES = ['circle', 'hexagon', 'shield', 'rosette'] as const satisfies readonly NonNullable<Design['shape']>[];
export const BADGE_ICONS = ['star', 'check', 'book', 'code', 'leaf', 'trophy', 'none'] as const satisfies readonly NonNullable<Design['icon']>[];
