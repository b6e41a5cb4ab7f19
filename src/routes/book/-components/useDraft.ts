// The step's live draft, starting from what its guard just read (no loading
// flash), typed for the step (see DraftAt in lib/stepGuard.ts).
import { useState } from "react";
import { useSessionQuery } from "convex-helpers/react/sessions";
import { api } from "@convex/_generated/api";
import type { Step } from "@convex/shared/constants";
import { reaches, type DraftAt } from "../../../lib/stepGuard";

/**
 * The subscription's answer while it still lets the tab stay on `step`;
 * otherwise (booked and deleted, or an earlier choice dropped) the last
 * copy is kept while the tab navigates away.
 */
export function useDraft<S extends Step>(step: S, fromGuard: DraftAt<S>): DraftAt<S> {
  const live = useSessionQuery(api.drafts.get);
  const [last, setLast] = useState(fromGuard);
  const current = live !== undefined && reaches(live, step) ? live : last;
  if (current !== last) setLast(current);
  return current;
}
