import { useState } from 'preact/hooks';
import { ok, type Answer, type Body } from '../api';
import { ConfirmDialog } from '../components/confirm-dialog';
import { SecretOnce } from '../components/secret-once';
import { Checkbox, SelectField, TextField } from '../components/fields';
import { Empty, Loading, Page, PageLinks } from '../components/page';
import { fieldError, ProblemAlert } from '../components/problem-alert';
import { useConsole } from '../context';
import { dateTime } from '../format';
import { useLoad } from '../load';
import { navigate, useLocation } from '../router';

type Subscription = Answer<'/webhooks/subscriptions/{id}', 'get'>;
type Created = Answer<'/webhooks/subscriptions', 'post'>;
type Delivery = Answer<'/webhooks/subscriptions/{id}/deliveries', 'get'>['items'][number];
type NewBody = Body<'/webhooks/subscriptions', 'post'>;
type DeliveryStatus = NonNullable<Delivery['status']>;

/** The events Laurel sends, in plain words (the API's names stay in brackets for the receiving system's developers). */
const EVENT_TYPES: { value: string; label: string }[] = [
  { value: 'CredentialIssued', label: 'A credential was issued' },
  { value: 'CredentialRenewed', label: 'A credential was renewed' },
  { value: 'CredentialSuperseded', label: 'A credential was replaced (corrected, renewed, name withdrawn)' },
  { value: 'CredentialExpiring', label: 'A credential expires soon' },
  { value: 'CredentialExpired', label: 'A credential expired' },
  { value: 'IssuanceRejected', label: 'A request was rejected' },
  { value: 'IssuanceFailed', label: 'A request failed' },
  { value: 'IssuanceExpired', label: 'A request was not approved in time' },
  { value: 'IssuanceCancelled', label: 'A request was cancelled' },
  { value: 'PathwayProgressed', label: 'A learner progressed along a pathway' },
  { value: 'PathwayCompleted', label: 'A learner completed a pathway' },
  { value: 'LearnerErased', label: "A learner's data was erased" },
];
const typesText = (types: readonly string[]) => (types.includes('*') ? 'Every event' : types.map((t) => EVENT_TYPES.find((e) => e.value === t)?.label ?? t).join('; '));
const STATUS_LABELS: Record<DeliveryStatus, string> = { PENDING: 'Waiting to be sent', DELIVERED: 'Delivered', DEAD: 'Failed (dead letter)', PAUSED: 'Paused (subscription disabled)' };

/**
 * Subscriptions (events out, issue #21): the systems — the SIS, a CRM — that receive Laurel's
 * events at an https address, each request signed with a secret shown once. An auditor reads
 * them and their deliveries; an admin creates, changes and replays.
 */
export function SubscriptionsPage() {
  const { api, can } = useConsole();
  const load = useLoad(() => ok(api.GET('/webhooks/subscriptions')), []);
  const [created, setCreated] = useState<Created>();
  return (
    <Page title="Subscriptions" lead="Systems that receive Laurel's events (the student information system, a CRM), signed, at an https address of theirs.">
      <ProblemAlert error={load.error} />
      {created && <SubscriptionSecret created={created} />}
      {!load.data ? (
        !load.error && <Loading />
      ) : load.data.items.length === 0 ? (
        <Empty>No subscriptions yet.</Empty>
      ) : (
        <table>
          <caption class="visually-hidden">Subscriptions</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Address</th>
              <th scope="col">Events</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {load.data.items.map((s) => (
              <tr key={s.id}>
                <td>
                  <a href={`/subscriptions/${s.id}`}>{s.name}</a>
                </td>
                <td>{s.url}</td>
                <td>{typesText(s.eventTypes)}</td>
                <td>{s.status === 'active' ? 'Active' : 'Disabled'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {can('POST /webhooks/subscriptions') && (
        <section aria-labelledby="new-subscription">
          <h2 id="new-subscription">New subscription</h2>
          <SubscriptionForm
            onSaved={(c) => {
              setCreated(c);
              load.reload();
            }}
          />
        </section>
      )}
    </Page>
  );
}

/** The signing secret, this once. */
function SubscriptionSecret({ created }: { created: Pick<Created, 'secret' | 'subscription'> }) {
  return (
    <SecretOnce title={`The signing secret of ${created.subscription.name}`} what="signing secret" secret={created.secret}>
      <p>Each request carries its signature in the laurel-signature header.</p>
    </SecretOnce>
  );
}

/** Event types as checkboxes; "every event" stands for all of them, now and later. */
function EventTypes({ value, onValue, error }: { value: string[]; onValue(v: string[]): void; error?: string | undefined }) {
  const all = value.includes('*');
  const toggle = (type: string, on: boolean) => onValue(on ? [...value.filter((t) => t !== '*'), type] : value.filter((t) => t !== type));
  return (
    <fieldset>
      <legend>Events to send</legend>
      {error && <p class="field-error">{error}</p>}
      <Checkbox label="Every event, including kinds added later" checked={all} onValue={(on) => onValue(on ? ['*'] : [])} />
      {!all &&
        EVENT_TYPES.map((t) => (
          <Checkbox key={t.value} label={`${t.label} (${t.value})`} checked={value.includes(t.value)} onValue={(on) => toggle(t.value, on)} />
        ))}
    </fieldset>
  );
}

function SubscriptionForm({ existing, onSaved }: { existing?: Subscription; onSaved(created?: Created): void }) {
  const { api, announce } = useConsole();
  const [name, setName] = useState(existing?.name ?? '');
  const [url, setUrl] = useState(existing?.url ?? '');
  const [eventTypes, setEventTypes] = useState<string[]>(existing?.eventTypes ?? ['CredentialIssued']);
  const [studentNumber, setStudentNumber] = useState(existing?.includeStudentNumber ?? false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const err = (path: string) => fieldError(error, path);
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      // The API checks each type by name: the form offers only its own.
      const body: NewBody = { name, url: url.trim(), eventTypes: eventTypes as NewBody['eventTypes'], includeStudentNumber: studentNumber };
      if (existing) {
        await ok(api.PATCH('/webhooks/subscriptions/{id}', { params: { path: { id: existing.id } }, body }));
        announce('Subscription saved.');
        onSaved();
      } else {
        const created = await ok(api.POST('/webhooks/subscriptions', { body }));
        announce(`Subscription ${created.subscription.name} created. Copy its secret now.`);
        setName('');
        setUrl('');
        onSaved(created);
      }
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="editor" onSubmit={save} noValidate>
      <ProblemAlert error={error} />
      <TextField label="Name" required maxLength={200} value={name} error={err('name')} onValue={setName} />
      <TextField label="Address (https)" type="url" required value={url} error={err('url')} hint="Where Laurel posts each event, for example https://sis.example.edu/laurel/events." onValue={setUrl} />
      <EventTypes value={eventTypes} onValue={setEventTypes} error={err('eventTypes')} />
      <Checkbox
        label="Also send the learner's student number"
        hint="Every event about a learner carries an id of the learner that only this subscription receives. Send the student number too only if the receiving system needs it to find the learner."
        checked={studentNumber}
        onValue={setStudentNumber}
      />
      <button type="submit" class="primary" disabled={busy}>
        {existing ? 'Save changes' : 'Create subscription'}
      </button>
    </form>
  );
}

export function SubscriptionPage({ id }: { id: string }) {
  const { api, can, announce } = useConsole();
  const load = useLoad(() => ok(api.GET('/webhooks/subscriptions/{id}', { params: { path: { id } } })), [id]);
  const [rotated, setRotated] = useState<Created>();
  const [confirm, setConfirm] = useState<'rotate' | 'toggle'>();
  const [problem, setProblem] = useState<unknown>();
  const [morePaused, setMorePaused] = useState(false);
  const s = load.data;
  if (!s) return <Page title="Subscription">{load.error ? <ProblemAlert error={load.error} /> : <Loading />}</Page>;
  const act = async () => {
    try {
      if (confirm === 'rotate') {
        setRotated(await ok(api.POST('/webhooks/subscriptions/{id}/rotate-secret', { params: { path: { id } } })));
        announce('New secret made. Copy it now.');
      } else {
        const changed = await ok(api.PATCH('/webhooks/subscriptions/{id}', { params: { path: { id } }, body: { status: s.status === 'active' ? 'disabled' : 'active' } }));
        announce(s.status === 'active' ? 'Subscription disabled.' : `Subscription enabled.${resumedText(changed)}`);
        setMorePaused(changed.morePaused === true);
      }
      setConfirm(undefined);
      load.reload();
    } catch (e) {
      setProblem(e);
    }
  };
  const manage = can('PATCH /webhooks/subscriptions/{id}');
  return (
    <Page
      title={s.name}
      lead={s.status === 'active' ? 'Active' : 'Disabled: nothing is sent'}
      actions={
        manage && (
          <>
            <button type="button" onClick={() => setConfirm('toggle')}>
              {s.status === 'active' ? 'Disable' : 'Enable'}
            </button>{' '}
            <button type="button" onClick={() => setConfirm('rotate')}>
              New secret
            </button>
          </>
        )
      }
    >
      {rotated && <SubscriptionSecret created={rotated} />}
      {morePaused && <ResumeMore id={id} onDone={() => setMorePaused(false)} />}
      <dl class="facts">
        <dt>Address</dt>
        <dd>{s.url}</dd>
        <dt>Events</dt>
        <dd>{typesText(s.eventTypes)}</dd>
        <dt>Student number</dt>
        <dd>{s.includeStudentNumber ? 'Sent with events about a learner' : 'Not sent'}</dd>
        <dt>Secret</dt>
        <dd>
          Version {s.secretVersion}
          {s.previousSecretUntil && new Date(s.previousSecretUntil).getTime() > Date.now() ? `; the previous one also signs until ${dateTime(s.previousSecretUntil)}` : ''}
        </dd>
        <dt>Created</dt>
        <dd>
          {dateTime(s.createdAt)} by {s.createdBy}
        </dd>
      </dl>
      <ConfirmDialog
        open={confirm !== undefined}
        title={confirm === 'rotate' ? 'Make a new secret?' : s.status === 'active' ? 'Disable this subscription?' : 'Enable this subscription?'}
        confirmLabel={confirm === 'rotate' ? 'Make a new secret' : s.status === 'active' ? 'Disable' : 'Enable'}
        problem={problem}
        onConfirm={() => void act()}
        onCancel={() => setConfirm(undefined)}
      >
        <p>
          {confirm === 'rotate'
            ? 'For the next 24 hours each request is signed with both the old and the new secret, so the receiving system can switch over.'
            : s.status === 'active'
              ? 'No more events are sent to it. Deliveries still waiting to be sent are paused, and resume when you enable it again.'
              : 'Events are sent to it again from now on, and the deliveries paused when it was disabled resume.'}
        </p>
      </ConfirmDialog>
      {manage && (
        <section aria-labelledby="edit-heading">
          <h2 id="edit-heading">Change the subscription</h2>
          <SubscriptionForm key={s.updatedAt ?? s.createdAt} existing={s} onSaved={load.reload} />
        </section>
      )}
      {/* Keyed by the last change: enabling resumes paused deliveries, which the list then shows as they now are. */}
      <Deliveries key={s.updatedAt ?? s.createdAt} id={id} />
    </Page>
  );
}

/** The deliveries, newest first, filtered by status (Failed: the dead letters), with Replay for an admin. */
/** What enabling said of the paused deliveries it resumed, as a sentence to announce. */
const resumedText = (changed: { resumedDeliveries?: number; morePaused?: boolean }) =>
  changed.resumedDeliveries ? ` ${changed.resumedDeliveries} paused ${changed.resumedDeliveries === 1 ? 'delivery' : 'deliveries'} resumed${changed.morePaused ? '; more wait' : ''}.` : '';

/** Shown while more deliveries paused by a disabling wait than one call resumes (100). */
function ResumeMore({ id, onDone }: { id: string; onDone(): void }) {
  const { api, announce } = useConsole();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const resume = async () => {
    setBusy(true);
    try {
      const changed = await ok(api.PATCH('/webhooks/subscriptions/{id}', { params: { path: { id } }, body: { status: 'active' } }));
      announce(`Resumed.${resumedText(changed)}`);
      if (!changed.morePaused) onDone();
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="alert warn" aria-labelledby="paused-heading">
      <h2 id="paused-heading">More paused deliveries</h2>
      <p>More deliveries paused while the subscription was disabled are waiting. Each press resumes up to 100.</p>
      <ProblemAlert error={problem} />
      <button type="button" class="primary" disabled={busy} onClick={() => void resume()}>
        Resume paused deliveries
      </button>
    </section>
  );
}

/** What a delivered event is about — its credential, else its issuance — linked where this person may look. */
function EventSubject({ detail }: { detail: Record<string, unknown> }) {
  const { can } = useConsole();
  const credentialId = typeof detail.credentialId === 'string' ? detail.credentialId : undefined;
  const issuanceId = typeof detail.issuanceId === 'string' ? detail.issuanceId : undefined;
  const [label, href] =
    credentialId && can('GET /credentials/{id}')
      ? [`Credential ${credentialId}`, `/credentials/${encodeURIComponent(credentialId)}`]
      : issuanceId && can('GET /issuances/{id}')
        ? [`Issuance ${issuanceId}`, `/issuances/${encodeURIComponent(issuanceId)}`]
        : [];
  if (!label || !href) return null;
  return (
    <>
      <br />
      <a href={href}>{label}</a>
    </>
  );
}

function Deliveries({ id }: { id: string }) {
  const { api, can, announce } = useConsole();
  const params = useLocation().searchParams;
  const status = (params.get('status') ?? '') as '' | DeliveryStatus;
  const cursor = params.get('cursor') ?? undefined;
  const load = useLoad(
    () => ok(api.GET('/webhooks/subscriptions/{id}/deliveries', { params: { path: { id }, query: { limit: 25, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) } } })),
    [id, status, cursor],
  );
  const [error, setError] = useState<unknown>();
  const replay = async (d: Delivery) => {
    setError(undefined);
    try {
      const answer = await ok(api.POST('/webhooks/deliveries/{id}/replay', { params: { path: { id: d.id } } }));
      announce(answer.replayed ? `${d.event.type} is being sent again.` : 'It is already waiting to be sent.');
      load.reload();
    } catch (e) {
      setError(e);
    }
  };
  const here = (next: { status?: string; cursor?: string }) => {
    const q = new URLSearchParams({ ...(next.status ? { status: next.status } : {}), ...(next.cursor ? { cursor: next.cursor } : {}) });
    return `/subscriptions/${id}${q.size ? `?${q}` : ''}`;
  };
  return (
    <section aria-labelledby="deliveries-heading">
      <h2 id="deliveries-heading">Deliveries</h2>
      <form class="filters" aria-label="Filter deliveries" onSubmit={(e) => e.preventDefault()}>
        <SelectField<'' | DeliveryStatus>
          label="Show"
          value={status}
          onValue={(s) => navigate(here({ status: s }))}
          options={[
            { value: '', label: 'All deliveries' },
            { value: 'DEAD', label: 'Failed (dead letters)' },
            { value: 'PAUSED', label: 'Paused (subscription disabled)' },
            { value: 'PENDING', label: 'Waiting to be sent' },
            { value: 'DELIVERED', label: 'Delivered' },
          ]}
        />
      </form>
      <ProblemAlert error={load.error ?? error} />
      {!load.data ? (
        !load.error && <Loading />
      ) : load.data.items.length === 0 ? (
        <Empty>{status === 'DEAD' ? 'No failed deliveries.' : 'No deliveries.'}</Empty>
      ) : (
        <table>
          <caption class="visually-hidden">Deliveries</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last answer</th>
              <th scope="col">Updated</th>
              {can('POST /webhooks/deliveries/{id}/replay') && <th scope="col">Action</th>}
            </tr>
          </thead>
          <tbody>
            {load.data.items.map((d) => (
              <tr key={d.id}>
                <td>
                  {d.event.type}
                  <br />
                  <span class="muted">{dateTime(d.event.time)}</span>
                  <EventSubject detail={d.event.detail} />
                </td>
                <td>{STATUS_LABELS[d.status]}</td>
                <td>{d.attempts}</td>
                <td>{d.lastStatus !== undefined ? `HTTP ${d.lastStatus}` : (d.lastError ?? '—')}</td>
                <td>{dateTime(d.updatedAt)}</td>
                {can('POST /webhooks/deliveries/{id}/replay') && (
                  <td>
                    {d.status !== 'PENDING' && (
                      <button type="button" onClick={() => void replay(d)} aria-label={`Replay ${d.event.type} of ${dateTime(d.event.time)}`}>
                        Replay
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <PageLinks first={cursor && here({ status })} next={load.data?.cursor && here({ status, cursor: load.data.cursor })} />
    </section>
  );
}
