import { useState } from 'preact/hooks';
import { ok } from '../api';
import { SelectField, TextField } from '../components/fields';
import { Loading, Page } from '../components/page';
import { ProblemAlert } from '../components/problem-alert';
import { useConsole } from '../context';
import { useLoad } from '../load';
import { KIND_LABELS, KINDS, type Kind } from './achievement-fields';

/** Achievements by name, filtered by kind, tag and whether they are in use. */
export function AchievementsPage() {
  const { api, can } = useConsole();
  const [kind, setKind] = useState<Kind | ''>('');
  const [status, setStatus] = useState<'active' | 'archived' | 'all'>('active');
  const [tag, setTag] = useState('');
  const [cursor, setCursor] = useState<string | undefined>();
  const load = useLoad(
    () => ok(api.GET('/achievements', { params: { query: { limit: 25, status, ...(kind ? { kind } : {}), ...(tag.trim() ? { tag: tag.trim() } : {}), ...(cursor ? { cursor } : {}) } } })),
    [kind, status, tag, cursor],
  );
  return (
    <Page
      title="Achievements"
      lead="What your institution awards: each with its rules, approvals and badge."
      actions={
        can('POST /achievements') && (
          <a class="button primary" href="/achievements/new">
            New achievement
          </a>
        )
      }
    >
      <form class="filters" role="search" aria-label="Filter achievements" onSubmit={(e) => e.preventDefault()}>
        <SelectField label="Kind" value={kind} onValue={(v) => (setCursor(undefined), setKind(v))} options={[{ value: '', label: 'Any kind' }, ...KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))]} />
        <SelectField
          label="In use"
          value={status}
          onValue={(v) => (setCursor(undefined), setStatus(v))}
          options={[
            { value: 'active', label: 'Active' },
            { value: 'archived', label: 'Archived' },
            { value: 'all', label: 'All' },
          ]}
        />
        <TextField label="Tag" value={tag} onValue={(v) => (setCursor(undefined), setTag(v))} type="search" />
      </form>
      <ProblemAlert error={load.error} />
      {!load.data ? (
        <Loading />
      ) : load.data.items.length === 0 ? (
        <p class="empty">No achievement matches.</p>
      ) : (
        <table>
          <caption class="visually-hidden">Achievements</caption>
          <thead>
            <tr>
              <th scope="col">Badge</th>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Approval</th>
              <th scope="col">Version</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {load.data.items.map((a) => (
              <tr key={a.id}>
                <td>{a.image ? <img class="thumb" src={a.image.id} alt="" width={40} height={40} /> : null}</td>
                <td>
                  <a href={`/achievements/${a.id}`}>{a.name}</a>
                </td>
                <td>{KIND_LABELS[a.kind as Kind] ?? a.kind}</td>
                <td>{approvalText(a.approval)}</td>
                <td>{a.version}</td>
                <td>{a.lifecycle === 'archived' ? 'Archived' : 'Active'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {load.data?.cursor && (
        <button type="button" onClick={() => setCursor(load.data!.cursor)}>
          Next page
        </button>
      )}
    </Page>
  );
}

export function approvalText(policy: { mode: string; role?: string; roles?: string[]; deadlineHours?: number } | undefined): string {
  if (!policy || policy.mode === 'auto') return 'Automatic when the rules pass';
  const within = policy.deadlineHours ? `, ${policy.deadlineHours % 24 === 0 ? `${policy.deadlineHours / 24} days` : `${policy.deadlineHours} hours`} each` : '';
  if (policy.mode === 'single') return `One approval (${policy.role ?? 'approver'}${within})`;
  return `Chain: ${(policy.roles ?? []).join(' → ')}${within}`;
}
