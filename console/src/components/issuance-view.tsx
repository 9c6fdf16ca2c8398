import { AchievementName } from './achievement-name';
import type { Answer } from '../api';
import { dateTime } from '../format';
import { StatusTag } from './status-tag';

export type Issuance = Answer<'/issuances/{id}', 'get'>;
const STEPS = ['EvidenceCheck', 'Approval', 'Sign', 'Store', 'Deliver', 'Record'] as const;
const STEP_LABELS: Record<(typeof STEPS)[number], string> = {
  EvidenceCheck: 'Evidence checked against the rules',
  Approval: 'Approved',
  Sign: 'Signed',
  Store: 'Stored',
  Deliver: 'Emailed to the learner',
  Record: 'Recorded',
};
export const FINAL = ['ISSUED', 'REJECTED', 'FAILED', 'EXPIRED', 'CANCELLED'];

/** The learner as the API shows them to this role (masked where the role does not need the address), or that they were erased. */
export function learnerText(i: Pick<Issuance, 'recipient'>): string {
  const r = i.recipient as { erased?: true; email?: string; name?: string; studentId?: string };
  if (r.erased) return 'Erased learner';
  return [r.name, r.email, r.studentId && `student ${r.studentId}`].filter(Boolean).join(' · ');
}

/** An issuance's steps as a list a screen reader reads in order, each with its outcome and time. */
/** An evidence file as the evidence check found it: name, size and the start of its SHA-256. */
export const fileSummary = (f: Issuance['verifiedFiles'][number]) => `${f.fileName} (${Math.ceil(f.size / 1024)} KB, SHA-256 ${f.sha256.slice(0, 12)}…)`;

export function IssuanceSteps({ issuance }: { issuance: Issuance }) {
  const steps = issuance.steps as Record<string, { status: string; at: string; detail?: string }>;
  return (
    <ol class="steps">
      {STEPS.map((name) => {
        const s = steps[name];
        return (
          <li key={name} class={s ? s.status.toLowerCase() : 'pending'}>
            <span class="step-name">{STEP_LABELS[name]}</span> {s ? <StatusTag status={s.status} /> : <span class="tag muted">Not yet</span>}
            {s && <span class="muted"> {dateTime(s.at)}</span>}
            {s?.detail && <div class="muted">{s.detail}</div>}
          </li>
        );
      })}
    </ol>
  );
}

export function IssuanceFacts({ issuance }: { issuance: Issuance }) {
  return (
    <dl class="facts">
      <dt>Status</dt>
      <dd>
        <StatusTag status={issuance.status} />
      </dd>
      <dt>Learner</dt>
      <dd>{learnerText(issuance)}</dd>
      <dt>Achievement</dt>
      <dd>
        <a href={`/achievements/${issuance.achievementId}`}>
          <AchievementName id={issuance.achievementId} />
        </a> (version {issuance.achievementVersion})
      </dd>
      <dt>Requested</dt>
      <dd>
        {dateTime(issuance.requestedAt)} by {issuance.requestedBy.name}
      </dd>
      {issuance.status === 'AWAITING_APPROVAL' && issuance.approval?.dueAt && (
        <>
          <dt>Expires if undecided</dt>
          <dd>
            <time dateTime={issuance.approval.dueAt}>{dateTime(issuance.approval.dueAt)}</time> (step {(issuance.approval.step ?? 0) + 1}: {issuance.approval.role})
          </dd>
        </>
      )}
      {issuance.approvals.length > 0 && (
        <>
          <dt>Decisions</dt>
          <dd>
            <ul>
              {issuance.approvals.map((a) => (
                <li key={a.step}>
                  {a.decision === 'APPROVED' ? 'Approved' : 'Rejected'} as {a.role} by {a.decidedBy.name}, {dateTime(a.decidedAt)}
                  {a.comment ? `: “${a.comment}”` : ''}
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
      {issuance.rejection && (
        <>
          <dt>Rejected</dt>
          <dd>
            At {issuance.rejection.stage}: {issuance.rejection.reason}
          </dd>
        </>
      )}
      {issuance.failure && (
        <>
          <dt>Failed</dt>
          <dd>
            At {issuance.failure.step}: {issuance.failure.error}
          </dd>
        </>
      )}
      {issuance.status === 'ISSUED' && (
        <>
          <dt>Credential</dt>
          <dd>
            <a href={`/credentials/${issuance.credentialId}`}>Credential {issuance.credentialId}</a>
          </dd>
        </>
      )}
    </dl>
  );
}
