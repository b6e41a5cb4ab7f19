// The tab's entry: the Convex client, the tab-session store, the router and
// the providers around them. The draft index.html asked for is handed over
// here, and a stored access token is set at once so the socket's first
// subscriptions run as the signed-in user, not as a guest.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ConvexReactClient } from "convex/react";
import { ConvexAuthProvider } from "@convex-dev/auth/react";
import { SessionProvider } from "convex-helpers/react/sessions";
import { createRouter } from "@tanstack/react-router";
import { routeTree } from "./routeTree.gen";
import { SESSION_STORAGE_KEY, prewarmDraft } from "./session/prewarmDraft";
import { takeFirstDraft } from "./session/firstDraft";
import { createTabSession } from "./session/tabSession";
import { SessionGate } from "./session/SessionGate";

performance.mark("tabbook:main"); // the bundle has loaded and runs (bench/restore.ts reads tabbook:* marks)

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
  const firstDraft = takeFirstDraft();
  const token = firstDraft?.token;
  // ConvexAuthProvider sets its own (refreshing) token source once it has read storage.
  if (token) convex.setAuth(() => Promise.resolve(token));
  prewarmDraft(convex);
  const session = createTabSession(firstDraft);
  root.render(
    <StrictMode>
      <ConvexAuthProvider client={convex}>
        <SessionProvider storageKey={SESSION_STORAGE_KEY}>
          <SessionGate convex={convex} router={router} session={session} prefetched={firstDraft !== null} />
        </SessionProvider>
      </ConvexAuthProvider>
    </StrictMode>,
  );
}
