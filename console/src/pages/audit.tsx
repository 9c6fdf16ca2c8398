import { useState } from 'preact/hooks';
import { fileFrom, ok } from '../api';
import { AuditTimeline } from '../components/audit-timeline';
import { SelectField, TextField } from '../components/fields';
import { Loading, Page } from '../components/page';
import { ProblemAlert } from '../components/problem-alert';
import { useConsole } from '../context';
import { saveFile } from '../format';
import { useLoad } from '../load';
import { navigate } from '../router';

type Subject = 'issuance' | 'credential';

/** An issuance's or a credential's hash-chained trail as a timeline, with the chain's verdict and the evidence pack. */
export function AuditPage() {
  const { api, can } = useConsole();
  const params = new URLSearchParams(location.search);
  const subject: Subject = params.has('credential') ? 'credential' : 'issuance';
  const id = params.get(subject) ?? '';
  const [kind, setKind] = useState<Subject>(subject);
  const [value, setValue] = useState(id);
  const [error, setError] = useState<unknown>();
  const trail = useLoad(
    async () =>
      !id
        ? undefined
        : subject === 'credential'
          ? ok(api.GET('/credentials/{id}/audit', { params: { path: { id } } }))
          : ok(api.GET('/issuances/{id}/audit', { params: { path: { id } } })),
    [subject, id],
  );
  const pack = async () => {
    setError(undefined);
    try {
      saveFile(await fileFrom<Blob>(api.GET('/issuances/{id}/evidence-pack', { params: { path: { id } }, parseAs: 'blob' })), `evidence-pack-${id}.zip`);
    } catch (e) {
      setError(e);
    }
  };
  const t = trail.data;
  return (
    <Page title="Audit" lead="Every event of an issuance or a credential, each sealed to the one before.">
      <form
        class="filters"
        role="search"
        aria-label="Find a trail"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`/audit?${kind}=${encodeURIComponent(value.trim())}`);
        }}
      >
        <SelectField<Subject>
          label="Trail of"
          value={kind}
          onValue={setKind}
          options={[
            { value: 'issuance', label: 'An issuance' },
            { value: 'credential', label: 'A credential' },
          ]}
        />
        <TextField label="Id" value={value} onValue={setValue} />
        <button type="submit">Show trail</button>
      </form>
      <ProblemAlert error={trail.error ?? error} />
      {id && !t && !trail.error && <Loading />}
      {t && (
        <>
          <div class={`alert ${t.chain.valid ? 'good' : 'error'}`} role="status">
            <strong>{t.chain.valid ? 'The chain is intact' : 'The chain is broken'}</strong>: {t.chain.length} events
            {t.chain.valid ? ', each sealed to the one before.' : `. ${t.chain.problem ?? ''}`}
          </div>
          {subject === 'issuance' && can('GET /issuances/{id}/evidence-pack') && (
            <p>
              <button type="button" onClick={() => void pack()}>
                Download evidence pack
              </button>{' '}
              <span class="muted">A zip of the request, evidence, decisions, trail and credential, for an appeal or an audit.</span>
            </p>
          )}
          <AuditTimeline events={t.events} />
        </>
      )}
    </Page>
  );
}
