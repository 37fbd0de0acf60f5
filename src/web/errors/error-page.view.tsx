import type { VNode } from 'preact';

/** The body of a 404, 400 or 500 page: what happened and where to go next. */
export function ErrorPage(props: { heading: string; message: string }): VNode {
  return (
    <>
      <h1>{props.heading}</h1>
      <p>{props.message}</p>
      <p>
        <a href="/">Go to the front page</a> or <a href="/archive">browse the archive</a>.
      </p>
    </>
  );
}
