import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ConvexProvider, ConvexReactClient } from "convex/react";
import { SessionProvider, useSessionId } from "convex-helpers/react/sessions";
import { RouterProvider, createRouter } from "@tanstack/react-router";
import { routeTree } from "./routeTree.gen";
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
  const [sessionId] = useSessionId();
  if (sessionId === undefined) return null;
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
