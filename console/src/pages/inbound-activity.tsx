import { useState } from 'preact/hooks';
import { ok, type Answer } from '../api';
import { ConfirmDialog } from '../components/confirm-dialog';
import { SelectField, TextField } from '../components/fields';
import { Empty, Loading, Page, PageLinks } from '../components/page';
import { fieldError, ProblemAlert } from '../components/problem-alert';
import { useConsole } from '../context';
import { dateTime } from '../format';
import { useLoad } from '../load';
import { navigate, useLocation } from '../router';

type Completion = Answer<'/completions', 'get'>['items'][number];
type Reason = NonNullable<Completion['failure']>['reason'];

/** Why a completion could not be issued yet, in plain words, and what fixes it. */
const REASONS: Record<Reason, string> = {
  UNMAPPED_COURSE: 'Course not mapped to an achievement',
  UNKNOWN_LEARNER: 'Learner unknown (no email address)',
  MAPPING_REFUSED: 'The achievement refused the request',
  SOURCE_DISABLED: 'The source is disabled',
};
const CHANNELS: Record<Completion['via'], string> = {
  webhook: 'Signed webhook',
  moodle: 'Moodle',
  'canvas-sqs': 'Canvas (queue)',
  'canvas-https': 'Canvas (HTTPS)',
  eventbridge: 'Event bus',
};
/** Issuances that ended without a credential: their completion may be replayed as a new attempt. */
const ENDED_WITHOUT_CREDENTIAL = new Set(['REJECTED', 'FAILED', 'CANCELLED', 'EXPIRED']);

/** What became of a completion, in words: its request's status once it was requested. */
function outcomeText(c: Completion): string {
  if (c.status === 'FAILED') return 'Not issued yet';
  if (c.status === 'HELD') return 'Learner already holds it';
  if (c.status === 'RECEIVED') return 'Received';
  switch (c.issuanceStatus) {
    case 'ISSUED':
      return 'Issued';
    case 'REJECTED':
      return 'Rejected (rules not met, or an approver said no)';
    case undefined:
      return 'Requested';
    default:
      return `Requested: ${c.issuanceStatus.toLowerCase().replace(/_/g, ' ')}`;
  }
}
/** Erased with its learner (and not reported again since): the API refuses a replay (409), so none is offered. */
const erasedLearner = (c: Completion) => c.erased !== undefined && !Object.values(c.learner).some(Boolean);
const replayable = (c: Completion) => !erasedLearner(c) && (c.status === 'FAILED' || (c.status === 'REQUESTED' && c.issuanceStatus !== undefined && ENDED_WITHOUT_CREDENTIAL.has(c.issuanceStatus)));
const learnerText = (c: Completion) =>
  [c.learner.name, c.learner.email, c.learner.studentNumber && `student ${c.learner.studentNumber}`].filter(Boolean).join(', ') || (c.learner.externalId ? `user ${c.learner.externalId}` : erasedLearner(c) ? 'erased' : '—');

/**
 * Inbound activity (completions in, issue #21): what the sources sent, newest first, and what
 * became of each — issued, held already, rejected at the rules, or not issued yet and why. A
 * failure (an unmapped course, an unknown learner) is replayed once fixed; so is a request that
 * ended without a credential. The learner's address is masked unless the viewer's role sees it.
 */
export function InboundActivityPage() {
  const { api, can } = useConsole();
  const params = useLocation().searchParams;
  const source = params.get('source') ?? '';
  const show = params.get('show') === 'failed' || !source ? 'failed' : 'all';
  const cursor = params.get('cursor') ?? undefined;
  const sources = useLoad(() => ok(api.GET('/completion-sources')), []);
  const load = useLoad(
    () => ok(api.GET('/completions', { params: { query: { limit: 25, ...(source ? { sourceId: source } : {}), ...(show === 'failed' ? { failed: 'true' as const } : {}), ...(cursor ? { cursor } : {}) } } })),
    [source, show, cursor],
  );
  const [replaying, setReplaying] = useState<Completion>();
  const here = (next: { source?: string; show?: string; cursor?: string }) => {
    const q = new URLSearchParams({ ...(next.source ? { source: next.source } : {}), ...(next.show === 'failed' && next.source ? { show: 'failed' } : {}), ...(next.cursor ? { cursor: next.cursor } : {}) });
    return `/inbound${q.size ? `?${q}` : ''}`;
  };
  const nameOf = (id: string) => sources.data?.items.find((s) => s.id === id)?.name ?? id;
  const mayReplay = can('POST /completions/{id}/replay');
  return (
    <Page title="Inbound activity" lead="Course completions the connected systems reported, and what became of each.">
      <form class="filters" aria-label="Filter completions" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label="Source"
          value={source}
          onValue={(s) => navigate(here({ source: s }))}
          options={[{ value: '', label: 'Every source (failures only)' }, ...(sources.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))]}
        />
        {source && (
          <SelectField<'all' | 'failed'>
            label="Show"
            value={show}
            onValue={(v) => navigate(here({ source, show: v }))}
            options={[
              { value: 'all', label: 'Every completion' },
              { value: 'failed', label: 'Not issued yet (failures)' },
            ]}
          />
        )}
      </form>
      <ProblemAlert error={load.error ?? sources.error} />
      {!load.data ? (
        !load.error && <Loading />
      ) : load.data.items.length === 0 ? (
        <Empty>{show === 'failed' ? 'No completion is waiting: every one was carried out.' : 'No completions from this source yet.'}</Empty>
      ) : (
        <table>
          <caption class="visually-hidden">Completions</caption>
          <thead>
            <tr>
              <th scope="col">Received</th>
              <th scope="col">Source and course</th>
              <th scope="col">Learner</th>
              <th scope="col">Outcome</th>
              <th scope="col">Reason</th>
              {mayReplay && <th scope="col">Action</th>}
            </tr>
          </thead>
          <tbody>
            {load.data.items.map((c) => (
              <tr key={c.id}>
                <td>
                  {dateTime(c.lastReceivedAt)}
                  {c.received > 1 && <span class="muted"> ({c.received} deliveries)</span>}
                </td>
                <td>
                  {nameOf(c.sourceId)}, {c.courseName ? `${c.courseName} (${c.courseId})` : c.courseId}
                  <br />
                  <span class="muted">{CHANNELS[c.via]}</span>
                </td>
                <td>{learnerText(c)}</td>
                <td>
                  {c.issuanceId && c.status !== 'FAILED' && can('GET /issuances/{id}') ? <a href={`/issuances/${c.issuanceId}`}>{outcomeText(c)}</a> : outcomeText(c)}
                  {c.score !== undefined && <span class="muted"> · score {c.score}</span>}
                </td>
                <td>
                  {c.failure ? (
                    <>
                      <strong>{REASONS[c.failure.reason]}</strong>
                      <br />
                      <span class="muted">{c.failure.detail}</span>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                {mayReplay && (
                  <td>
                    {replayable(c) && (
                      <button type="button" onClick={() => setReplaying(c)} aria-label={`Replay the completion of ${c.courseId} received ${dateTime(c.lastReceivedAt)}`}>
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
      <PageLinks first={cursor && here({ source, show })} next={load.data?.next && here({ source, show, cursor: load.data.next })} />
      {replaying && (
        <ReplayDialog
          completion={replaying}
          onDone={(replayed) => {
            setReplaying(undefined);
            if (replayed) load.reload();
          }}
        />
      )}
    </Page>
  );
}

/** Replay: says what will happen first; a learner unknown for want of an address takes one here. */
function ReplayDialog({ completion, onDone }: { completion: Completion; onDone(replayed: boolean): void }) {
  const { api, announce } = useConsole();
  const [email, setEmail] = useState('');
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const needsAddress = completion.failure?.reason === 'UNKNOWN_LEARNER';
  const replay = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const outcome = await ok(api.POST('/completions/{id}/replay', { params: { path: { id: completion.id } }, body: needsAddress && email.trim() ? { email: email.trim() } : {} }));
      announce(outcome.status === 'FAILED' ? `Still not issued: ${outcome.failure?.detail ?? 'see the reason'}.` : outcome.status === 'HELD' ? 'The learner already holds this achievement.' : 'Requested again.');
      onDone(true);
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <ConfirmDialog open title={`Replay the completion of ${completion.courseId}?`} confirmLabel="Replay" busy={busy} problem={problem} onConfirm={() => void replay()} onCancel={() => onDone(false)}>
      <p>
        {completion.status === 'FAILED'
          ? 'Laurel carries it out again as it is now: map the course, enable the source or give the address first, or it fails again for the same reason.'
          : 'Its request ended without a credential: a new request is made, checked against the achievement’s rules and approval again.'}
      </p>
      {needsAddress && <TextField label="Learner’s email address" type="email" autoComplete="off" value={email} error={fieldError(problem, 'email')} onValue={setEmail} hint="The address the credential is sent to." />}
    </ConfirmDialog>
  );
}
