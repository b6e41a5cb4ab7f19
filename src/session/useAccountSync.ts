// Keeps the tab's session in step with the account, in every tab of the
// browser (@convex-dev/auth shares the token through localStorage):
// - signed in (here, in another tab, or while this one was closed): rotate
//   the session ID, carrying the draft over and binding it to the user (not
//   in a tab opened while signed in: its new ID never served a guest, and a
//   pick made during a needless carry-over would land on the old ID);
// - signed out: the server already cleared the user's drafts, so rotate to
//   a fresh ID, say so once, and go back to the start.
import { useEffect, useRef } from "react";
import { useConvex, useConvexAuth } from "convex/react";
import { useConvexAuth as useAuthTokenState } from "@convex-dev/auth/react";
import { useSessionId } from "convex-helpers/react/sessions";
import { api } from "@convex/_generated/api";
import { useShowToast } from "../lib/toasts";
import { markSignedIn, wasSignedIn } from "./signedInMark";
import type { TabSession } from "./tabSession";

export const SIGNED_OUT_MESSAGE = "You signed out; your booking in progress was cleared.";

export function useAccountSync(session: TabSession): void {
  const showToast = useShowToast();
  // Signing in counts once the server has confirmed the token (the carry-over runs as the user);
  // signing out counts once the token is gone, so a token refresh in flight is not mistaken for it.
  const server = useConvexAuth();
  const token = useAuthTokenState();
  const isLoading = server.isLoading || token.isLoading;
  const isAuthenticated = server.isAuthenticated || (wasSignedIn() && token.isAuthenticated);
  const [sessionId, refreshSessionId] = useSessionId();
  const convex = useConvex();
  const busy = useRef(false);

  useEffect(() => {
    if (isLoading || sessionId === undefined || busy.current) return;
    const signedInBefore = wasSignedIn();
    if (isAuthenticated === signedInBefore) {
      session.accountPhase.set(isAuthenticated ? "member" : "guest");
      return;
    }
    if (isAuthenticated && session.bornSignedIn()) {
      markSignedIn(true);
      session.accountPhase.set("member");
      return;
    }
    busy.current = true;
    if (isAuthenticated) {
      session.accountPhase.set("carrying-over");
      void refreshSessionId(async (newSessionId) => {
        await convex.mutation(api.sessions.adopt, { sessionId, newSessionId });
      })
        .then(() => {
          markSignedIn(true);
          session.accountPhase.set("member");
        })
        .catch(() => {
          session.accountPhase.set("guest");
          showToast(
            "Your booking could not be moved to your account yet. Reload the page to try again.",
            "error",
          );
        })
        .finally(() => {
          busy.current = false;
        });
    } else {
      markSignedIn(false);
      session.accountPhase.set("guest");
      session.requestRestart();
      void refreshSessionId()
        .then(() => showToast(SIGNED_OUT_MESSAGE))
        .finally(() => {
          busy.current = false;
        });
    }
  }, [showToast, session, isLoading, isAuthenticated, sessionId, refreshSessionId, convex]);
}
