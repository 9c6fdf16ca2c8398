import { useState } from 'preact/hooks';
import { ok, type Answer } from '../api';
import { ConfirmDialog } from '../components/confirm-dialog';
import { Checkbox, TextArea, TextField } from '../components/fields';
import { Loading, Page } from '../components/page';
import { fieldError, ProblemAlert } from '../components/problem-alert';
import { StatusTag } from '../components/status-tag';
import { useConsole } from '../context';
import { dateTime } from '../format';
import { useLoad } from '../load';

type Issuer = Answer<'/issuers/{issuerId}', 'get'>;
type Key = Answer<'/issuers/{issuerId}/keys', 'get'>['items'][number];

/** The bodies that award credentials (faculties, campuses, partners), each with its own profile and keys. */
export function IssuersPage() {
  const { api } = useConsole();
  const load = useLoad(() => ok(api.GET('/issuers', { params: { query: { limit: 50 } } })), []);
  return (
    <Page title="Issuers" lead="Who awards your credentials, as the credentials name them, and the keys that sign them.">
      <ProblemAlert error={load.error} />
      {!load.data ? (
        <Loading />
      ) : (
        <ul class="cards">
          {load.data.items.map((i) => (
            <li key={i.issuerId}>
              <a href={`/issuers/${i.issuerId}`}>{i.name}</a> <span class="muted">({i.issuerId})</span>
              <div class="muted">{i.url}</div>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

export function IssuerPage({ issuerId }: { issuerId: string }) {
  const { api, can } = useConsole();
  const load = useLoad(() => ok(api.GET('/issuers/{issuerId}', { params: { path: { issuerId } } })), [issuerId]);
  return (
    <Page title={load.data?.name ?? 'Issuer'}>
      <ProblemAlert error={load.error} />
      {!load.data ? <Loading /> : <Profile issuer={load.data} onSaved={load.reload} />}
      {can('GET /issuers/{issuerId}/keys') && <Keys issuerId={issuerId} />}
    </Page>
  );
}

function Profile({ issuer, onSaved }: { issuer: Issuer; onSaved(): void }) {
  const { api, can, announce } = useConsole();
  const [draft, setDraft] = useState({ name: issuer.name, url: issuer.url, email: issuer.email ?? '', description: issuer.description ?? '', linkedInOrganizationId: issuer.linkedInOrganizationId ?? '' });
  // The public directory of learners who opted in: off, and not indexed, until the issuer says so.
  const savedDirectory = { enabled: issuer.directory?.enabled ?? false, searchEngines: issuer.directory?.searchEngines ?? false };
  const [directory, setDirectory] = useState(savedDirectory);
  const [error, setError] = useState<unknown>();
  const editable = can('PATCH /issuers/{issuerId}');
  const save = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      const directoryChanged = directory.enabled !== savedDirectory.enabled || directory.searchEngines !== savedDirectory.searchEngines;
      const changed = {
        ...Object.fromEntries(Object.entries(draft).filter(([k, v]) => v !== ((issuer as Record<string, unknown>)[k] ?? ''))),
        ...(directoryChanged ? { directory } : {}),
      };
      if (!Object.keys(changed).length) return announce('Nothing changed.');
      await ok(api.PATCH('/issuers/{issuerId}', { params: { path: { issuerId: issuer.issuerId } }, body: changed }));
      announce('Profile saved. New credentials carry it.');
      onSaved();
    } catch (problem) {
      setError(problem);
    }
  };
  const set = (patch: Partial<typeof draft>) => setDraft((d) => ({ ...d, ...patch }));
  return (
    <form onSubmit={save} class="editor" noValidate>
      <h2>Profile</h2>
      <ProblemAlert error={error} />
      <fieldset disabled={!editable}>
        <legend class="visually-hidden">Profile</legend>
        <TextField label="Name" required value={draft.name} error={fieldError(error, 'name')} onValue={(name) => set({ name })} />
        <TextField label="Website" type="url" required value={draft.url} error={fieldError(error, 'url')} onValue={(url) => set({ url })} />
        <TextField label="Contact email" type="email" value={draft.email} error={fieldError(error, 'email')} onValue={(email) => set({ email })} />
        <TextArea label="Description" value={draft.description} onValue={(description) => set({ description })} />
        <TextField
          label="LinkedIn organization id"
          hint="The number in your LinkedIn page's admin address: learners' Add to profile then names this page."
          inputMode="numeric"
          value={draft.linkedInOrganizationId}
          error={fieldError(error, 'linkedInOrganizationId')}
          onValue={(linkedInOrganizationId) => set({ linkedInOrganizationId })}
        />
      </fieldset>
      <fieldset disabled={!editable}>
        <legend>Public directory</legend>
        <Checkbox
          label="Publish a public directory of the learners who opt in"
          hint="Learners choose on their claim page; the directory shows their name and credentials with each one's status, never an email."
          checked={directory.enabled}
          onValue={(enabled) => setDirectory((d) => ({ ...d, enabled }))}
        />
        <Checkbox
          label="Let search engines index the directory"
          hint="Off: the directory asks search engines not to index it (noindex)."
          checked={directory.searchEngines}
          onValue={(searchEngines) => setDirectory((d) => ({ ...d, searchEngines }))}
        />
        {issuer.directory?.enabled && (
          <p class="muted">
            At <code>/directory/{issuer.issuerId}</code> on the public address.
          </p>
        )}
      </fieldset>
      {editable && (
        <button type="submit" class="primary">
          Save profile
        </button>
      )}
      <p class="muted">Last changed {dateTime(issuer.updatedAt ?? issuer.createdAt)}.</p>
    </form>
  );
}

function Keys({ issuerId }: { issuerId: string }) {
  const { api, can, announce } = useConsole();
  const load = useLoad(() => ok(api.GET('/issuers/{issuerId}/keys', { params: { path: { issuerId } } })), [issuerId]);
  const [rotating, setRotating] = useState(false);
  const [compromised, setCompromised] = useState<Key | undefined>();
  const [from, setFrom] = useState('');
  const [reason, setReason] = useState('');
  // A refusal shows in the dialog that asked, and goes with it.
  const [error, setError] = useState<unknown>();
  const rotate = async () => {
    try {
      await ok(api.POST('/issuers/{issuerId}/keys/rotate', { params: { path: { issuerId } } }));
      setError(undefined);
      setRotating(false);
      announce('A new key signs from now on.');
      load.reload();
    } catch (e) {
      setError(e);
    }
  };
  const compromise = async () => {
    if (!compromised) return;
    try {
      // The date field gives YYYY-MM-DD; the API takes an ISO 8601 date-time: the start of that day (UTC).
      await ok(api.POST('/issuers/{issuerId}/keys/{keyId}/compromise', { params: { path: { issuerId, keyId: compromised.keyId } }, body: { from: `${from}T00:00:00Z`, reason } }));
      setError(undefined);
      setCompromised(undefined);
      announce('The key is marked compromised.');
      load.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="keys-heading">
      <h2 id="keys-heading">Signing keys</h2>
      <ProblemAlert error={load.error} />
      {!load.data ? (
        <Loading />
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {load.data.items.map((k) => (
              <tr key={k.keyId}>
                <td>
                  <a href={k.url}>{k.keyId.slice(0, 12)}</a> <span class="muted">{k.algorithm}</span>
                </td>
                <td>
                  <StatusTag status={k.status} />
                </td>
                <td>{dateTime(k.createdAt)}</td>
                <td>
                  {k.status !== 'COMPROMISED' && can('POST /issuers/{issuerId}/keys/{keyId}/compromise') && (
                    <button type="button" class="danger" onClick={() => setCompromised(k)}>
                      Report compromised
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {can('POST /issuers/{issuerId}/keys/rotate') && (
        <button type="button" onClick={() => setRotating(true)}>
          Rotate key
        </button>
      )}
      <ConfirmDialog
        open={rotating}
        title="Rotate the signing key?"
        confirmLabel="Rotate key"
        problem={error}
        onConfirm={() => void rotate()}
        onCancel={() => {
          setError(undefined);
          setRotating(false);
        }}
      >
        <p>A new key signs every credential from now on. The current key retires but keeps verifying what it signed: existing credentials stay valid and nobody needs to do anything.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={compromised !== undefined}
        title="Report this key compromised?"
        confirmLabel="Report compromised"
        danger
        busy={!from || !reason.trim()}
        problem={error}
        onConfirm={() => void compromise()}
        onCancel={() => {
          setError(undefined);
          setCompromised(undefined);
        }}
      >
        <p>
          Nothing this key signed will verify any more: every credential it signed shows as not valid to employers, on its page and by machine, until you reissue it under a new key. List them
          from the key's credentials and reissue them.
        </p>
        <TextField label="Exposed since" type="date" required value={from} onValue={setFrom} />
        <TextArea label="Reason" required value={reason} onValue={setReason} />
      </ConfirmDialog>
    </section>
  );
}
