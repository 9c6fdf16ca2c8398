import { AchievementName } from '../components/achievement-name';
import { useState } from 'preact/hooks';
import { ok, type Answer } from '../api';
import { AuditTimeline } from '../components/audit-timeline';
import { ConfirmDialog } from '../components/confirm-dialog';
import { SelectField, TextArea, TextField } from '../components/fields';
import { Loading, Page } from '../components/page';
import { ProblemAlert } from '../components/problem-alert';
import { StatusTag } from '../components/status-tag';
import { useConsole } from '../context';
import { date, dateTime } from '../format';
import { useLoad } from '../load';

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
