// Startup work that overlaps React's first render and the auth check: open
// the socket and subscribe to this tab's draft at once, so the first step
// guard finds its answer already here instead of waiting a round trip.
// A signed-in tab's answer is recomputed by the server when its token
// arrives, in the same update that confirms the sign-in.
import type { ConvexReactClient } from "convex/react";
import type { SessionId } from "convex-helpers/server/sessions";
import { api } from "@convex/_generated/api";
import { isSessionId } from "@convex/shared/sessionId";

export const SESSION_STORAGE_KEY = "tabbook.sessionId";

export function prewarmDraft(convex: ConvexReactClient): void {
  const sessionId = sessionStorage.getItem(SESSION_STORAGE_KEY);
  if (sessionId === null || !isSessionId(sessionId)) {
    convex.connectionState(); // a new tab has no draft yet; just connect
    return;
  }
  convex.prewarmQuery({ query: api.drafts.get, args: { sessionId: sessionId as SessionId } });
}
