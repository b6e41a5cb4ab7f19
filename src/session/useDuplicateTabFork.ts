// A duplicated tab forks: it gets a new session ID whose draft is a server-side
// copy of the original's, without the held time (which stays with the original).
import { useEffect } from "react";
import { useConvex } from "convex/react";
import { useSessionId } from "convex-helpers/react/sessions";
import { api } from "@convex/_generated/api";
import { useShowToast } from "../lib/toasts";
import { probeForTwin, sessionFingerprint } from "./tabProbe";

const CHANNEL_NAME = "tabbook.tabs";
const FORKED_MESSAGE =
  "This tab is a copy of another open tab, so it now has its own booking. Any time held stays with the other tab.";

export function useDuplicateTabFork(): void {
  const showToast = useShowToast();
  const [sessionId, refreshSessionId] = useSessionId();
  const convex = useConvex();

  useEffect(() => {
    if (sessionId === undefined || typeof BroadcastChannel === "undefined") return;
    let close = () => {};
    let cancelled = false;
    const fork = () =>
      void refreshSessionId(async (newSessionId) => {
        await convex.mutation(api.sessions.fork, { sessionId, newSessionId });
      }).then(
        () => showToast(FORKED_MESSAGE),
        () =>
          showToast(
            "This tab is a copy of another tab. Close one of them to avoid mixing their bookings.",
            "error",
          ),
      );
    void sessionFingerprint(sessionId).then((fingerprint) => {
      if (!cancelled) close = probeForTwin(new BroadcastChannel(CHANNEL_NAME), fingerprint, fork);
    });
    return () => {
      cancelled = true;
      close();
    };
  }, [showToast, sessionId, refreshSessionId, convex]);
}
