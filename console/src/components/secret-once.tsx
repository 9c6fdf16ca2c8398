import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { useConsole } from '../context';

/**
 * A secret the API answers once — a subscription's signing secret, a completion source's secret
 * or bearer token — with a copy button and a plain word that it will not be shown again. The
 * page holds it in memory only: a reload, or leaving the page, forgets it.
 */
export function SecretOnce(props: {
  /** The heading, naming whose secret it is. */
  title: ComponentChildren;
  /** What it is, in words: "signing secret", "bearer token". */
  what: string;
  secret: string;
  /** What the receiving system does with it, under the warning. */
  children?: ComponentChildren;
}) {
  const { announce } = useConsole();
  const headingId = useId();
  const secretId = useId();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.secret);
      announce(`The ${props.what} is copied.`);
    } catch {
      announce(`Could not copy: select the ${props.what} and copy it.`);
    }
  };
  return (
    <section class="alert warn" aria-labelledby={headingId}>
      <h2 id={headingId}>{props.title}</h2>
      <p>
        <strong>Copy it now: it will not be shown again.</strong> Laurel keeps no copy. If it is lost, make a new one.
      </p>
      <p>
        <code id={secretId}>{props.secret}</code>{' '}
        <button type="button" onClick={() => void copy()} aria-describedby={secretId}>
          Copy {props.what}
        </button>
      </p>
      {props.children}
    </section>
  );
}
