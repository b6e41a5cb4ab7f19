// Which steps a draft has earned. Shared by the tab's route guards and the
// server, so a deep link and a mutation agree on what is still missing.
import { STEPS, type Step } from "../schema";
import { detailsFormSchema, type DetailsDraft } from "../forms/detailsForm";

export type DraftProgress = {
  serviceId?: string;
  providerChoice?: string;
  start?: number;
  details: DetailsDraft;
};

export function stepIndex(step: Step): number {
  return STEPS.indexOf(step);
}

/** The first step whose answer is still missing ("review" when nothing is). */
export function firstIncompleteStep(draft: DraftProgress | null): Step {
  if (draft?.serviceId === undefined) return "service";
  if (draft.providerChoice === undefined) return "provider";
  if (draft.start === undefined) return "time";
  if (!detailsFormSchema.safeParse(draft.details).success) return "details";
  return "review";
}

/** The step a tab may show: the one asked for, unless an earlier one is unfinished. */
export function allowedStep(requested: Step, draft: DraftProgress | null): Step {
  const missing = firstIncompleteStep(draft);
  return stepIndex(requested) <= stepIndex(missing) ? requested : missing;
}
