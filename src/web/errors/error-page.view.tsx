import type { VNode } from 'preact';
import { useMessages } from '../views/messages-context.js';

/** The body of a 404, 400 or 500 page: what happened and where to go next. */
export function ErrorPage(props: { heading: string; message: string }): VNode {
  const m = useMessages();
  return (
    <>
      <h1>{props.heading}</h1>
      <p>{props.message}</p>
      <p>
        {m.rich('public.errorPage.next', {
          front: (chunks) => <a href="/">{chunks}</a>,
          archive: (chunks) => <a href="/archive">{chunks}</a>,
        })}
      </p>
    </>
  );
}
