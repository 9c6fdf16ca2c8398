import { useState } from 'preact/hooks';
import { fileFrom, ok } from '../api';
import { SelectField, TextField } from '../components/fields';
import { fieldError, ProblemAlert } from '../components/problem-alert';
import { useConsole } from '../context';
import { saveFile } from '../format';
import { useLoad } from '../load';

/**
 * A learner's transcript (CLR 2.0): every current credential of theirs, or a pathway's, as one
 * signed ClrCredential file. The email goes in the POST body, never in the address bar; the file
 * is named by the date alone, so the downloads folder does not name the learner either.
 */
export function TranscriptForm() {
  const { api, announce, can } = useConsole();
  const [email, setEmail] = useState('');
  const [pathwayId, setPathwayId] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // Pathways to restrict to (the first 100, by name); without them, the transcript holds everything.
  const allowed = can('POST /transcripts');
  const pathways = useLoad(async () => (allowed ? ok(api.GET('/pathways', { params: { query: { limit: 100 } } })) : undefined), [allowed]);
  const download = async () => {
    setError(undefined);
    setBusy(true);
    try {
      const file = await fileFrom<Blob>(api.POST('/transcripts', { body: { email: email.trim(), ...(pathwayId ? { pathwayId } : {}) }, parseAs: 'blob' }));
      saveFile(file, `transcript-clr-${new Date().toISOString().slice(0, 10)}${pathwayId ? `-${pathwayId}` : ''}.json`);
      announce('Transcript downloaded.');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  // Only for the roles that may sign one (registrars; admins always may).
  if (!allowed) return null;
  return (
    <section aria-labelledby="transcript-title">
      <h2 id="transcript-title">Transcript (CLR 2.0)</h2>
      <p class="hint">
        A learner's current credentials as one signed file they or you can share: each credential embedded as issued, revoked and suspended ones left out. Choose a pathway to give only its
        credentials.
      </p>
      <form
        class="filters"
        aria-label="Download a transcript"
        onSubmit={(e) => {
          e.preventDefault();
          void download();
        }}
      >
        <TextField label="Learner's email" type="email" required value={email} onValue={setEmail} error={fieldError(error, 'email')} />
        <SelectField
          label="Pathway"
          hint="Optional: only the pathway's award and the credentials it counts."
          value={pathwayId}
          onValue={setPathwayId}
          error={fieldError(error, 'pathwayId')}
          options={[{ value: '', label: 'All current credentials' }, ...(pathways.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))]}
        />
        <button type="submit" disabled={busy || !email.trim()}>
          {busy ? 'Signing…' : 'Download transcript'}
        </button>
      </form>
      <ProblemAlert error={error ?? pathways.error} />
    </section>
  );
}
