import { useState } from 'preact/hooks';
import { ok, type Answer } from '../api';
import { useConsole } from '../context';
import { dateTime } from '../format';
import { useLoad } from '../load';
import { Loading } from './page';
import { ProblemAlert } from './problem-alert';

type Change = Answer<'/achievements/{id}/versions', 'get'>['items'][number]['changes'][number];

/** A value as a person reads it: text as it is, anything else as indented JSON. */
const shown = (v: unknown) => (v === undefined ? '(none)' : typeof v === 'string' ? v : JSON.stringify(v, null, 2));

export function ChangesTable({ changes, caption }: { changes: Change[]; caption: string }) {
  if (changes.length === 0) return <p class="muted">No field changed.</p>;
  return (
    <table class="diff">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.field}>
            <th scope="row">{c.field}</th>
            <td>
              <pre>{shown(c.before)}</pre>
            </td>
            <td>
              <pre>{shown(c.after)}</pre>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every version with who wrote it, when, why and what it changed; any two compared. */
export function VersionHistory({ id, latest }: { id: string; latest: number }) {
  const { api } = useConsole();
  const history = useLoad(() => ok(api.GET('/achievements/{id}/versions', { params: { path: { id }, query: { limit: 20 } } })), [id, latest]);
  const [from, setFrom] = useState(Math.max(1, latest - 1));
  const [to, setTo] = useState(latest);
  const [compare, setCompare] = useState<{ from: number; to: number } | undefined>();
  const diff = useLoad(async () => (compare ? ok(api.GET('/achievements/{id}/changes', { params: { path: { id }, query: compare } })) : undefined), [id, compare?.from, compare?.to]);
  const versions = Array.from({ length: latest }, (_, i) => latest - i);
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">Version history</h2>
      <ProblemAlert error={history.error} />
      {!history.data ? (
        <Loading />
      ) : (
        <ol class="timeline" reversed>
          {history.data.items.map((v) => (
            <li key={v.version}>
              <strong>Version {v.version}</strong> <span class="when">{dateTime(v.createdAt)}</span> by {v.createdBy}
              {v.changeNote && <div>“{v.changeNote}”</div>}
              {v.version > 1 && <div class="muted">Changed: {v.changes.map((c) => c.field).join(', ') || 'nothing'}</div>}
            </li>
          ))}
        </ol>
      )}
      {latest > 1 && (
        <form
          class="inline"
          aria-label="Compare two versions"
          onSubmit={(e) => {
            e.preventDefault();
            setCompare({ from, to });
          }}
        >
          <VersionSelect label="From version" value={from} versions={versions} onValue={setFrom} />
          <VersionSelect label="To version" value={to} versions={versions} onValue={setTo} />
          <button type="submit">Compare</button>
        </form>
      )}
      <ProblemAlert error={diff.error} />
      {compare && diff.data && <ChangesTable changes={diff.data.changes} caption={`From version ${compare.from} to version ${compare.to}`} />}
    </section>
  );
}

function VersionSelect(props: { label: string; value: number; versions: number[]; onValue(v: number): void }) {
  const id = `version-${props.label.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} value={String(props.value)} onChange={(e) => props.onValue(Number((e.target as HTMLSelectElement).value))}>
        {props.versions.map((v) => (
          <option key={v} value={String(v)}>
            {v}
          </option>
        ))}
      </select>
    </div>
  );
}
