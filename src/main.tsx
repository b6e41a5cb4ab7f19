import { StrictMode, useEffect } from "react";
import { createRoot } from "react-dom/client";
import { ConvexProvider, ConvexReactClient } from "convex/react";
import { SessionProvider, useSessionId } from "convex-helpers/react/sessions";
import { RouterProvider, createRouter } from "@tanstack/react-router";
import { routeTree } from "./routeTree.gen";
import { isSessionId } from "../convex/lib/sessionId";
import "./styles.css";

const router = createRouter({
  routeTree,
  defaultPreload: "intent",
  // Filled in by <RouterProvider context> once the session ID is known.
  context: undefined!,
});

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}

function App({ convex }: { convex: ConvexReactClient }) {
  const [sessionId, refreshSessionId] = useSessionId();
  // A stored ID the server would refuse (edited, or from an old version) is replaced, not kept failing.
  const usable = sessionId !== undefined && isSessionId(sessionId);
  useEffect(() => {
    if (sessionId !== undefined && !usable) void refreshSessionId();
  }, [sessionId, usable, refreshSessionId]);
  if (!usable) return null;
  return <RouterProvider router={router} context={{ convex, sessionId }} />;
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
  root.render(
    <StrictMode>
      <ConvexProvider client={convex}>
        <SessionProvider storageKey="tabbook.sessionId">
          <App convex={convex} />
        </SessionProvider>
      </ConvexProvider>
    </StrictMode>,
  );
}
