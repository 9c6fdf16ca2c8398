import { useState } from 'preact/hooks';
import { newIdempotencyKey, ok, type Answer, type Body } from '../api';
import { ConfirmDialog } from '../components/confirm-dialog';
import { Checkbox, SelectField, TextArea, TextField } from '../components/fields';
import { FINAL, fileSummary, IssuanceFacts, IssuanceSteps } from '../components/issuance-view';
import { Loading, Page } from '../components/page';
import { fieldError, ProblemAlert } from '../components/problem-alert';
import { useConsole } from '../context';
import { useLoad } from '../load';
import { navigate } from '../router';
import { ruleText, type Rule } from './achievement-fields';

type Achievement = Answer<'/achievements/{id}', 'get'>;
type Request = Body<'/issuances', 'post'>;

/** Issue to one learner: the form asks for what the achievement's rules check, and says so. */
export function IssuePage() {
  const { api } = useConsole();
  const [achievementId, setAchievementId] = useState(() => new URLSearchParams(location.search).get('achievement') ?? '');
  const list = useLoad(() => ok(api.GET('/achievements', { params: { query: { limit: 100, status: 'active' } } })), []);
  const chosen = list.data?.items.find((a) => a.id === achievementId);
  return (
    <Page title="Issue" lead="Issue a credential to one learner. For a whole cohort, use Cohorts.">
      <ProblemAlert error={list.error} />
      {!list.data ? (
        <Loading />
      ) : (
        <SelectField
          label="Achievement"
          required
          value={achievementId}
          onValue={setAchievementId}
          options={[{ value: '', label: 'Choose an achievement' }, ...list.data.items.map((a) => ({ value: a.id, label: a.name }))]}
        />
      )}
      {chosen && <IssueForm key={chosen.id} achievement={chosen} />}
    </Page>
  );
}

interface Draft {
  email: string;
  name: string;
  publishName: boolean;
  studentId: string;
  results: Record<string, string>;
  completedAt: string;
  attendance: string;
  credits: string;
  evidenceUrl: string;
  narrative: string;
  assessor: string;
  statement: string;
  cohort: string;
  files: File[];
}
const EMPTY: Draft = { email: '', name: '', publishName: false, studentId: '', results: {}, completedAt: '', attendance: '', credits: '', evidenceUrl: '', narrative: '', assessor: '', statement: '', cohort: '', files: [] };

function IssueForm({ achievement }: { achievement: Achievement }) {
  const { api, announce } = useConsole();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  // One key per filled form: a double click or a retry after a lost answer is the same request.
  const [key, setKey] = useState(newIdempotencyKey);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const rules = (achievement.rules ?? []) as Rule[];
  const has = (kind: Rule['kind']) => rules.find((r) => r.kind === kind);
  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setKey(newIdempotencyKey());
  };
  const err = (p: string) => fieldError(error, p);
  const minScore = (k: string) => rules.find((r): r is Extract<Rule, { kind: 'minimumScore' }> => r.kind === 'minimumScore' && r.resultKey === k);
  const files = has('uploadedFile') as Extract<Rule, { kind: 'uploadedFile' }> | undefined;
  const window = has('completionWindow') as Extract<Rule, { kind: 'completionWindow' }> | undefined;
  const attendance = has('minimumAttendance') as Extract<Rule, { kind: 'minimumAttendance' }> | undefined;
  const credits = has('minimumCredits') as Extract<Rule, { kind: 'minimumCredits' }> | undefined;

  const upload = async (file: File) => {
    const offer = await ok(api.POST('/evidence-uploads', { body: { fileName: file.name, contentType: file.type || 'application/octet-stream', size: file.size } }));
    const put = await fetch(offer.uploadUrl, { method: 'PUT', headers: offer.headers, body: file });
    if (!put.ok) throw new Error(`The evidence file ${file.name} could not be uploaded (HTTP ${put.status}).`);
    return { uploadId: offer.uploadId };
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const evidenceFiles = await Promise.all(draft.files.map(upload));
      const body: Request = {
        achievementId: achievement.id,
        recipient: { email: draft.email.trim(), publishName: draft.publishName, ...(draft.name ? { name: draft.name } : {}), ...(draft.studentId ? { studentId: draft.studentId } : {}) },
        results: Object.entries(draft.results)
          .filter(([, v]) => v !== '')
          .map(([resultKey, value]) => ({ resultKey, value })),
        evidence: draft.evidenceUrl || draft.narrative ? [{ ...(draft.evidenceUrl ? { id: draft.evidenceUrl } : {}), ...(draft.narrative ? { narrative: draft.narrative } : {}), name: 'Evidence' }] : [],
        ...(draft.completedAt ? { completedAt: draft.completedAt } : {}),
        ...(draft.attendance ? { attendancePercent: Number(draft.attendance) } : {}),
        ...(draft.credits ? { creditsEarned: Number(draft.credits) } : {}),
        ...(draft.assessor || draft.statement ? { attestation: { assessor: draft.assessor, statement: draft.statement } } : {}),
        ...(draft.cohort ? { cohort: draft.cohort } : {}),
        evidenceFiles,
      };
      const issuance = await ok(api.POST('/issuances', { params: { header: { 'idempotency-key': key } }, body }));
      announce('Request sent.');
      navigate(`/issuances/${issuance.id}`);
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate class="editor">
      {rules.length > 0 && (
        <div class="rules-box">
          <h2>This achievement needs</h2>
          <ul>
            {rules.map((r, i) => (
              <li key={i}>{ruleText(r)}</li>
            ))}
          </ul>
        </div>
      )}
      <ProblemAlert error={error} />
      <fieldset>
        <legend>Learner</legend>
        <TextField label="Email address" type="email" autoComplete="off" required value={draft.email} error={err('recipient.email')} onValue={(email) => set({ email })} />
        <TextField label="Name" value={draft.name} error={err('recipient.name')} onValue={(name) => set({ name })} />
        <Checkbox label="The learner agreed that their name appears in the credential" checked={draft.publishName} onValue={(publishName) => set({ publishName })} />
        <TextField label="Student number" value={draft.studentId} onValue={(studentId) => set({ studentId })} />
      </fieldset>
      <fieldset>
        <legend>Evidence</legend>
        {(achievement.resultDescriptions ?? []).map((d) => {
          const min = minScore(d.key);
          return (
            <TextField
              key={d.key}
              label={d.name}
              required={Boolean(min)}
              hint={[min && `Minimum ${min.minimum}`, d.valueMin !== undefined && d.valueMax !== undefined && `From ${d.valueMin} to ${d.valueMax}`].filter(Boolean).join('. ') || undefined}
              value={draft.results[d.key] ?? ''}
              onValue={(v) => set({ results: { ...draft.results, [d.key]: v } })}
            />
          );
        })}
        {window && (
          <TextField label="Completed on" type="date" required hint={ruleText(window)} value={draft.completedAt} error={err('completedAt')} onValue={(completedAt) => set({ completedAt })} />
        )}
        {attendance && (
          <TextField label="Attendance (%)" type="number" required hint={`Minimum ${attendance.percent}%`} value={draft.attendance} onValue={(v) => set({ attendance: v })} />
        )}
        {credits && (
          <TextField label="Continuing education credits earned" type="number" required hint={`Minimum ${credits.minimum}`} value={draft.credits} error={err('creditsEarned')} onValue={(v) => set({ credits: v })} />
        )}
        <TextField label="Link to the evidence" type="url" required={Boolean(has('evidenceUrl'))} value={draft.evidenceUrl} error={err('evidence.0.id')} onValue={(evidenceUrl) => set({ evidenceUrl })} />
        <TextArea label="What the learner did" value={draft.narrative} onValue={(narrative) => set({ narrative })} />
        {has('attestation') && (
          <>
            <TextField label="Assessor" required value={draft.assessor} onValue={(assessor) => set({ assessor })} />
            <TextArea label="Assessor's statement" required value={draft.statement} onValue={(statement) => set({ statement })} />
          </>
        )}
        {files && <FileField min={files.minFiles ?? 1} onFiles={(f) => set({ files: f })} />}
        <TextField label="Cohort" hint="An intake such as 2026-autumn, for lists and reports." value={draft.cohort} onValue={(cohort) => set({ cohort })} />
      </fieldset>
      <button type="submit" class="primary" disabled={busy}>
        {busy ? 'Sending…' : 'Issue credential'}
      </button>
    </form>
  );
}

function FileField({ min, onFiles }: { min: number; onFiles(f: File[]): void }) {
  return (
    <div class="field">
      <label for="evidence-files">Evidence files</label>
      <p class="hint" id="evidence-files-hint">
        At least {min}; each at most 25 MB.
      </p>
      <input id="evidence-files" type="file" multiple aria-describedby="evidence-files-hint" onChange={(e) => onFiles(Array.from((e.target as HTMLInputElement).files ?? []))} />
    </div>
  );
}

/** One issuance, live: its steps refresh until it is issued, waits for someone, or ends. */
export function IssuancePage({ id }: { id: string }) {
  const { api, can, announce } = useConsole();
  const load = useLoad(() => ok(api.GET('/issuances/{id}', { params: { path: { id } } })), [id], 2_000);
  const [dialog, setDialog] = useState<'cancel' | 'exception' | undefined>();
  const [reason, setReason] = useState('');
  const [justification, setJustification] = useState('');
  const [error, setError] = useState<unknown>();
  const [dialogError, setDialogError] = useState<unknown>();
  const i = load.data;
  const act = async (what: 'retry' | 'cancel' | 'exception') => {
    try {
      if (what === 'retry') await ok(api.POST('/issuances/{id}/retry', { params: { path: { id } } }));
      else if (what === 'cancel') await ok(api.POST('/issuances/{id}/cancel', { params: { path: { id } }, body: { reason } }));
      else await ok(api.POST('/issuances/{id}/exception', { params: { path: { id } }, body: { justification } }));
      setDialog(undefined);
      setDialogError(undefined);
      announce(what === 'retry' ? 'Running again.' : what === 'cancel' ? 'Request withdrawn.' : 'Exception asked for: the request goes to an approver.');
      load.reload();
    } catch (e) {
      if (what === 'retry') setError(e);
      else setDialogError(e);
    }
  };
  const close = () => {
    setDialogError(undefined);
    setDialog(undefined);
  };
  // Only the evidence check's rejection can be answered with an exception, and once.
  const exceptionPossible = i?.status === 'REJECTED' && i.rejection?.stage === 'evidence' && !i.award.exception;
  return (
    <Page title={`Issuance ${id.slice(0, 8)}`} lead={i && !FINAL.includes(i.status) ? (i.status === 'AWAITING_APPROVAL' ? `Waiting for ${i.approval?.role ?? 'an approver'}.` : 'In progress; this page updates itself.') : undefined}>
      <ProblemAlert error={load.error ?? error} />
      {!i ? (
        <Loading />
      ) : (
        <>
          <IssuanceFacts issuance={i} />
          {i.verifiedFiles.length > 0 && (
            <>
              <h2>Evidence files</h2>
              <ul>
                {i.verifiedFiles.map((f) => (
                  <li key={f.uploadId}>
                    {fileSummary(f)}
                  </li>
                ))}
              </ul>
            </>
          )}
          <h2>Steps</h2>
          <IssuanceSteps issuance={i} />
          <div class="actions">
            {i.status === 'FAILED' && can('POST /issuances/{id}/retry') && (
              <button type="button" onClick={() => void act('retry')}>
                Retry
              </button>
            )}
            {['REQUESTED', 'AWAITING_APPROVAL'].includes(i.status) && can('POST /issuances/{id}/cancel') && (
              <button type="button" onClick={() => setDialog('cancel')}>
                Withdraw request
              </button>
            )}
            {exceptionPossible && can('POST /issuances/{id}/exception') && (
              <button type="button" onClick={() => setDialog('exception')}>
                Ask for an exception
              </button>
            )}
            {can('GET /issuances/{id}/audit') && <a href={`/audit?issuance=${i.id}`}>Audit trail</a>}
          </div>
          <ConfirmDialog open={dialog === 'cancel'} title="Withdraw this request?" confirmLabel="Withdraw request" danger problem={dialogError} onConfirm={() => void act('cancel')} onCancel={close}>
            <p>Nothing will be issued, and approvers will no longer see it.</p>
            <TextField label="Reason" required value={reason} onValue={setReason} />
          </ConfirmDialog>
          <ConfirmDialog
            open={dialog === 'exception'}
            title="Ask for an exception?"
            confirmLabel="Ask for an exception"
            busy={!justification.trim()}
            problem={dialogError}
            onConfirm={() => void act('exception')}
            onCancel={close}
          >
            <p>The request goes to an approver, flagged as an exception, with the rules it failed and your justification. It can be asked for once; the approver's decision is final.</p>
            <TextArea label="Justification" hint="Why this learner should be awarded although a rule was not met. Approvers and auditors read it." required value={justification} onValue={setJustification} />
          </ConfirmDialog>
        </>
      )}
    </Page>
  );
}
