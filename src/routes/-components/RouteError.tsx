import { useLayoutEffect } from "react";
import { useRouter, type ErrorComponentProps } from "@tanstack/react-router";
import { userMessage } from "../../lib/errors";
import { dropPrepaint } from "../../lib/prepaint";

/** Shown instead of a blank screen when a route's guard or component throws. */
export function RouteError({ error, reset }: ErrorComponentProps) {
  const router = useRouter();
  useLayoutEffect(dropPrepaint, []);
  return (
    <section className="card" role="alert">
      <h1>We couldn't show this page</h1>
      <p>{userMessage(error, "Something went wrong while loading this page.")}</p>
      <button
        type="button"
        className="button-primary"
        onClick={() => {
          reset();
          void router.invalidate();
        }}
      >
        Try again
      </button>
    </section>
  );
}
