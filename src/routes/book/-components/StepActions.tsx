import { Link } from "@tanstack/react-router";

type BackPath = "/book/service" | "/book/provider" | "/book/time" | "/book/details";

/**
 * The step's primary submit button, with a Back link to the previous step when
 * there is one. `plain` renders the link as a bare <a> (the static prepaint of
 * src/prepaint has no router).
 */
export function StepActions({
  busy,
  back,
  label = "Continue",
  plain = false,
}: {
  busy: boolean;
  back?: BackPath;
  label?: string;
  plain?: boolean;
}) {
  return (
    <div className="actions">
      <button type="submit" className="button-primary" disabled={busy}>
        {busy ? "Saving…" : label}
      </button>
      {back &&
        (plain ? (
          <a href={back} className="button-link">
            Back
          </a>
        ) : (
          <Link to={back} className="button-link">
            Back
          </Link>
        ))}
    </div>
  );
}
