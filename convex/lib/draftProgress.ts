// How far a draft has got: the server's single answer to "what is still
// missing", used by bookings.confirm and sent to the tab with drafts.get.
import type { Step } from "../shared/constants";
import { detailsFormSchema, type DetailsDraft } from "../forms/detailsForm";

export type DraftProgress = {
  serviceId?: string;
  providerChoice?: string;
  start?: number;
  details: DetailsDraft;
};

/** The first step whose answer is still missing ("review" when nothing is). */
export function firstIncompleteStep(draft: DraftProgress | null): Step {
  if (draft?.serviceId === undefined) return "service";
  if (draft.providerChoice === undefined) return "provider";
  if (draft.start === undefined) return "time";
  if (!detailsFormSchema.safeParse(draft.details).success) return "details";
  return "review";
}
