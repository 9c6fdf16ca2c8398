import type { Issuance } from '../entities/issuance';
import type { EvidenceRule } from '../domain/achievement-definition';

/**
 * An achievement's evidence rules against what a request (or a cohort row) submitted: each
 * rule passed or failed, with the reason in words for the requester and the audit trail.
 */

export type VerifiedFile = Issuance['verifiedFiles'][number];

/** One rule of the policy against what the request submitted, with the reason in words. */
export function evaluateRule(rule: EvidenceRule, award: Issuance['award'], files: { files: VerifiedFile[]; problems: string[] } = { files: [], problems: [] }): EvidenceResult['rules'][number] {
  switch (rule.kind) {
    case 'uploadedFile': {
      const passed = files.files.length >= rule.minFiles && files.problems.length === 0;
      const found = files.files.map((f) => `'${f.fileName}' (sha256 ${f.sha256.slice(0, 12)}…)`).join(', ') || 'none';
      return { rule: 'uploadedFile', passed, reason: `files present: ${found}; ${rule.minFiles} required${files.problems.length ? `; ${files.problems.join('; ')}` : ''}` };
    }
    case 'minimumScore': {
      const result = award.results.find((r) => r.resultKey === rule.resultKey);
      const score = result?.value !== undefined ? Number(result.value) : NaN;
      if (Number.isNaN(score)) return { rule: `minimumScore:${rule.resultKey}`, passed: false, reason: `no numeric '${rule.resultKey}' result was submitted` };
      return { rule: `minimumScore:${rule.resultKey}`, passed: score >= rule.minimum, reason: `'${rule.resultKey}' is ${score}; the minimum is ${rule.minimum}` };
    }
    case 'completionWindow': {
      const window = `${rule.from ?? 'any time'} – ${rule.until ?? 'any time'}`;
      if (!award.completedAt) return { rule: 'completionWindow', passed: false, reason: `no completion date was submitted (window ${window})` };
      const at = Date.parse(award.completedAt);
      const inside = (!rule.from || at >= Date.parse(rule.from)) && (!rule.until || at <= Date.parse(rule.until));
      return { rule: 'completionWindow', passed: inside, reason: `completed ${award.completedAt}; the window is ${window}` };
    }
    case 'minimumAttendance':
      if (award.attendancePercent === undefined) return { rule: 'minimumAttendance', passed: false, reason: `no attendance was submitted (minimum ${rule.percent}%)` };
      return { rule: 'minimumAttendance', passed: award.attendancePercent >= rule.percent, reason: `attendance ${award.attendancePercent}%; the minimum is ${rule.percent}%` };
    case 'evidenceUrl': {
      const url = award.evidence.find((e) => e.id)?.id;
      return { rule: 'evidenceUrl', passed: Boolean(url), reason: url ? `evidence at ${url}` : 'no evidence URL was submitted' };
    }
    case 'minimumCredits':
      if (award.creditsEarned === undefined) return { rule: 'minimumCredits', passed: false, reason: `no credits were submitted (minimum ${rule.minimum})` };
      return { rule: 'minimumCredits', passed: award.creditsEarned >= rule.minimum, reason: `${award.creditsEarned} credits earned; the minimum is ${rule.minimum}` };
    case 'attestation':
      return award.attestation
        ? { rule: 'attestation', passed: true, reason: `attested by ${award.attestation.assessor}` }
        : { rule: 'attestation', passed: false, reason: 'no assessor attestation was submitted' };
  }
}

export interface EvidenceResult {
  /** ALREADY_APPROVED: a staff retry of an issuance whose approval was given before it failed. */
  decision: 'AUTO_APPROVED' | 'APPROVAL_REQUIRED' | 'ALREADY_APPROVED' | 'REJECTED';
  rules: { rule: string; passed: boolean; reason: string }[];
  /** How long each approval step may wait, in seconds (the approval state's TimeoutSecondsPath). */
  approvalTimeoutSeconds: number;
}

/**
 * One @, something before it, and a dot inside the domain; no whitespace. Written as a scan:
 * the pattern it replaces (^[^@\s]+@[^@\s]+\.[^@\s]+$) takes quadratic time on some inputs.
 */
export function looksDeliverable(address: string): boolean {
  const at = address.indexOf('@');
  if (at <= 0 || address.includes('@', at + 1) || /\s/.test(address)) return false;
  const dot = address.indexOf('.', at + 2);
  return dot > 0 && dot < address.length - 1;
}

