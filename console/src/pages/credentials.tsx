import { AchievementName } from '../components/achievement-name';
import { useState } from 'preact/hooks';
import { newIdempotencyKey, ok, type Answer, type Body } from '../api';
import { AuditTimeline } from '../components/audit-timeline';
import { ConfirmDialog } from '../components/confirm-dialog';
import { Checkbox, SelectField, TextArea, TextField } from '../components/fields';
import { Loading, Page } from '../components/page';
import { fieldError, ProblemAlert } from '../components/problem-alert';
import { StatusTag } from '../components/status-tag';
import { useConsole } from '../context';
import { date, dateTime } from '../format';
import { useLoad } from '../load';
import { navigate } from '../router';
import { endOfDay, ruleText, type Rule } from './achievement-fields';
import { TranscriptForm } from './transcript';

type Summary = Answer<'/credentials', 'get'>['items'][number];
type Credential = Answer<'/credentials/{id}', 'get'>;
type Status = 'ACTIVE' | 'REVOKED' | 'SUSPENDED';

/**
 * Credentials by achievement and status, or a learner's found by email or student number. The
 * learner search goes in a POST body: an address never lands in the address bar, history or logs.
 */
export function CredentialsPage() {
  const { api } = useConsole();
  const [achievementId, setAchievementId] = useState('');
  const [status, setStatus] = useState<'' | Status>('');
  const [delivery, setDelivery] = useState('');
  const [learner, setLearner] = useState('');
  const [search, setSearch] = useState<string | undefined>();
  const load = useLoad(async () => {
    const filters = { ...(achievementId ? { achievementId } : {}) };
    if (search) {
      const who = search.includes('@') ? { email: search } : { studentId: search };
      return ok(api.POST('/credentials/search', { body: { ...who, ...filters, ...(status ? { status: [status] } : {}), limit: 50 } }));
    }
    return ok(api.GET('/credentials', { params: { query: { ...filters, limit: 50, ...(status ? { status: status as never } : {}), ...(delivery ? { delivery: delivery as never } : {}) } } }));
  }, [achievementId, status, delivery, search]);
  return (
    <Page title="Credentials" lead="Find a credential to see its history, resend it, or change its status.">
      <form
        class="filters"
        role="search"
        aria-label="Find credentials"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(learner.trim() || undefined);
        }}
      >
        <TextField label="Learner's email or student number" value={learner} onValue={setLearner} />
        <TextField label="Achievement id" value={achievementId} onValue={setAchievementId} />
        <SelectField<'' | Status>
          label="Status"
          value={status}
          onValue={setStatus}
          options={[
            { value: '', label: 'Any status' },
            { value: 'ACTIVE', label: 'Active' },
            { value: 'SUSPENDED', label: 'Suspended' },
            { value: 'REVOKED', label: 'Revoked' },
          ]}
        />
        <SelectField
          label="Email"
          value={delivery}
          onValue={setDelivery}
          options={[
            { value: '', label: 'Any' },
            { value: 'BOUNCED,COMPLAINED', label: 'Bounced or complained' },
            { value: 'DELIVERED', label: 'Delivered' },
          ]}
        />
        <button type="submit">Search</button>
      </form>
      <ProblemAlert error={load.error} />
      {!load.data ? <Loading /> : load.data.items.length === 0 ? <p class="empty">No credential matches.</p> : <CredentialTable items={load.data.items} onChanged={load.reload} />}
      <TranscriptForm />
    </Page>
  );
}

function CredentialTable({ items, onChanged }: { items: Summary[]; onChanged(): void }) {
  const { can } = useConsole();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const toggle = (id: string) => setSelected((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));
  const bulk = can('POST /credentials/{id}/revoke');
  return (
    <>
      {bulk && <BulkBar ids={[...selected]} onDone={() => (setSelected(new Set()), onChanged())} />}
      <table>
        <caption class="visually-hidden">Credentials</caption>
        <thead>
          <tr>
            {bulk && <th scope="col">Select</th>}
            <th scope="col">Credential</th>
            <th scope="col">Achievement</th>
            <th scope="col">Status</th>
            <th scope="col">Issued</th>
            <th scope="col">Email</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id}>
              {bulk && (
                <td>
                  <input type="checkbox" aria-label={`Select credential ${c.id.slice(0, 8)}`} checked={selected.has(c.id)} onChange={() => toggle(c.id)} />
                </td>
              )}
              <td>
                <a href={`/credentials/${c.id}`}>Credential {c.id.slice(0, 8)}</a>
              </td>
              <td>{c.achievementId}</td>
              <td>
                <StatusTag status={c.status} />
              </td>
              <td>{date(c.issuedAt)}</td>
              <td>{c.delivery ? <StatusTag status={c.delivery.status} /> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Many at once, one reason, after a preview of how many and which. */
function BulkBar({ ids, onDone }: { ids: string[]; onDone(): void }) {
  return <BulkStatusChange selection={{ credentialIds: ids }} count={ids.length} onDone={onDone} />;
}

type Selection = { credentialIds: string[] } | { batchId: string };
type Preview = Answer<'/credentials/status-changes', 'post'>;

/** Suspend or revoke a selection or a whole batch: a preview (how many, which), then one reason for all. */
export function BulkStatusChange({ selection, count, onDone }: { selection: Selection; count?: number; onDone(): void }) {
  const { api, announce } = useConsole();
  const [action, setAction] = useState<'revoke' | 'suspend' | undefined>();
  const [preview, setPreview] = useState<Preview | undefined>();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const open = async (a: 'revoke' | 'suspend') => {
    setError(undefined);
    setPreview(undefined);
    setAction(a);
    try {
      setPreview(await ok(api.POST('/credentials/status-changes', { body: { action: a, preview: true, ...selection } })));
    } catch (e) {
      setError(e);
    }
  };
  const run = async () => {
    if (!action) return;
    setBusy(true);
    setError(undefined);
    try {
      let changed = 0;
      let unchanged = 0;
      let cursor: string | undefined;
      do {
        const page = await ok(api.POST('/credentials/status-changes', { body: { action, reason, ...selection, ...(cursor ? { cursor } : {}) } }));
        changed += page.changed.length;
        unchanged += page.unchanged.length;
        cursor = page.cursor;
      } while (cursor);
      announce(`${changed} credentials ${action === 'revoke' ? 'revoked' : 'suspended'}; ${unchanged} unchanged.`);
      setAction(undefined);
      setReason('');
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const disabled = count === 0;
  return (
    <div class="bulk">
      {count !== undefined && <span>{count} selected</span>}
      <button type="button" disabled={disabled} onClick={() => void open('suspend')}>
        {count !== undefined ? 'Suspend selected' : 'Suspend all'}
      </button>
      <button type="button" class="danger" disabled={disabled} onClick={() => void open('revoke')}>
        {count !== undefined ? 'Revoke selected' : 'Revoke all'}
      </button>
      <ConfirmDialog
        open={action !== undefined}
        title={`${action === 'revoke' ? 'Revoke' : 'Suspend'} ${preview ? preview.willChange ?? preview.total : ''} credentials?`}
        confirmLabel={action === 'revoke' ? 'Revoke' : 'Suspend'}
        danger
        busy={busy || !preview || !reason.trim()}
        onConfirm={() => void run()}
        onCancel={() => setAction(undefined)}
      >
        <p>{consequence(action ?? 'suspend')}</p>
        {!preview ? (
          <Loading what="Counting" />
        ) : (
          <>
            <p>
              {preview.willChange ?? preview.total} of {preview.total} will change{preview.total > preview.credentials.length ? `; the first ${preview.credentials.length} are listed` : ''}:
            </p>
            <ul class="preview-list">
              {preview.credentials.map((c) => (
                <li key={c.id}>
                  Credential {c.id.slice(0, 8)} · {c.achievementId} · <StatusTag status={c.status} />
                </li>
              ))}
            </ul>
          </>
        )}
        <TextArea label="Reason" required hint="Recorded with each credential and in its audit trail." value={reason} onValue={setReason} />
        <ProblemAlert error={error} />
      </ConfirmDialog>
    </div>
  );
}

/** What the learner and employers will see after a status change, said before it is made. */
function consequence(action: 'revoke' | 'suspend' | 'reinstate'): string {
  if (action === 'revoke') return 'Revoking is permanent. Anyone who verifies the credential, on its page or by machine, is told it was revoked; the learner cannot use it again.';
  if (action === 'suspend') return 'While suspended, anyone who verifies the credential is told it is suspended and not valid. You can reinstate it later.';
  return 'The credential verifies as valid again, on its page and by machine.';
}

/** One credential: status and its history, delivery, and the actions a registrar takes. */
export function CredentialPage({ id }: { id: string }) {
  const { api, can } = useConsole();
  const load = useLoad(() => ok(api.GET('/credentials/{id}', { params: { path: { id } } })), [id]);
  const c = load.data;
  return (
    <Page title={`Credential ${id.slice(0, 8)}`}>
      <ProblemAlert error={load.error} />
      {!c ? (
        <Loading />
      ) : (
        <>
          <CredentialFacts credential={c} />
          {can('POST /credentials/{id}/revoke') && <StatusActions credential={c} onChanged={load.reload} />}
          {can('POST /credentials/{id}/resend') && <Delivery credential={c} onChanged={load.reload} />}
          {can('POST /credentials/{id}/renewals') && c.validUntil && !c.supersededBy && c.status !== 'REVOKED' && <Renew credential={c} />}
          {can('POST /credentials/{id}/corrections') && !c.supersededBy && c.status !== 'REVOKED' && <Correct credential={c} />}
          {can('GET /credentials/{id}/audit') && <History id={c.id} changed={c.status} />}
        </>
      )}
    </Page>
  );
}

/** The credential's own trail, oldest first: issued, delivered, suspended, reinstated, revoked, resent; each with who and why. */
function History({ id, changed }: { id: string; changed: string }) {
  const { api } = useConsole();
  // Read again when the status changes on this page.
  const trail = useLoad(() => ok(api.GET('/credentials/{id}/audit', { params: { path: { id } } })), [id, changed]);
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <ProblemAlert error={trail.error} />
      {!trail.data ? (
        !trail.error && <Loading />
      ) : (
        <>
          <AuditTimeline events={trail.data.events} label="The credential's history" />
          <p>
            <a href={`/audit?credential=${id}`}>Audit trail</a> <span class="muted">(with the chain's check)</span>
          </p>
        </>
      )}
    </section>
  );
}

function CredentialFacts({ credential: c }: { credential: Credential }) {
  return (
    <dl class="facts">
      <dt>Status</dt>
      <dd>
        <StatusTag status={c.status} />
      </dd>
      {c.revocation && (
        <>
          <dt>Revoked</dt>
          <dd>
            {dateTime(c.revocation.at)} by {c.revocation.by}: {c.revocation.reason}
          </dd>
        </>
      )}
      {c.suspension && (
        <>
          <dt>Suspended</dt>
          <dd>
            {dateTime(c.suspension.at)} by {c.suspension.by}: {c.suspension.reason}
          </dd>
        </>
      )}
      {(c.supersedes || c.supersededBy) && (
        <>
          <dt>Renewal chain</dt>
          <dd>
            {/* Replaced is not revoked: it still verifies, and its public page points to the current one. */}
            <ul>
              {c.supersedes && (
                <li>
                  Replaces <a href={`/credentials/${c.supersedes}`}>credential {c.supersedes.slice(0, 8)}</a>
                </li>
              )}
              {c.supersededBy && (
                <li>
                  Replaced by <a href={`/credentials/${c.supersededBy.credentialId}`}>credential {c.supersededBy.credentialId.slice(0, 8)}</a> on {date(c.supersededBy.at)} ({c.supersededBy.reason})
                </li>
              )}
            </ul>
          </dd>
        </>
      )}
      {c.review && (
        <>
          <dt>Needs review</dt>
          <dd>
            Since {dateTime(c.review.at)}: {c.review.reason} (pathway <a href={`/pathways/${c.review.pathwayId}`}>{c.review.pathwayId}</a>; revoked constituent{' '}
            <a href={`/credentials/${c.review.constituentCredentialId}`}>credential {c.review.constituentCredentialId.slice(0, 8)}</a>)
          </dd>
        </>
      )}
      <dt>Achievement</dt>
      <dd>
        <a href={`/achievements/${c.achievementId}`}>
          <AchievementName id={c.achievementId} />
        </a> (version {c.achievementVersion})
      </dd>
      <dt>Issued</dt>
      <dd>{dateTime(c.issuedAt)}</dd>
      <dt>Valid until</dt>
      <dd>{c.validUntil ? date(c.validUntil) : 'Does not expire'}</dd>
      <dt>Email to the learner</dt>
      <dd>{c.delivery ? <><StatusTag status={c.delivery.status} /> {dateTime(c.delivery.at)} {c.delivery.detail}</> : 'Not sent yet'}</dd>
      <dt>Public page</dt>
      <dd>
        <a href={c.publicUrl} target="_blank" rel="noopener noreferrer">
          Open the verification page (new tab)
        </a>
      </dd>
      <dt>Issuance</dt>
      <dd>
        <a href={`/issuances/${c.issuanceId}`}>Issuance {c.issuanceId.slice(0, 8)}</a>
      </dd>
    </dl>
  );
}

function StatusActions({ credential: c, onChanged }: { credential: Credential; onChanged(): void }) {
  const { api, announce } = useConsole();
  const [action, setAction] = useState<'revoke' | 'suspend' | 'reinstate' | undefined>();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const run = async () => {
    if (!action) return;
    try {
      const path = action === 'revoke' ? '/credentials/{id}/revoke' : action === 'suspend' ? '/credentials/{id}/suspend' : '/credentials/{id}/reinstate';
      await ok(api.POST(path, { params: { path: { id: c.id } }, body: reason ? { reason } : {} }));
      announce(`Credential ${action === 'revoke' ? 'revoked' : action === 'suspend' ? 'suspended' : 'reinstated'}.`);
      setAction(undefined);
      setReason('');
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  const label = { revoke: 'Revoke', suspend: 'Suspend', reinstate: 'Reinstate' };
  return (
    <section aria-labelledby="status-heading">
      <h2 id="status-heading">Status</h2>
      <div class="actions">
        {c.status === 'ACTIVE' && (
          <button type="button" onClick={() => setAction('suspend')}>
            Suspend
          </button>
        )}
        {c.status === 'SUSPENDED' && (
          <button type="button" onClick={() => setAction('reinstate')}>
            Reinstate
          </button>
        )}
        {c.status !== 'REVOKED' && (
          <button type="button" class="danger" onClick={() => setAction('revoke')}>
            Revoke
          </button>
        )}
      </div>
      <ConfirmDialog
        open={action !== undefined}
        title={`${action ? label[action] : ''} this credential?`}
        confirmLabel={action ? label[action] : ''}
        danger={action !== 'reinstate'}
        busy={action !== 'reinstate' && !reason.trim()}
        onConfirm={() => void run()}
        onCancel={() => setAction(undefined)}
      >
        <p>{consequence(action ?? 'suspend')}</p>
        <TextArea label="Reason" required={action !== 'reinstate'} hint="Recorded with the credential and in its audit trail." value={reason} onValue={setReason} />
        <ProblemAlert error={error} />
      </ConfirmDialog>
    </section>
  );
}

function Delivery({ credential: c, onChanged }: { credential: Credential; onChanged(): void }) {
  const { api, announce } = useConsole();
  const [email, setEmail] = useState('');
  const [error, setError] = useState<unknown>();
  const resend = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      await ok(api.POST('/credentials/{id}/resend', { params: { path: { id: c.id } }, body: email ? { email } : {} }));
      announce(email ? 'Sent to the corrected address.' : 'Sent again.');
      setEmail('');
      onChanged();
    } catch (problem) {
      setError(problem);
    }
  };
  return (
    <section aria-labelledby="delivery-heading">
      <h2 id="delivery-heading">Email to the learner</h2>
      <form onSubmit={resend} class="inline">
        <TextField label="Corrected email address (optional)" type="email" value={email} onValue={setEmail} />
        <button type="submit">Resend email</button>
      </form>
      <ProblemAlert error={error} />
    </section>
  );
}

type RenewalRequest = Body<'/credentials/{id}/renewals', 'post'>;
const DAY = 86_400_000;

/**
 * Staff renew a credential (recertification) with the evidence its achievement's renewal policy
 * asks for. The window is shown, not enforced here: the API decides it by its own clock (which
 * the local cloud can move), and says why when it refuses.
 */
function Renew({ credential: c }: { credential: Credential }) {
  const { api, announce } = useConsole();
  const achievement = useLoad(() => ok(api.GET('/achievements/{id}', { params: { path: { id: c.achievementId } } })), [c.achievementId]);
  const [draft, setDraft] = useState({ credits: '', results: {} as Record<string, string>, completedAt: '', attendance: '', evidenceUrl: '', narrative: '', assessor: '', statement: '' });
  const [files, setFiles] = useState<File[]>([]);
  // One key per filled form: a double click or a retry after a lost answer is the same renewal.
  const [key, setKey] = useState(newIdempotencyKey);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<typeof draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setKey(newIdempotencyKey());
  };
  const a = achievement.data;
  if (!a) return achievement.error ? <ProblemAlert error={achievement.error} /> : null;
  const policy = a.renewal;
  if (!policy) {
    return (
      <section aria-labelledby="renew-heading">
        <h2 id="renew-heading">Renewal</h2>
        <p class="muted">Its achievement has no renewal policy: the learner earns it again instead.</p>
      </section>
    );
  }
  const rules = (policy.rules ?? []) as Rule[];
  const has = <K extends Rule['kind']>(kind: K) => rules.filter((r): r is Extract<Rule, { kind: K }> => r.kind === kind);
  const expiry = Date.parse(c.validUntil!);
  const opens = new Date(expiry - (policy.opensDaysBefore ?? 90) * DAY).toISOString();
  const closes = new Date(expiry + (policy.graceDays ?? 0) * DAY).toISOString();
  const credits = has('minimumCredits')[0];
  const window = has('completionWindow')[0];
  const attendance = has('minimumAttendance')[0];
  const upload = has('uploadedFile')[0];

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const evidenceFiles = await Promise.all(
        files.map(async (file) => {
          const offer = await ok(api.POST('/evidence-uploads', { body: { fileName: file.name, contentType: file.type || 'application/octet-stream', size: file.size } }));
          const put = await fetch(offer.uploadUrl, { method: 'PUT', headers: offer.headers, body: file });
          if (!put.ok) throw new Error(`The evidence file ${file.name} could not be uploaded (HTTP ${put.status}).`);
          return { uploadId: offer.uploadId };
        }),
      );
      const body: RenewalRequest = {
        results: Object.entries(draft.results)
          .filter(([, v]) => v !== '')
          .map(([resultKey, value]) => ({ resultKey, value })),
        evidence: draft.evidenceUrl || draft.narrative ? [{ ...(draft.evidenceUrl ? { id: draft.evidenceUrl } : {}), ...(draft.narrative ? { narrative: draft.narrative } : {}), name: 'Renewal evidence' }] : [],
        ...(draft.credits ? { creditsEarned: Number(draft.credits) } : {}),
        ...(draft.completedAt ? { completedAt: draft.completedAt } : {}),
        ...(draft.attendance ? { attendancePercent: Number(draft.attendance) } : {}),
        ...(draft.assessor || draft.statement ? { attestation: { assessor: draft.assessor, statement: draft.statement } } : {}),
        evidenceFiles,
      };
      const issuance = await ok(api.POST('/credentials/{id}/renewals', { params: { path: { id: c.id }, header: { 'idempotency-key': key } }, body }));
      announce('Renewal requested.');
      navigate(`/issuances/${issuance.id}`);
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
  };
  const err = (path: string) => fieldError(error, path);
  return (
    <section aria-labelledby="renew-heading">
      <h2 id="renew-heading">Renewal</h2>
      <p>
        Can be renewed from {date(opens)} until {date(closes)}
        {policy.graceDays ? ` (${policy.graceDays} days of grace after it expires)` : ''}. The renewed credential runs {policy.validFrom === 'decision' ? 'from the day the renewal is decided' : 'on from this one’s expiry'}; this one is
        then marked replaced, not revoked.
      </p>
      {rules.length > 0 && (
        <>
          <p>Renewing needs:</p>
          <ul>
            {rules.map((r, i) => (
              <li key={i}>{ruleText(r)}</li>
            ))}
          </ul>
        </>
      )}
      <form class="editor" onSubmit={submit} noValidate>
        <ProblemAlert error={error} />
        <fieldset>
          <legend>Evidence for the renewal</legend>
          {credits && (
            <TextField label="Continuing education credits earned" type="number" required hint={`Minimum ${credits.minimum}`} value={draft.credits} error={err('creditsEarned')} onValue={(v) => set({ credits: v })} />
          )}
          {has('minimumScore').map((r) => (
            <TextField
              key={r.resultKey}
              label={(a.resultDescriptions ?? []).find((d) => d.key === r.resultKey)?.name ?? r.resultKey}
              required
              hint={`Minimum ${r.minimum}`}
              value={draft.results[r.resultKey] ?? ''}
              onValue={(v) => set({ results: { ...draft.results, [r.resultKey]: v } })}
            />
          ))}
          {window && <TextField label="Completed on" type="date" required hint={ruleText(window)} value={draft.completedAt} error={err('completedAt')} onValue={(completedAt) => set({ completedAt })} />}
          {attendance && <TextField label="Attendance (%)" type="number" required hint={`Minimum ${attendance.percent}%`} value={draft.attendance} onValue={(v) => set({ attendance: v })} />}
          <TextField label="Link to the evidence" type="url" required={has('evidenceUrl').length > 0} value={draft.evidenceUrl} error={err('evidence.0.id')} onValue={(evidenceUrl) => set({ evidenceUrl })} />
          <TextArea label="What the learner did" value={draft.narrative} onValue={(narrative) => set({ narrative })} />
          {has('attestation').length > 0 && (
            <>
              <TextField label="Assessor" required value={draft.assessor} onValue={(assessor) => set({ assessor })} />
              <TextArea label="Assessor's statement" required value={draft.statement} onValue={(statement) => set({ statement })} />
            </>
          )}
          {upload && (
            <div class="field">
              <label for="renewal-files">Evidence files</label>
              <p class="hint" id="renewal-files-hint">
                At least {upload.minFiles ?? 1}; each at most 25 MB.
              </p>
              <input id="renewal-files" type="file" multiple aria-describedby="renewal-files-hint" onChange={(e) => (setFiles(Array.from((e.target as HTMLInputElement).files ?? [])), setKey(newIdempotencyKey()))} />
            </div>
          )}
        </fieldset>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Sending…' : 'Request renewal'}
        </button>
      </form>
    </section>
  );
}

type Correction = Body<'/credentials/{id}/corrections', 'post'>;

/**
 * A registrar corrects the learner's name or extends the expiry. A signed credential never changes:
 * the API signs a new one and marks this one replaced (not revoked), so the page goes to the new one.
 */
function Correct({ credential: c }: { credential: Credential }) {
  const { api, announce } = useConsole();
  const [name, setName] = useState('');
  const [publishName, setPublishName] = useState(true);
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body: Correction = {
        reason,
        ...(name.trim() ? { name: name.trim(), publishName } : {}),
        ...(until ? { validUntil: endOfDay(until) } : {}),
      };
      const corrected = await ok(api.POST('/credentials/{id}/corrections', { params: { path: { id: c.id } }, body }));
      announce('Corrected: this is the new credential.');
      navigate(`/credentials/${corrected.id}`);
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="correct-heading">
      <h2 id="correct-heading">Correct or extend</h2>
      <p class="hint">The correction is a new credential with the same award and issue date; this one is marked replaced, not revoked, and its public page links the new one.</p>
      <form class="editor" onSubmit={submit} noValidate>
        <ProblemAlert error={error} />
        <TextField label="Learner's name, corrected" hint="Empty: the name stays as it is." value={name} error={fieldError(error, 'name')} onValue={setName} />
        {name.trim() && <Checkbox label="The learner agreed that their name appears in the credential" checked={publishName} onValue={setPublishName} />}
        <TextField
          label="New expiry"
          type="date"
          hint={`After the current one (${c.validUntil ? date(c.validUntil) : 'none'}); the credential then expires at the end of this day (UTC). Empty: unchanged.`}
          value={until}
          error={fieldError(error, 'validUntil')}
          onValue={setUntil}
        />
        <TextArea label="Reason" required hint="Recorded with both credentials and in their audit trail." value={reason} error={fieldError(error, 'reason')} onValue={setReason} />
        <button type="submit" disabled={busy || !reason.trim() || (!name.trim() && !until)}>
          Correct the credential
        </button>
      </form>
    </section>
  );
}
