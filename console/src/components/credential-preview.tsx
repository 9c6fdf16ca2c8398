import { useEffect, useRef, useState } from 'preact/hooks';
import { ok, type Answer, type Body } from '../api';
import { useConsole } from '../context';
import { ProblemAlert } from './problem-alert';

type Preview = Answer<'/achievements/preview', 'post'>;

/**
 * The credential the definition being edited would issue, as the API's issuing core builds it for a
 * sample learner, and its public verification page as the page function renders it: refreshed a
 * moment after each change while either is open, so the editor sees the document a learner will
 * hold and the page an employer will read, not a guess of them.
 */
export function CredentialPreview({ definition }: { definition: Body<'/achievements/preview', 'post'> }) {
  const { api } = useConsole();
  const [open, setOpen] = useState(false);
  const [pageShown, setPageShown] = useState(false);
  // Either view, open, keeps the preview fresh.
  const shown = useRef({ json: false, page: false });
  const toggle = (view: 'json' | 'page') => (e: Event) => {
    shown.current[view] = (e.target as HTMLDetailsElement).open;
    setOpen(shown.current.json || shown.current.page);
    setPageShown(shown.current.page);
  };
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
    <>
      <details class="preview" onToggle={toggle('json')}>
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
      <details class="preview" onToggle={toggle('page')}>
        <summary>Preview the public page</summary>
        <ProblemAlert error={error} />
        {preview && pageShown && (
          <>
            <p class="muted">What an employer sees once the credential is issued and valid, for {preview.learner.name}. Links and buttons do nothing here.</p>
            {/* sandbox without allow-scripts or navigation: the page's HTML is shown, never run. Only
                while open: a frame left in the page keeps it from ever looking idle. */}
            <iframe class="page-preview" sandbox="" srcdoc={preview.page} title="Preview of the public verification page" />
          </>
        )}
      </details>
    </>
  );
}
