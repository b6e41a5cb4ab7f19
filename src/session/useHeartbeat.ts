// The tab's heartbeat. A visible tab beats every 10–15 s (the server sets
// the pace from its timeout); a hidden one says so once and pauses, which
// the server does not read as "gone"; a closing or reloading page says so
// by beacon, so its silence counts from then. If the server released this
// tab's hold while it was away, the next beat re-acquires it or reports it lost.
import { useEffect } from "react";
import { useSessionId, useSessionMutation } from "convex-helpers/react/sessions";
import { useRouter } from "@tanstack/react-router";
import { api } from "@convex/_generated/api";
import { sendBeacon } from "../lib/beacon";
import { BEACON_PATHS } from "@convex/shared/beacons";
import { useShowToast } from "../lib/toasts";
import type { TabSession } from "./tabSession";

export const HOLD_LOST_MESSAGE =
  "While this tab was away, the time you had chosen was taken. Please choose another time.";
export const HOLD_BACK_MESSAGE = "Welcome back: the time you had chosen is held for you again.";

/** Up to 50% later than the server's pace, so tabs don't beat in lockstep. */
const JITTER = 0.5;

export function useHeartbeat(session: TabSession): void {
  const showToast = useShowToast();
  const [sessionId] = useSessionId();
  const beat = useSessionMutation(api.heartbeats.beat);
  const router = useRouter();

  useEffect(() => {
    if (sessionId === undefined) return;
    let seq = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    // Unloading fires pagehide before visibilitychange: once leaving, a "hidden" beat would undo the beacon.
    let leaving = false;
    const nextSeq = () => (seq = Math.max(Date.now(), seq + 1));

    const send = async (visible: boolean) => {
      clearTimeout(timer);
      let reply;
      try {
        reply = await beat({ seq: nextSeq(), visible });
      } catch {
        reply = null; // offline: try again at the usual pace (a beat over budget is answered with a wait, not thrown)
      }
      if (reply?.hold === "lost") {
        showToast(HOLD_LOST_MESSAGE, "error");
        void router.navigate({ to: "/book/time" });
      } else if (reply?.hold === "reacquired") {
        showToast(HOLD_BACK_MESSAGE);
      }
      if (stopped || leaving || !visible || document.visibilityState !== "visible") return;
      const pace = reply?.beatEveryMs ?? 10_000;
      timer = setTimeout(() => void send(true), pace * (1 + Math.random() * JITTER));
    };

    const onVisibility = () => {
      if (!leaving) void send(document.visibilityState === "visible");
    };
    const onPageHide = () => {
      leaving = true;
      clearTimeout(timer);
      sendBeacon(BEACON_PATHS.leave, { sessionId, seq: nextSeq() }, session.authToken.get());
    };
    const onPageShow = (event: PageTransitionEvent) => {
      leaving = false;
      if (event.persisted) void send(document.visibilityState === "visible");
    };
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("pagehide", onPageHide);
    window.addEventListener("pageshow", onPageShow);
    void send(document.visibilityState === "visible");
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("pagehide", onPageHide);
      window.removeEventListener("pageshow", onPageShow);
    };
  }, [showToast, session, sessionId, beat, router]);
}
