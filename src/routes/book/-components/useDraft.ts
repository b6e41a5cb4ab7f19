import { useState } from "react";
import { useRouteContext } from "@tanstack/react-router";
import { useSessionQuery } from "convex-helpers/react/sessions";
import { api } from "@convex/_generated/api";
import type { LoadedDraft } from "../../../lib/stepGuard";

/**
 * The tab's live draft, starting from what the step's guard just read (no
 * loading flash). Once the draft is deleted (booked) the last copy is kept
 * while the tab navigates away.
 */
export function useDraft(): LoadedDraft {
  const fromGuard: { draft?: LoadedDraft } = useRouteContext({ strict: false });
  const live = useSessionQuery(api.drafts.get);
  const [last, setLast] = useState<LoadedDraft>(fromGuard.draft ?? null);
  if (live && live !== last) setLast(live);
  return live ?? last;
}
