import { Link } from "@tanstack/react-router";
import { useSessionQuery } from "convex-helpers/react/sessions";
import { api } from "@convex/_generated/api";
import { STEPS, type Step } from "@convex/shared/constants";
import { missingStep, stepIndex } from "@convex/shared/steps";
import { STEP_LABELS, STEP_PATHS } from "../../../lib/steps";

/** "Step 3 of 5" plus the list of steps; every step the draft has reached links to it. */
export function ProgressSteps({ current }: { current: Step }) {
  const draft = useSessionQuery(api.drafts.get);
  const at = stepIndex(current);
  const reached = draft === undefined ? at : Math.max(at, stepIndex(missingStep(draft)));
  return <ProgressNav current={current} reached={reached} />;
}

/** The progress list itself; `plain` links are bare <a>s (the static prepaint has no router). */
export function ProgressNav({
  current,
  reached,
  plain = false,
}: {
  current: Step;
  reached: number;
  plain?: boolean;
}) {
  const at = stepIndex(current);
  return (
    <nav aria-label="Booking progress" className="progress">
      <p className="progress-count">
        Step {at + 1} of {STEPS.length}
      </p>
      <ol className="progress-steps">
        {STEPS.map((step, index) => (
          <li
            key={step}
            className={index === at ? "current" : index < reached ? "done" : "todo"}
            aria-current={index === at ? "step" : undefined}
          >
            {index !== at && index <= reached ? (
              plain ? (
                <a href={STEP_PATHS[step]}>{STEP_LABELS[step]}</a>
              ) : (
                <Link to={STEP_PATHS[step]}>{STEP_LABELS[step]}</Link>
              )
            ) : (
              <span>{STEP_LABELS[step]}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
