import { useEffect, useState } from 'preact/hooks';
import { ok, type Answer, type Body } from '../api';
import { useConsole } from '../context';
import { ProblemAlert } from './problem-alert';

type Preview = Answer<'/achievements/preview', 'post'>;

/**
 * The credential the definition being edited would issue, as the API's issuing core builds it for a
 * sample learner: refreshed a moment after each change while it is open, so the editor sees the
 * document a learner will hold, not a guess of it.
 */
export function CredentialPreview({ definition }: { definition: Body<'/achievements/preview', 'post'> }) {
  const { api } = useConsole();
  const [open, setOpen] = useState(false);
  const [preview, setPreview] = useState<Preview | undefined>();
  const [error, setError] = useState<unknown>();
  const body = JSON.stringify(definition);
  useEffect(() => {
    if (!open) return;
    const timer = setTimeout(() => {
      ok(api.POST('/achievements/preview', { body: JSON.parse(body) as typeof definition })).then(
        (p) => (setPreview(p), setError(undefined)),
        setError,
      );
    }, 600);
    return () => clearTimeout(timer);
  }, [open, body]);
  return (
    <details class="preview" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Preview the credential (JSON)</summary>
      <ProblemAlert error={error} />
      {preview && (
        <>
          <p class="muted">{preview.note} The learner here is {preview.learner.name}.</p>
          <pre class="json" tabIndex={0} role="region" aria-label="The credential, as JSON">
            {JSON.stringify(preview.credential, null, 2)}
          </pre>
        </>
      )}
    </details>
  );
}
