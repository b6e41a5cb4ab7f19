// Step order, shared by the tab's route guards and the server. Free of zod
// on purpose: the tab's guards run before any form code has loaded. What a
// draft still lacks is decided on the server (lib/draftProgress.ts) and
// sent with the draft as `missing`.
import { STEPS, type Step } from "./constants";

export function stepIndex(step: Step): number {
  return STEPS.indexOf(step);
}

/** The first unfinished step of a draft as drafts.get returns it (a tab without one starts at "service"). */
export function missingStep(draft: { missing: Step } | null | undefined): Step {
  return draft?.missing ?? "service";
}

/** The step a tab may show: the one asked for, unless an earlier one (`missing`) is unfinished. */
export function allowedStep(requested: Step, missing: Step): Step {
  return stepIndex(requested) <= stepIndex(missing) ? requested : missing;
}
