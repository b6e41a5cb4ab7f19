import { StrictMode, useEffect, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import { ConvexReactClient, useConvexAuth } from "convex/react";
import { ConvexAuthProvider, useAuthToken } from "@convex-dev/auth/react";
import { SessionProvider, useSessionId } from "convex-helpers/react/sessions";
import { RouterProvider, createRouter } from "@tanstack/react-router";
import { routeTree } from "./routeTree.gen";
import { isSessionId } from "@convex/shared/sessionId";
import { setAuthToken } from "./lib/authToken";
import { takeRestart } from "./session/afterRotation";
import { SESSION_STORAGE_KEY, prewarmDraft } from "./session/prewarmDraft";
import { createManageLinks } from "./session/manageLinks";
import "./styles.css";

const router = createRouter({
  routeTree,
  defaultPreload: "intent",
  // Filled in by <RouterProvider context> once the session ID is known.
  context: undefined!,
});

// Fetch the opened page's code now, while its guard waits for the draft, not after.
for (const route of router.getMatchedRoutes(window.location.pathname)[0]) void router.loadRouteChunk(route);

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}

/**
 * Once a new session ID reaches the router, re-check the current page's guard
 * (or restart, after sign-out). Sign-in alone does not re-check: it always
 * rotates the ID once the draft is carried over, and a guard run before that
 * would read the old ID mid-move.
 */
function useRecheckOnNewSession(sessionId: string | undefined) {
  const seen = useRef(sessionId);
  useEffect(() => {
    const before = seen.current;
    seen.current = sessionId;
    if (before === undefined || sessionId === undefined || before === sessionId) return;
    void (takeRestart() ? router.navigate({ to: "/", replace: true }) : router.invalidate());
  }, [sessionId]);
}

function App({ convex }: { convex: ConvexReactClient }) {
  const [manageLinks] = useState(createManageLinks);
  const [sessionId, refreshSessionId] = useSessionId();
  const { isLoading, isAuthenticated } = useConvexAuth();
  const token = useAuthToken();
  useEffect(() => setAuthToken(isAuthenticated ? token : null), [isAuthenticated, token]);
  // Until the server has first confirmed who is signed in, a signed-in tab's draft would
  // look locked; later re-checks (token refresh, sign-in) must not unmount the page.
  const [authSettled, setAuthSettled] = useState(false);
  if (!isLoading && !authSettled) setAuthSettled(true);
  // A stored ID the server would refuse (edited, or from an old version) is replaced, not kept failing.
  const usable = sessionId !== undefined && isSessionId(sessionId);
  useEffect(() => {
    if (sessionId !== undefined && !usable) void refreshSessionId();
  }, [sessionId, usable, refreshSessionId]);
  useRecheckOnNewSession(usable ? sessionId : undefined);
  if (!usable || !authSettled) return null;
  return <RouterProvider router={router} context={{ convex, sessionId, isAuthenticated, manageLinks }} />;
}

const root = createRoot(document.getElementById("root")!);
const convexUrl = import.meta.env.VITE_CONVEX_URL as string | undefined;

if (!convexUrl) {
  root.render(
    <main className="page">
      <h1>tabbook is not configured</h1>
      <p role="alert">
        VITE_CONVEX_URL is not set. Start the app with <code>npm run dev</code>, or run{" "}
        <code>npx convex dev</code> to link a Convex deployment.
      </p>
    </main>,
  );
} else {
  const convex = new ConvexReactClient(convexUrl);
  prewarmDraft(convex);
  root.render(
    <StrictMode>
      <ConvexAuthProvider client={convex}>
        <SessionProvider storageKey={SESSION_STORAGE_KEY}>
          <App convex={convex} />
        </SessionProvider>
      </ConvexAuthProvider>
    </StrictMode>,
  );
}
