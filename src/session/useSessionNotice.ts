// Tells the tab, once, why its draft disappeared (it expired: start again)
// or why its held time was let go (the business closed it: pick another
// time), then acknowledges the notice and takes the tab where it can go on.
import { useEffect, useRef } from "react";
import { useSessionMutation, useSessionQuery } from "convex-helpers/react/sessions";
import { useRouter } from "@tanstack/react-router";
import { api } from "@convex/_generated/api";
import { useShowToast } from "../lib/toasts";

const MESSAGES = {
  expired: "Your booking session expired. Start again whenever you're ready.",
  closed:
    "The business has just closed the time you chose, so we let it go. Your other choices are kept: please pick another time.",
} as const;

export function useSessionNotice(): void {
  const showToast = useShowToast();
  const notice = useSessionQuery(api.sessions.notice);
  const acknowledge = useSessionMutation(api.sessions.acknowledgeNotice);
  const router = useRouter();
  const shown = useRef<number | null>(null);

  useEffect(() => {
    if (notice === undefined || notice === null || shown.current === notice.at) return;
    shown.current = notice.at;
    showToast(MESSAGES[notice.kind], notice.kind === "closed" ? "error" : "info");
    void acknowledge({}).catch(() => undefined);
    if (router.state.location.pathname.startsWith("/book")) {
      void router.navigate({ to: notice.kind === "closed" ? "/book/time" : "/", replace: true });
    }
  }, [showToast, notice, acknowledge, router]);
}
