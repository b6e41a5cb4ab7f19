import { Link } from "@tanstack/react-router";

/** The step's primary submit button, with a Back link to the previous step when there is one. */
export function StepActions({
  busy,
  back,
  label = "Continue",
}: {
  busy: boolean;
  back?: "/book/service" | "/book/provider" | "/book/time" | "/book/details";
  label?: string;
}) {
  return (
    <div className="actions">
      <button type="submit" className="button-primary" disabled={busy}>
        {busy ? "Saving…" : label}
      </button>
      {back && (
        <Link to={back} className="button-link">
          Back
        </Link>
      )}
    </div>
  );
}
