// `beforeLoad` guard for the flow's steps: reads the tab's draft from Convex
// on every navigation and sends a deep link to the first unfinished step.
import { redirect } from "@tanstack/react-router";
import { api } from "@convex/_generated/api";
import type { Step } from "@convex/shared/constants";
import { allowedStep, missingStep } from "@convex/shared/steps";
import type { RouterContext } from "./routerContext";
import { STEP_PATHS } from "./steps";

export async function loadDraft(context: RouterContext) {
  return context.convex.query(api.drafts.get, { sessionId: context.sessionId });
}

export type LoadedDraft = Awaited<ReturnType<typeof loadDraft>>;

/** A step route's `beforeLoad`: the draft guard for `step`. */
export function stepBeforeLoad(step: Step) {
  return ({ context }: { context: RouterContext }) => guardStep(context, step);
}

export async function guardStep(context: RouterContext, step: Step): Promise<{ draft: LoadedDraft }> {
  const draft = await loadDraft(context);
  const allowed = allowedStep(step, missingStep(draft));
  if (allowed !== step) throw redirect({ to: STEP_PATHS[allowed], replace: true });
  return { draft };
}
