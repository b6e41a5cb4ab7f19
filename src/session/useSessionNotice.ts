// Tells the tab, once, why its draft disappeared (it expired), then
// acknowledges the notice and starts the booking again from the first step.
import { useEffect, useRef } from "react";
import { useSessionMutation, useSessionQuery } from "convex-helpers/react/sessions";
import { useRouter } from "@tanstack/react-router";
import { api } from "../../convex/_generated/api";
import { showToast } from "../lib/toasts";

const EXPIRED_MESSAGE = "Your booking session expired. Start again whenever you're ready.";

export function useSessionNotice(): void {
  const notice = useSessionQuery(api.sessions.notice);
  const acknowledge = useSessionMutation(api.sessions.acknowledgeNotice);
  const router = useRouter();
  const shown = useRef<number | null>(null);

  useEffect(() => {
    if (notice === undefined || notice === null || shown.current === notice.at) return;
    shown.current = notice.at;
    showToast(EXPIRED_MESSAGE);
    void acknowledge({}).catch(() => undefined);
    if (router.state.location.pathname.startsWith("/book")) void router.navigate({ to: "/", replace: true });
  }, [notice, acknowledge, router]);
}
