import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * Every page: its title in the tab and as the one <h1>, which takes focus when the page opens, so
 * that a screen reader announces where a link led and Tab goes on from the top of the content.
 */
export function Page(props: { title: string; lead?: ComponentChildren; actions?: ComponentChildren; children: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} · Laurel`;
    heading.current?.focus({ preventScroll: true });
  }, [props.title]);
  return (
    <>
      <div class="page-head">
        <div>
          <h1 ref={heading} tabIndex={-1}>
            {props.title}
          </h1>
          {props.lead && <p class="lead">{props.lead}</p>}
        </div>
        {props.actions && <div class="actions">{props.actions}</div>}
      </div>
      {props.children}
    </>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p role="status" class="muted">
      {what}…
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/**
 * Links between the pages of a list that the URL holds (`?cursor=`), so that a page can be linked
 * to and Back goes back: "First page" when this is not the first, "Next page" when the API
 * answered a cursor. Nothing when the list fits one page.
 */
export function PageLinks(props: { first?: string | undefined; next?: string | undefined; of?: string }) {
  if (!props.first && !props.next) return null;
  const of = props.of ? ` of ${props.of}` : '';
  return (
    <p class="actions">
      {props.first && <a href={props.first}>First page{of}</a>}
      {props.next && <a href={props.next}>Next page{of}</a>}
    </p>
  );
}
