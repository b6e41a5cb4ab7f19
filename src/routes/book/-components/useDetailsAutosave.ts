// Autosave for the details form. Every change gets a clock-based revision and
// is saved over the socket after a short pause (at most every 2 s while
// typing), at once on blur, and by `navigator.sendBeacon` when the page is
// hidden or unloads, so a reload right after typing loses nothing. The server
// ignores revisions older than the one it has.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useSessionId, useSessionMutation } from "convex-helpers/react/sessions";
import { api } from "@convex/_generated/api";
import type { DetailsDraft } from "@convex/forms/detailsForm";
import { sendBeacon } from "../../../lib/beacon";
import { BEACON_PATHS } from "@convex/shared/beacons";
import type { TabSession } from "../../../session/tabSession";
import { noteBeaconRev } from "../../../session/beaconRev";

const QUIET_MS = 400;
const MAX_WAIT_MS = 2000;

export type SaveStatus = "idle" | "saving" | "saved" | "error";

export function useDetailsAutosave(restoredRev: number, session: Pick<TabSession, "authToken">) {
  const save = useSessionMutation(api.drafts.saveDetails);
  const [sessionId] = useSessionId();
  const [status, setStatus] = useState<SaveStatus>("idle");
  const state = useRef({
    pending: null as DetailsDraft | null,
    rev: restoredRev,
    timer: undefined as ReturnType<typeof setTimeout> | undefined,
    firstUnsentAt: 0,
  });

  const flush = useCallback(async () => {
    const s = state.current;
    clearTimeout(s.timer);
    s.timer = undefined;
    s.firstUnsentAt = 0;
    if (s.pending === null) return;
    const { pending: details, rev } = s;
    setStatus("saving");
    try {
      await save({ details, rev });
      if (state.current.rev === rev) {
        state.current.pending = null;
        setStatus("saved");
      }
    } catch {
      setStatus("error");
    }
  }, [save]);

  const change = useCallback(
    (details: DetailsDraft) => {
      const s = state.current;
      s.pending = details;
      s.rev = Math.max(Date.now(), s.rev + 1);
      clearTimeout(s.timer);
      const now = Date.now();
      if (s.firstUnsentAt === 0) s.firstUnsentAt = now;
      const wait = Math.min(QUIET_MS, Math.max(0, s.firstUnsentAt + MAX_WAIT_MS - now));
      s.timer = setTimeout(() => void flush(), wait);
    },
    [flush],
  );

  useEffect(() => {
    const beacon = () => {
      const { pending, rev } = state.current;
      if (pending === null || sessionId === undefined) return;
      sendBeacon(BEACON_PATHS.flushDetails, { sessionId, details: pending, rev }, session.authToken.get());
      noteBeaconRev(rev);
    };
    const onVisibility = () => {
      if (document.visibilityState === "hidden") beacon();
    };
    window.addEventListener("pagehide", beacon);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      window.removeEventListener("pagehide", beacon);
      document.removeEventListener("visibilitychange", onVisibility);
      beacon();
    };
  }, [sessionId, session]);

  /** The newest revision this tab knows of (its own edits, or what it restored). */
  const knownRev = useCallback(() => state.current.rev, []);
  const hasUnsaved = useCallback(() => state.current.pending !== null, []);
  const adopt = useCallback((rev: number) => {
    state.current.rev = Math.max(state.current.rev, rev);
  }, []);

  return useMemo(
    () => ({ status, change, flush, knownRev, hasUnsaved, adopt }),
    [status, change, flush, knownRev, hasUnsaved, adopt],
  );
}
