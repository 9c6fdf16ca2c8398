import { useConsole } from '../context';
import { Page } from '../components/page';

/** A page the signed-in roles may not use: said plainly, with who can help. */
export function NotAllowed() {
  const { session } = useConsole();
  return (
    <Page title="Not allowed">
      <p>
        Your roles ({session.groups.join(', ') || 'none'}) do not include this page. Ask your Laurel administrator for the role if your work needs it.
      </p>
      <p>
        <a href="/">Go to Home</a>
      </p>
    </Page>
  );
}
