import { useState } from 'preact/hooks';
import { ok, type Answer, type Body } from '../api';
import { AchievementName } from '../components/achievement-name';
import { ConfirmDialog } from '../components/confirm-dialog';
import { Checkbox, Radios, TextArea, TextField } from '../components/fields';
import { Empty, Loading, Page, PageLinks } from '../components/page';
import { fieldError, fieldErrorUnder, ProblemAlert } from '../components/problem-alert';
import { useConsole } from '../context';
import { date, dateTime } from '../format';
import { useLoad } from '../load';
import { navigate, useLocation } from '../router';

type Pathway = Answer<'/pathways/{id}', 'get'>;
type PathwayBody = Body<'/pathways', 'post'>;
type Change = Body<'/pathways/{id}', 'patch'>;
type Progress = Answer<'/pathways/{id}/progress', 'post'>;
type Award = Answer<'/pathways/{id}/awards', 'get'>['items'][number];
type OnRevoke = NonNullable<PathwayBody['onRevoke']>;

/**
 * Pathways: rules that award an achievement by themselves once a learner holds the ones they ask
 * for ("all of A and B", "any 2 of C, D and E"). Each change is a new version; an award names the
 * version it satisfied. Page addresses carry the version and the list's place (`?version=`,
 * `?cursor=`, `?awards=`), so what a page shows can be linked to; a learner's email never does.
 */
export function PathwaysPage() {
  const { api, can } = useConsole();
  const cursor = useLocation().searchParams.get('cursor') ?? undefined;
  const load = useLoad(() => ok(api.GET('/pathways', { params: { query: { limit: 25, ...(cursor ? { cursor } : {}) } } })), [cursor]);
  return (
    <Page
      title="Pathways"
      lead="Achievements awarded by themselves when a learner holds the ones a pathway asks for."
      actions={
        can('POST /pathways') && (
          <a class="button primary" href="/pathways/new">
            New pathway
          </a>
        )
      }
    >
      <ProblemAlert error={load.error} />
      {!load.data ? (
        !load.error && <Loading />
      ) : load.data.items.length === 0 ? (
        <Empty>No pathways yet.</Empty>
      ) : (
        <table>
          <caption class="visually-hidden">Pathways</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Awards</th>
              <th scope="col">Requires</th>
              <th scope="col">Version</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {load.data.items.map((p) => (
              <tr key={p.id}>
                <td>
                  <a href={`/pathways/${p.id}`}>{p.name}</a>
                </td>
                <td>
                  <AchievementName id={p.targetAchievementId} />
                </td>
                <td>
                  <Requirements pathway={p} />
                </td>
                <td>{p.version}</td>
                <td>{p.lifecycle === 'archived' ? 'Archived' : 'Active'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <PageLinks first={cursor && '/pathways'} next={load.data?.cursor && `/pathways?cursor=${encodeURIComponent(load.data.cursor)}`} />
    </Page>
  );
}

/** What a pathway asks for, group by group, with the achievements by name. */
function Requirements({ pathway: p }: { pathway: Pick<Pathway, 'requirements' | 'withinDays' | 'onlyValid'> }) {
  return (
    <>
      <ul class="plain">
        {p.requirements.map((r, i) => (
          <li key={i}>
            {r.kind === 'all' ? 'All of' : `Any ${r.count} of`}:{' '}
            {r.achievementIds.map((id, j) => (
              <span key={id}>
                {j > 0 && ', '}
                <AchievementName id={id} />
              </span>
            ))}
          </li>
        ))}
      </ul>
      {(p.withinDays || p.onlyValid) && (
        <p class="muted">
          {[p.withinDays ? `All within ${p.withinDays} days of each other` : '', p.onlyValid ? 'Only credentials still valid count' : ''].filter(Boolean).join('. ')}.
        </p>
      )}
    </>
  );
}

export function NewPathwayPage() {
  return (
    <Page title="New pathway" lead="Name the achievement it awards and the ones a learner must hold first.">
      <PathwayForm />
    </Page>
  );
}

export function PathwayPage({ id }: { id: string }) {
  const { api, can } = useConsole();
  const version = Number(useLocation().searchParams.get('version')) || undefined;
  const load = useLoad(() => ok(api.GET('/pathways/{id}', { params: { path: { id }, query: version ? { version } : {} } })), [id, version]);
  const p = load.data;
  if (!p) return <Page title="Pathway">{load.error ? <ProblemAlert error={load.error} /> : <Loading />}</Page>;
  const archived = p.lifecycle === 'archived';
  return (
    <Page
      title={p.name}
      lead={`Version ${p.version} · ${archived ? 'Archived: no new awards' : 'Active'}`}
      actions={!version && can('PATCH /pathways/{id}') && <Lifecycle pathway={p} onChanged={load.reload} />}
    >
      {version && (
        <p class="alert warn">
          This is version {p.version}, as an award may have satisfied it. <a href={`/pathways/${id}`}>Read the latest version</a>.
        </p>
      )}
      {p.description && <p>{p.description}</p>}
      <dl class="facts">
        <dt>Awards</dt>
        <dd>
          <a href={`/achievements/${p.targetAchievementId}`}>
            <AchievementName id={p.targetAchievementId} />
          </a>
          , through its own evidence rules and approval
        </dd>
        <dt>Requires</dt>
        <dd>
          <Requirements pathway={p} />
        </dd>
        <dt>When a counted credential is revoked</dt>
        <dd>{p.onRevoke === 'suspend' ? 'The award is suspended' : 'The award is flagged for staff review'}</dd>
        <dt>This version</dt>
        <dd>
          {dateTime(p.createdAt)} by {p.createdBy}
          {p.changeNote ? `: ${p.changeNote}` : ''}
        </dd>
      </dl>
      {!version && !archived && can('PATCH /pathways/{id}') && (
        <section aria-labelledby="change-heading">
          <h2 id="change-heading">Change the pathway</h2>
          <p class="hint">A change is a new version. Awards already made keep the version they satisfied.</p>
          <PathwayForm key={p.version} existing={p} onSaved={load.reload} />
        </section>
      )}
      {can('POST /pathways/{id}/progress') && <LearnerProgress id={id} version={version} />}
      {can('GET /pathways/{id}/awards') && <Awards id={id} />}
    </Page>
  );
}

function Lifecycle({ pathway: p, onChanged }: { pathway: Pathway; onChanged(): void }) {
  const { api, announce } = useConsole();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>();
  const archived = p.lifecycle === 'archived';
  const act = async () => {
    try {
      await ok(api.PATCH('/pathways/{id}', { params: { path: { id: p.id } }, body: { lifecycle: archived ? 'active' : 'archived' } }));
      setOpen(false);
      announce(archived ? 'The pathway is active again.' : 'The pathway is archived.');
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        {archived ? 'Restore' : 'Archive'}
      </button>
      <ConfirmDialog open={open} title={archived ? 'Restore this pathway?' : 'Archive this pathway?'} confirmLabel={archived ? 'Restore' : 'Archive'} onConfirm={() => void act()} onCancel={() => setOpen(false)}>
        <p>{archived ? 'Learners who complete it are awarded again.' : 'No one is awarded by it any more. Awards already made stay.'}</p>
        <ProblemAlert error={error} />
      </ConfirmDialog>
    </>
  );
}

/** A requirement group as the form holds it: numbers and lists as typed, so that nothing typed is lost. */
interface GroupDraft {
  kind: 'all' | 'anyOf';
  count: string;
  ids: string;
}
interface Draft {
  name: string;
  description: string;
  targetAchievementId: string;
  groups: GroupDraft[];
  withinDays: string;
  onlyValid: boolean;
  onRevoke: OnRevoke;
}

const NEW_GROUP: GroupDraft = { kind: 'all', count: '', ids: '' };
const EMPTY: Draft = { name: '', description: '', targetAchievementId: '', groups: [NEW_GROUP], withinDays: '', onlyValid: false, onRevoke: 'review' };

const splitIds = (text: string) => text.split(/[,\s]+/).map((s) => s.trim()).filter(Boolean);

function draftOf(p: Pathway): Draft {
  return {
    name: p.name,
    description: p.description ?? '',
    targetAchievementId: p.targetAchievementId,
    groups: p.requirements.map((r) => ({ kind: r.kind, count: r.kind === 'anyOf' ? String(r.count) : '', ids: r.achievementIds.join(', ') })),
    withinDays: p.withinDays ? String(p.withinDays) : '',
    onlyValid: p.onlyValid ?? false,
    onRevoke: p.onRevoke ?? 'review',
  };
}

function bodyOf(d: Draft): PathwayBody {
  return {
    name: d.name,
    description: d.description,
    targetAchievementId: d.targetAchievementId.trim(),
    // An empty count is sent as 0, which the API refuses by name: the form does not guess one.
    requirements: d.groups.map((g) => (g.kind === 'all' ? { kind: 'all', achievementIds: splitIds(g.ids) } : { kind: 'anyOf', count: Number(g.count), achievementIds: splitIds(g.ids) })),
    ...(d.withinDays.trim() ? { withinDays: Number(d.withinDays) } : {}),
    onlyValid: d.onlyValid,
    onRevoke: d.onRevoke,
  };
}

/** Only what differs from the saved version; a window taken away is sent as null (the API's way to drop it). */
function changeOf(d: Draft, saved: Pathway): Change {
  const now = bodyOf(d) as Record<string, unknown>;
  const before = bodyOf(draftOf(saved)) as Record<string, unknown>;
  const keys = new Set([...Object.keys(now), ...Object.keys(before)]);
  const changed: Record<string, unknown> = {};
  for (const k of keys) if (JSON.stringify(now[k]) !== JSON.stringify(before[k])) changed[k] = now[k] ?? null;
  return changed as Change;
}

function PathwayForm({ existing, onSaved }: { existing?: Pathway; onSaved?(): void }) {
  const { api, announce } = useConsole();
  const [draft, setDraft] = useState<Draft>(() => (existing ? draftOf(existing) : EMPTY));
  const [changeNote, setChangeNote] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // The achievements to suggest by id, with their names to confirm a typed id is the one meant.
  const achievements = useLoad(() => ok(api.GET('/achievements', { params: { query: { limit: 100, status: 'all' } } })), []);
  const names = new Map((achievements.data?.items ?? []).map((a) => [a.id, a.name]));
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const setGroup = (i: number, patch: Partial<GroupDraft>) => set({ groups: draft.groups.map((g, j) => (j === i ? { ...g, ...patch } : g)) });
  const readsAs = (ids: string[]) => {
    const known = ids.filter((id) => names.has(id));
    return known.length ? ` Reads as: ${known.map((id) => names.get(id)).join(', ')}.` : '';
  };
  const err = (path: string) => fieldError(error, path);

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (!existing) {
        const created = await ok(api.POST('/pathways', { body: bodyOf(draft) }));
        announce(`Pathway ${created.name} defined.`);
        navigate(`/pathways/${created.id}`);
        return;
      }
      const change = changeOf(draft, existing);
      if (Object.keys(change).length === 0) {
        announce('Nothing changed.');
        return;
      }
      const saved = await ok(api.PATCH('/pathways/{id}', { params: { path: { id: existing.id } }, body: { ...change, ...(changeNote.trim() ? { changeNote } : {}) } }));
      announce(`Saved as version ${saved.version}.`);
      onSaved?.();
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="editor" onSubmit={save} noValidate>
      <ProblemAlert error={error} />
      <datalist id="pathway-achievements">
        {(achievements.data?.items ?? []).map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </datalist>
      <fieldset>
        <legend>About the pathway</legend>
        <TextField label="Name" required maxLength={200} value={draft.name} error={err('name')} onValue={(name) => set({ name })} />
        <TextArea label="Description" maxLength={5000} value={draft.description} error={err('description')} onValue={(description) => set({ description })} />
        <TextField
          label="Achievement it awards (id)"
          required
          list="pathway-achievements"
          hint={`The award goes through this achievement's own evidence rules and approval.${readsAs([draft.targetAchievementId.trim()])}`}
          value={draft.targetAchievementId}
          error={err('targetAchievementId')}
          onValue={(targetAchievementId) => set({ targetAchievementId })}
        />
      </fieldset>

      <fieldset>
        <legend>Requirements</legend>
        <p class="hint">A learner must satisfy every group. Up to ten groups of up to twenty achievements each.</p>
        {err('requirements') && <p class="field-error">{err('requirements')}</p>}
        {draft.groups.map((g, i) => {
          const ids = splitIds(g.ids);
          return (
            <fieldset class="list-item group" key={i}>
              <legend>Group {i + 1}</legend>
              <Radios<GroupDraft['kind']>
                legend="The learner holds"
                value={g.kind}
                onValue={(kind) => setGroup(i, { kind })}
                options={[
                  { value: 'all', label: 'All of these achievements' },
                  { value: 'anyOf', label: 'A number of them' },
                ]}
              />
              {g.kind === 'anyOf' && (
                <TextField label="How many of them" required type="number" inputMode="numeric" value={g.count} error={fieldErrorUnder(error, `requirements.${i}.count`)} onValue={(count) => setGroup(i, { count })} />
              )}
              <TextField
                label="Achievements (ids)"
                required
                hint={`Separated by commas.${readsAs(ids)}`}
                value={g.ids}
                error={fieldErrorUnder(error, `requirements.${i}.achievementIds`)}
                onValue={(v) => setGroup(i, { ids: v })}
              />
              {draft.groups.length > 1 && (
                <button type="button" onClick={() => set({ groups: draft.groups.filter((_, j) => j !== i) })}>
                  Remove group {i + 1}
                </button>
              )}
            </fieldset>
          );
        })}
        {draft.groups.length < 10 && (
          <button type="button" onClick={() => set({ groups: [...draft.groups, NEW_GROUP] })}>
            Add a group
          </button>
        )}
      </fieldset>

      <fieldset>
        <legend>Conditions</legend>
        <TextField
          label="Within (days)"
          hint="All the credentials counted were issued within this many days of each other. Empty: any time."
          type="number"
          inputMode="numeric"
          value={draft.withinDays}
          error={err('withinDays')}
          onValue={(withinDays) => set({ withinDays })}
        />
        <Checkbox
          label="Count only credentials still valid when the award is made"
          hint="Not revoked, suspended, expired or replaced by a newer one."
          checked={draft.onlyValid}
          onValue={(onlyValid) => set({ onlyValid })}
        />
        <Radios<OnRevoke>
          legend="When a credential it counted is revoked"
          value={draft.onRevoke}
          onValue={(onRevoke) => set({ onRevoke })}
          options={[
            { value: 'review', label: 'Flag the award for staff review' },
            { value: 'suspend', label: 'Suspend the award' },
          ]}
        />
      </fieldset>

      <div class="form-end">
        {existing && <TextField label="What changed and why" hint="Kept with the new version." value={changeNote} maxLength={2000} onValue={setChangeNote} />}
        <button type="submit" class="primary" disabled={busy}>
          {existing ? 'Save changes' : 'Define pathway'}
        </button>
      </div>
    </form>
  );
}

/**
 * One learner's progress ("2 of 3 toward Z"), found by email. The address goes in the request's
 * body, as the API asks: it never enters the address bar, the history or the access logs.
 */
function LearnerProgress({ id, version }: { id: string; version: number | undefined }) {
  const { api, announce } = useConsole();
  const [email, setEmail] = useState('');
  const [result, setResult] = useState<Progress | undefined>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const find = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const progress = await ok(api.POST('/pathways/{id}/progress', { params: { path: { id } }, body: { email: email.trim(), ...(version ? { version } : {}) } }));
      setResult(progress);
      announce(progress.summary);
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="progress-heading">
      <h2 id="progress-heading">A learner's progress</h2>
      <form class="inline" onSubmit={find} noValidate>
        <TextField label="Learner's email address" type="email" autoComplete="off" value={email} error={fieldError(error, 'email')} onValue={setEmail} />
        <button type="submit" disabled={busy || !email.trim()}>
          Show progress
        </button>
      </form>
      <ProblemAlert error={error} />
      {result && <ProgressView progress={result} />}
    </section>
  );
}

function ProgressView({ progress: p }: { progress: Progress }) {
  return (
    <>
      <p>
        <strong>{p.summary}</strong> (version {p.pathwayVersion}; {p.satisfied ? 'every group is satisfied' : 'not yet complete'})
      </p>
      <table>
        <caption>Groups</caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">Needs</th>
            <th scope="col">Held</th>
            <th scope="col">Credentials counted</th>
          </tr>
        </thead>
        <tbody>
          {p.groups.map((g, i) => (
            <tr key={i}>
              <td>{i + 1}</td>
              <td>
                {g.kind === 'all' ? 'All of' : `Any ${g.required} of`}{' '}
                {g.achievementIds.map((a, j) => (
                  <span key={a}>
                    {j > 0 && ', '}
                    <AchievementName id={a} />
                  </span>
                ))}
              </td>
              <td>
                {g.met} of {g.required}
              </td>
              <td>{g.counted.length ? <CredentialLinks ids={g.counted} /> : 'None yet'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.award && (
        <p>
          Awarded {dateTime(p.award.awardedAt)} (version {p.award.pathwayVersion}):{' '}
          {p.award.outcome === 'held' ? 'the learner already held it, ' : ''}
          <a href={`/credentials/${p.award.credentialId}`}>credential {p.award.credentialId.slice(0, 8)}</a>
          {p.award.outcome === 'requested' && (
            <>
              {' '}
              from <a href={`/issuances/${p.award.issuanceId}`}>issuance {p.award.issuanceId.slice(0, 8)}</a>
            </>
          )}
          .
        </p>
      )}
    </>
  );
}

function CredentialLinks({ ids }: { ids: string[] }) {
  return (
    <ul class="plain">
      {ids.map((id) => (
        <li key={id}>
          <a href={`/credentials/${id}`}>credential {id.slice(0, 8)}</a>
        </li>
      ))}
    </ul>
  );
}

const APPLIED: Record<Award['revocations'][number]['applied'], string> = { review: 'award flagged for review', suspend: 'award suspended', none: 'nothing to do' };

/** Who completed the pathway, by version; its place in the list is in the address (`?awards=`). */
function Awards({ id }: { id: string }) {
  const { api } = useConsole();
  const url = useLocation();
  const cursor = url.searchParams.get('awards') ?? undefined;
  const load = useLoad(() => ok(api.GET('/pathways/{id}/awards', { params: { path: { id }, query: { limit: 25, ...(cursor ? { cursor } : {}) } } })), [id, cursor]);
  const pageHref = (next: string | undefined) => {
    const params = new URLSearchParams(url.search);
    if (next) params.set('awards', next);
    else params.delete('awards');
    const query = params.toString();
    return `/pathways/${id}${query ? `?${query}` : ''}`;
  };
  return (
    <section aria-labelledby="awards-heading">
      <h2 id="awards-heading">Awards</h2>
      <ProblemAlert error={load.error} />
      {!load.data ? (
        !load.error && <Loading />
      ) : load.data.items.length === 0 ? (
        <Empty>No learner has completed this pathway yet.</Empty>
      ) : (
        <table>
          <caption class="visually-hidden">Awards of this pathway</caption>
          <thead>
            <tr>
              {/* Pseudonymous, as in the PathwayProgressed and PathwayCompleted events: the list shows no addresses. */}
              <th scope="col">Learner (pseudonymous id)</th>
              <th scope="col">Version</th>
              <th scope="col">Awarded</th>
              <th scope="col">Credential</th>
              <th scope="col">Built from</th>
              <th scope="col">Revoked since</th>
            </tr>
          </thead>
          <tbody>
            {load.data.items.map((a) => (
              <tr key={`${a.pathwayVersion}-${a.learnerId}`}>
                <td>
                  <code>{a.learnerId.slice(0, 12)}</code>
                </td>
                <td>
                  <a href={`/pathways/${id}?version=${a.pathwayVersion}`}>Version {a.pathwayVersion}</a>
                </td>
                <td>{date(a.awardedAt)}</td>
                <td>
                  <a href={`/credentials/${a.credentialId}`}>credential {a.credentialId.slice(0, 8)}</a>
                  {a.outcome === 'held' && <span class="muted"> (already held)</span>}
                </td>
                <td>
                  <CredentialLinks ids={a.constituents.map((c) => c.credentialId)} />
                </td>
                <td>
                  {(a.revocations ?? []).length === 0 ? (
                    'None'
                  ) : (
                    <ul class="plain">
                      {(a.revocations ?? []).map((r) => (
                        <li key={r.credentialId}>
                          <a href={`/credentials/${r.credentialId}`}>credential {r.credentialId.slice(0, 8)}</a> on {date(r.at)}: {APPLIED[r.applied]}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <PageLinks first={cursor && pageHref(undefined)} next={load.data?.cursor && pageHref(load.data.cursor)} of="awards" />
    </section>
  );
}
