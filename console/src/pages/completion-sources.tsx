import { useState } from 'preact/hooks';
import { ok, type Answer, type Body } from '../api';
import { AchievementName } from '../components/achievement-name';
import { ConfirmDialog } from '../components/confirm-dialog';
import { SecretOnce } from '../components/secret-once';
import { Checkbox, Radios, SelectField, TextArea, TextField } from '../components/fields';
import { Empty, Loading, Page } from '../components/page';
import { fieldError, ProblemAlert } from '../components/problem-alert';
import { useConsole } from '../context';
import { dateTime } from '../format';
import { useLoad } from '../load';

type Source = Answer<'/completion-sources', 'get'>['items'][number];
type WithSecret = Answer<'/completion-sources', 'post'>;
type Mapping = Answer<'/completion-sources/{id}/courses', 'get'>['items'][number];
type Kind = Source['kind'];
type MappingBody = Body<'/completion-sources/{id}/courses/{courseId}', 'put'>;

/** Each kind of source in plain words, and how it proves who it is. */
export const KIND_LABELS: Record<Kind, string> = {
  webhook: 'Signed webhook (student information system, any LMS)',
  moodle: 'Moodle (bearer token)',
  canvas: 'Canvas (Live Events)',
  eventbridge: "A system inside AWS (CompletionRecorded on Laurel's event bus)",
};
const SHORT_KIND: Record<Kind, string> = { webhook: 'Signed webhook', moodle: 'Moodle', canvas: 'Canvas', eventbridge: 'Event bus' };
/** Kinds whose secret Laurel derives and shows: Canvas signs with Instructure's keys, the bus trusts IAM. */
const HAS_SECRET: Record<Kind, boolean> = { webhook: true, moodle: true, canvas: false, eventbridge: false };

/** Where a source delivers, in one line. */
function deliveryText(s: Source): string {
  if (s.delivery.url) return s.delivery.url;
  if (s.delivery.detailType) return `Detail type ${s.delivery.detailType} on Laurel's event bus, with this source's id in detail.source`;
  return '—';
}

/**
 * Completion sources (completions in, issue #21): the systems that tell Laurel a learner completed
 * a course, and — per source — which achievement each course awards. An admin connects a source
 * and sees its secret once; a designer maps courses; issuers, registrars and auditors read.
 */
export function CompletionSourcesPage() {
  const { api, can } = useConsole();
  const load = useLoad(() => ok(api.GET('/completion-sources')), []);
  const [created, setCreated] = useState<WithSecret>();
  return (
    <Page title="Completion sources" lead="Systems that report course completions (the student information system, Moodle, Canvas), and the achievement each course awards.">
      <ProblemAlert error={load.error} />
      {created && <SourceSecret source={created} />}
      {!load.data ? (
        !load.error && <Loading />
      ) : load.data.items.length === 0 ? (
        <Empty>No completion sources yet.</Empty>
      ) : (
        <table>
          <caption class="visually-hidden">Completion sources</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Delivers to</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {load.data.items.map((s) => (
              <tr key={s.id}>
                <td>
                  <a href={`/completion-sources/${s.id}`}>{s.name}</a>
                  <br />
                  <span class="muted">{s.id}</span>
                </td>
                <td>{SHORT_KIND[s.kind]}</td>
                <td>{deliveryText(s)}</td>
                <td>{s.status === 'active' ? 'Active' : 'Disabled'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {can('GET /completions') && (
        <p>
          <a href="/inbound">See the inbound activity</a>: every completion received, and those that could not be issued yet.
        </p>
      )}
      {can('POST /completion-sources') && (
        <section aria-labelledby="new-source">
          <h2 id="new-source">New completion source</h2>
          <SourceForm
            onCreated={(c) => {
              setCreated(c);
              load.reload();
            }}
          />
        </section>
      )}
    </Page>
  );
}

/** The secret or token, this once (a bus source has none: what its system does instead). */
function SourceSecret({ source }: { source: WithSecret }) {
  if (!source.secret) {
    return (
      <section class="alert good" aria-labelledby="secret-heading">
        <h2 id="secret-heading">{source.name} is connected</h2>
        <p>
          {source.kind === 'eventbridge'
            ? `It has no secret: let its system put events on Laurel's event bus (events:PutEvents), with detail-type CompletionRecorded and "${source.id}" as detail.source.`
            : 'It has no secret of Laurel’s: Canvas signs with Instructure’s keys, or sends through the queue only its account may use.'}
        </p>
      </section>
    );
  }
  const what = source.kind === 'moodle' ? 'bearer token' : 'signing secret';
  return (
    <SecretOnce title={`The ${what} of ${source.name}`} what={what} secret={source.secret}>
      {source.delivery.url && <p>The system posts to {source.delivery.url}.</p>}
    </SecretOnce>
  );
}

function SourceForm({ onCreated }: { onCreated(c: WithSecret): void }) {
  const { api, announce } = useConsole();
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('webhook');
  const [rootAccount, setRootAccount] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const err = (path: string) => fieldError(error, path);
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await ok(api.POST('/completion-sources', { body: { id: id.trim(), name: name.trim(), kind, ...(kind === 'canvas' && rootAccount.trim() ? { canvasRootAccountId: rootAccount.trim() } : {}) } }));
      announce(created.secret ? `${created.name} connected. Copy its secret now: it is shown once.` : `${created.name} connected.`);
      setId('');
      setName('');
      setRootAccount('');
      onCreated(created);
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="editor" onSubmit={save} noValidate>
      <ProblemAlert error={error} />
      <TextField label="Name" required maxLength={200} value={name} error={err('name')} onValue={setName} hint="As staff know it, for example Banner SIS." />
      <TextField label="Id" required maxLength={64} value={id} error={err('id')} onValue={setId} hint="Lower-case letters, digits and hyphens, for example banner. The system names itself by it; it cannot be changed." />
      <Radios<Kind> legend="How it reports completions" value={kind} onValue={setKind} options={(Object.keys(KIND_LABELS) as Kind[]).map((k) => ({ value: k, label: KIND_LABELS[k] }))} />
      {kind === 'canvas' && (
        <TextField label="Canvas root account id" inputMode="numeric" value={rootAccount} error={err('canvasRootAccountId')} onValue={setRootAccount} hint="The digits of metadata.root_account_id in its Live Events: needed when more than one Canvas account sends to the queue." />
      )}
      <button type="submit" class="primary" disabled={busy}>
        Connect source
      </button>
    </form>
  );
}

/** One source: where it delivers, its state and secret, and its course mappings. */
export function CompletionSourcePage({ id }: { id: string }) {
  const { api, can, announce } = useConsole();
  // There is no route for one source: the list holds tens, not thousands.
  const load = useLoad(() => ok(api.GET('/completion-sources')), [id]);
  const [rotated, setRotated] = useState<WithSecret>();
  const [confirm, setConfirm] = useState<'rotate' | 'toggle'>();
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const s = load.data?.items.find((x) => x.id === id);
  if (!s) return <Page title="Completion source">{load.error ? <ProblemAlert error={load.error} /> : load.data ? <Empty>There is no completion source with this id.</Empty> : <Loading />}</Page>;
  const act = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      if (confirm === 'rotate') {
        setRotated(await ok(api.POST('/completion-sources/{sourceId}/secret', { params: { path: { sourceId: id } } })));
        announce('New secret made. Copy it now: it is shown once.');
      } else {
        await ok(api.PATCH('/completion-sources/{sourceId}', { params: { path: { sourceId: id } }, body: { status: s.status === 'active' ? 'disabled' : 'active' } }));
        announce(s.status === 'active' ? 'Source disabled.' : 'Source enabled.');
      }
      setConfirm(undefined);
      load.reload();
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  };
  const manage = can('PATCH /completion-sources/{sourceId}');
  const rotate = can('POST /completion-sources/{sourceId}/secret') && HAS_SECRET[s.kind];
  return (
    <Page
      title={s.name}
      lead={s.status === 'active' ? `${SHORT_KIND[s.kind]}, active` : `${SHORT_KIND[s.kind]}, disabled: its completions are refused`}
      actions={
        (manage || rotate) && (
          <>
            {manage && (
              <button type="button" onClick={() => setConfirm('toggle')}>
                {s.status === 'active' ? 'Disable' : 'Enable'}
              </button>
            )}{' '}
            {rotate && (
              <button type="button" onClick={() => setConfirm('rotate')}>
                {s.kind === 'moodle' ? 'New token' : 'New secret'}
              </button>
            )}
          </>
        )
      }
    >
      {rotated && <SourceSecret source={rotated} />}
      <dl class="facts">
        <dt>Id</dt>
        <dd>{s.id}</dd>
        <dt>Kind</dt>
        <dd>{KIND_LABELS[s.kind]}</dd>
        <dt>Delivers to</dt>
        <dd>{deliveryText(s)}</dd>
        {s.canvasRootAccountId && (
          <>
            <dt>Canvas account</dt>
            <dd>{s.canvasRootAccountId}</dd>
          </>
        )}
        {HAS_SECRET[s.kind] && (
          <>
            <dt>{s.kind === 'moodle' ? 'Token' : 'Secret'}</dt>
            <dd>
              Version {s.secretVersion}
              {s.previousSecretUntil && new Date(s.previousSecretUntil).getTime() > Date.now() ? `; the previous one is also accepted until ${dateTime(s.previousSecretUntil)}` : ''}
            </dd>
          </>
        )}
        <dt>Connected</dt>
        <dd>
          {dateTime(s.createdAt)} by {s.createdBy.name}
        </dd>
      </dl>
      {can('GET /completions') && (
        <p>
          <a href={`/inbound?source=${encodeURIComponent(s.id)}`}>See what {s.name} sent</a>
        </p>
      )}
      <ConfirmDialog
        open={confirm !== undefined}
        title={confirm === 'rotate' ? `Make a new ${s.kind === 'moodle' ? 'token' : 'secret'}?` : s.status === 'active' ? 'Disable this source?' : 'Enable this source?'}
        confirmLabel={confirm === 'rotate' ? `Make a new ${s.kind === 'moodle' ? 'token' : 'secret'}` : s.status === 'active' ? 'Disable' : 'Enable'}
        busy={busy}
        problem={problem}
        onConfirm={() => void act()}
        onCancel={() => {
          setConfirm(undefined);
          setProblem(undefined);
        }}
      >
        <p>
          {confirm === 'rotate'
            ? 'The new one is shown once. The previous one is still accepted for 24 hours, so the system can be switched over without a gap.'
            : s.status === 'active'
              ? 'Its completions are refused until it is enabled again. Completions already received stay listed.'
              : 'Its completions are accepted again from now on.'}
        </p>
      </ConfirmDialog>
      <Mappings source={s} />
    </Page>
  );
}

const POLICY_LABELS: Record<Mapping['policy'], string> = {
  issue: 'Issue when the achievement’s rules pass',
  approval: 'Always send to an approver',
};

/** The source's courses and the achievement each awards; a designer adds, edits and removes them. */
function Mappings({ source }: { source: Source }) {
  const { api, can, announce } = useConsole();
  const load = useLoad(() => ok(api.GET('/completion-sources/{id}/courses', { params: { path: { id: source.id } } })), [source.id]);
  const [editing, setEditing] = useState<Mapping | 'new'>();
  const [removing, setRemoving] = useState<Mapping>();
  const [problem, setProblem] = useState<unknown>();
  const edit = can('PUT /completion-sources/{id}/courses/{courseId}');
  const remove = async () => {
    if (!removing) return;
    setProblem(undefined);
    try {
      await ok(api.DELETE('/completion-sources/{id}/courses/{courseId}', { params: { path: { id: source.id, courseId: removing.courseId } } }));
      announce(`Course ${removing.courseId} unmapped.`);
      setRemoving(undefined);
      load.reload();
    } catch (e) {
      setProblem(e);
    }
  };
  return (
    <section aria-labelledby="mappings-heading">
      <h2 id="mappings-heading">Courses</h2>
      <p class="muted">A completion of a course that is not mapped is kept, listed as unmapped, and can be replayed once the course is mapped.</p>
      <ProblemAlert error={load.error} />
      {!load.data ? (
        !load.error && <Loading />
      ) : load.data.items.length === 0 ? (
        <Empty>No course is mapped yet.</Empty>
      ) : (
        <table>
          <caption class="visually-hidden">Course mappings of {source.name}</caption>
          <thead>
            <tr>
              <th scope="col">Course</th>
              <th scope="col">Awards</th>
              <th scope="col">Policy</th>
              <th scope="col">Score and evidence</th>
              {edit && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {load.data.items.map((m) => (
              <tr key={m.courseId}>
                <td>{m.courseId}</td>
                <td>
                  <AchievementName id={m.achievementId} />
                </td>
                <td>{POLICY_LABELS[m.policy]}</td>
                <td>
                  {m.scoreResultKey ? `Score as result ${m.scoreResultKey}` : 'Score not carried'}
                  {'; '}
                  {m.courseAsEvidence ? 'course page as evidence' : 'no evidence'}
                  {m.publishName ? '; learner’s name published' : ''}
                </td>
                {edit && (
                  <td>
                    <button type="button" onClick={() => setEditing(m)} aria-label={`Edit the mapping of course ${m.courseId}`}>
                      Edit
                    </button>{' '}
                    <button type="button" class="danger" onClick={() => setRemoving(m)} aria-label={`Unmap course ${m.courseId}`}>
                      Unmap
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {edit && editing === undefined && (
        <p class="actions">
          <button type="button" onClick={() => setEditing('new')}>
            Map a course
          </button>
        </p>
      )}
      {edit && editing !== undefined && (
        <MappingForm
          key={editing === 'new' ? 'new' : editing.courseId}
          sourceId={source.id}
          existing={editing === 'new' ? undefined : editing}
          onDone={(saved) => {
            setEditing(undefined);
            if (saved) load.reload();
          }}
        />
      )}
      <ConfirmDialog open={removing !== undefined} title={`Unmap course ${removing?.courseId ?? ''}?`} confirmLabel="Unmap" danger problem={problem} onConfirm={() => void remove()} onCancel={() => setRemoving(undefined)}>
        <p>Its later completions are kept as unmapped until the course is mapped again. Credentials already issued stay as they are.</p>
      </ConfirmDialog>
    </section>
  );
}

function MappingForm({ sourceId, existing, onDone }: { sourceId: string; existing: Mapping | undefined; onDone(saved: boolean): void }) {
  const { api, announce } = useConsole();
  const achievements = useLoad(() => ok(api.GET('/achievements', { params: { query: { limit: 100, status: 'active' } } })), []);
  const [courseId, setCourseId] = useState(existing?.courseId ?? '');
  const [achievementId, setAchievementId] = useState(existing?.achievementId ?? '');
  const [policy, setPolicy] = useState<Mapping['policy']>(existing?.policy ?? 'issue');
  const [scoreResultKey, setScoreResultKey] = useState(existing?.scoreResultKey ?? '');
  const [courseAsEvidence, setCourseAsEvidence] = useState(existing?.courseAsEvidence ?? true);
  const [narrative, setNarrative] = useState(existing?.evidenceNarrative ?? '');
  const [publishName, setPublishName] = useState(existing?.publishName ?? false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const err = (path: string) => fieldError(error, path);
  // The achievement as typed or chosen: its name and results (an id among hundreds need not be in the first page of suggestions).
  const typed = achievementId.trim();
  const detail = useLoad(async () => (/^[a-z0-9][a-z0-9-]{0,63}$/.test(typed) ? ok(api.GET('/achievements/{id}', { params: { path: { id: typed } } })).catch(() => undefined) : undefined), [typed]);
  const achievement = detail.data?.id === typed ? detail.data : undefined;
  const results = achievement?.resultDescriptions ?? [];
  const listId = `achievements-of-${sourceId}`;
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body: MappingBody = { achievementId: typed, policy, courseAsEvidence, publishName, ...(scoreResultKey ? { scoreResultKey } : {}), ...(narrative.trim() ? { evidenceNarrative: narrative.trim() } : {}) };
      await ok(api.PUT('/completion-sources/{id}/courses/{courseId}', { params: { path: { id: sourceId, courseId: existing?.courseId ?? courseId.trim() } }, body }));
      announce(`Course ${existing?.courseId ?? courseId.trim()} mapped to ${achievement?.name ?? typed}.`);
      onDone(true);
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="editor" onSubmit={save} noValidate aria-labelledby="mapping-form-heading">
      <h3 id="mapping-form-heading">{existing ? `Course ${existing.courseId}` : 'Map a course'}</h3>
      <ProblemAlert error={error ?? achievements.error} />
      {existing ? (
        <p>
          Course id: <strong>{existing.courseId}</strong>
        </p>
      ) : (
        <TextField label="Course id" required maxLength={128} value={courseId} error={fieldError(error, 'path.courseId')} onValue={setCourseId} hint="As the source names it: Canvas's or Moodle's numeric course id, or the SIS's section code (for example CS-101.2026)." />
      )}
      <TextField
        label="Achievement it awards (its id)"
        required
        maxLength={64}
        list={listId}
        value={achievementId}
        error={err('achievementId')}
        onValue={(v) => {
          setAchievementId(v);
          setScoreResultKey('');
        }}
        hint={achievement ? `Awards ${achievement.name}.` : 'Type the id, or choose one of the active achievements suggested.'}
      />
      <datalist id={listId}>
        {(achievements.data?.items ?? []).map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </datalist>
      <Radios<Mapping['policy']>
        legend="When a completion arrives"
        value={policy}
        onValue={setPolicy}
        hint="An achievement that asks for approval keeps asking: a mapping makes issuing stricter, never looser."
        options={[
          { value: 'issue', label: POLICY_LABELS.issue },
          { value: 'approval', label: POLICY_LABELS.approval },
        ]}
      />
      <SelectField
        label="The score reports this result"
        value={scoreResultKey}
        error={err('scoreResultKey')}
        onValue={setScoreResultKey}
        hint={results.length ? 'A minimum score rule of the achievement is checked against it.' : 'The achievement describes no results: the score is not carried.'}
        options={[{ value: '', label: 'Do not carry the score' }, ...results.map((r) => ({ value: r.key, label: `${r.name} (${r.key})` }))]}
      />
      <p class="hint">The completion date goes into the credential as the date the achievement was completed.</p>
      <Checkbox label="Add the course page as evidence" checked={courseAsEvidence} onValue={setCourseAsEvidence} />
      {courseAsEvidence && <TextArea label="Evidence description" maxLength={2000} value={narrative} error={err('evidenceNarrative')} onValue={setNarrative} hint="For example: Completed all six modules of Computer Science I." />}
      <Checkbox
        label="Publish the learner’s name as the source sends it"
        hint="Only if your institution's policy lets the name in the LMS or SIS stand for the learner's consent to publish it."
        checked={publishName}
        onValue={setPublishName}
      />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || !typed}>
          Save mapping
        </button>
        <button type="button" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
