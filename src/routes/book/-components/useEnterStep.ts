import { useEffect } from "react";
import { useSessionMutation } from "convex-helpers/react/sessions";
import { api } from "@convex/_generated/api";
import type { Step } from "@convex/shared/constants";

/** Tells the server which step the tab shows, so a reopened tab resumes there. */
export function useEnterStep(step: Step): void {
  const enterStep = useSessionMutation(api.drafts.enterStep);
  useEffect(() => {
    void enterStep({ step });
  }, [enterStep, step]);
}
