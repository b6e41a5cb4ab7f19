// Opens the router once the tab has a usable session ID and either the
// server's first word on sign-in or the draft index.html fetched, and keeps
// the tab-session store in step with the auth state and the session ID.
import { useEffect, useRef, useState } from "react";
import { useConvexAuth, type ConvexReactClient } from "convex/react";
import { useAuthToken } from "@convex-dev/auth/react";
import { useSessionId } from "convex-helpers/react/sessions";
import { RouterProvider, type AnyRouter } from "@tanstack/react-router";
import { isSessionId } from "@convex/shared/sessionId";
import type { TabSession } from "./tabSession";

type Props = { convex: ConvexReactClient; router: AnyRouter; session: TabSession; prefetched: boolean };

/**
 * Once a new session ID reaches the router, re-check the current page's guard
 * (or restart, after sign-out). Sign-in alone does not re-check: it always
 * rotates the ID once the draft is carried over, and a guard run before that
 * would read the old ID mid-move.
 */
function useRecheckOnNewSession(router: AnyRouter, session: TabSession, sessionId: string | undefined) {
  const seen = useRef(sessionId);
  useEffect(() => {
    const before = seen.current;
    seen.current = sessionId;
    if (before === undefined || sessionId === undefined || before === sessionId) return;
    void (session.takeRestart() ? router.navigate({ to: "/", replace: true }) : router.invalidate());
  }, [router, session, sessionId]);
}

/** Tells the store what the server says about sign-in (and the token beacons carry). */
function useAuthIntoStore(session: TabSession): boolean {
  const { isLoading, isAuthenticated } = useConvexAuth();
  const token = useAuthToken();
  useEffect(() => session.authToken.set(isAuthenticated ? token : null), [session, isAuthenticated, token]);
  // Until the server has first confirmed who is signed in, a signed-in tab's draft would
  // look locked; later re-checks (token refresh, sign-in) must not unmount the page.
  const [settled, setSettled] = useState(false);
  if (!isLoading && !settled) setSettled(true);
  useEffect(() => {
    if (!settled) return;
    if (!session.auth.get().settled) performance.mark("tabbook:auth-settled");
    session.auth.set({ settled: true, isAuthenticated });
  }, [session, settled, isAuthenticated]);
  return settled;
}

export function SessionGate({ convex, router, session, prefetched }: Props) {
  // The draft index.html fetched answers only the first page's guards.
  useEffect(() => router.subscribe("onResolved", () => session.firstPageShown()), [router, session]);
  const [sessionId, refreshSessionId] = useSessionId();
  const settled = useAuthIntoStore(session);
  // A stored ID the server would refuse (edited, or from an old version) is replaced, not kept failing.
  const usable = sessionId !== undefined && isSessionId(sessionId);
  useEffect(() => {
    if (sessionId !== undefined && !usable) void refreshSessionId();
  }, [sessionId, usable, refreshSessionId]);
  useRecheckOnNewSession(router, session, usable ? sessionId : undefined);
  // With the draft fetched at startup the first page need not wait for sign-in to settle:
  // its guards wait only where they need the answer (session.signedIn()).
  if (!usable || !(settled || prefetched)) return null;
  return <RouterProvider router={router} context={{ convex, sessionId, session }} />;
}
