import { createFileRoute, redirect } from "@tanstack/react-router";
import { allowedStep, missingStep } from "@convex/shared/steps";
import { loadDraft } from "../lib/stepGuard";
import { STEP_PATHS } from "../lib/steps";

/** "/" resumes the tab's booking at the step it was on. */
export const Route = createFileRoute("/")({
  beforeLoad: async ({ context }) => {
    const draft = await loadDraft(context);
    throw redirect({
      to: STEP_PATHS[allowedStep(draft?.step ?? "service", missingStep(draft))],
      replace: true,
    });
  },
});
