import { Link } from "@tanstack/react-router";
import { STEPS, type Step } from "../../../../convex/schema";
import { stepIndex } from "../../../../convex/lib/steps";
import { STEP_LABELS, STEP_PATHS } from "../../../lib/steps";

/** "Step 3 of 5" plus the list of steps; earlier steps link back. */
export function ProgressSteps({ current }: { current: Step }) {
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
            className={index < at ? "done" : index === at ? "current" : "todo"}
            aria-current={index === at ? "step" : undefined}
          >
            {index < at ? (
              <Link to={STEP_PATHS[step]}>{STEP_LABELS[step]}</Link>
            ) : (
              <span>{STEP_LABELS[step]}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
