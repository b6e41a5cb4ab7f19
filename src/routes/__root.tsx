// The page frame every route renders in: header, live regions, and the tab's
// session lifecycle once the server has said who is signed in.
import { useLayoutEffect, useState } from "react";
import { Link, Outlet, createRootRouteWithContext, useRouterState } from "@tanstack/react-router";
import type { RouterContext } from "../lib/routerContext";
import { ConnectionBanner } from "./-components/ConnectionBanner";
import { RouteError } from "./-components/RouteError";
import { Toaster } from "../components/Toaster";
import { AccountNav } from "./-components/AccountNav";
import { TabSession } from "../session/TabSession";
import { useStore } from "../lib/store";
import { dropPrepaint } from "../lib/prepaint";
import { STEP_PATHS } from "../lib/steps";

export const Route = createRootRouteWithContext<RouterContext>()({
  component: RootLayout,
  errorComponent: RouteError,
  notFoundComponent: NotFound,
});

function RootLayout() {
  const { session } = Route.useRouteContext();
  const { settled } = useStore(session.auth);
  // The lifecycle hooks start after the first page has rendered, not in the way of a restore.
  const idle = useRouterState({ select: (state) => state.status === "idle" });
  const [pageShown, setPageShown] = useState(false);
  if (idle && !pageShown) setPageShown(true);
  // index.html's prepaint is of the details step; the details step takes it over itself.
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  useLayoutEffect(() => {
    if (idle && pathname !== STEP_PATHS.details) dropPrepaint();
  }, [idle, pathname]);
  return (
    <>
      <header className="site-header">
        <Link to="/" className="brand">
          tabbook
        </Link>
        <AccountNav />
      </header>
      {settled && pageShown && <TabSession session={session} />}
      <ConnectionBanner />
      <Toaster />
      <main className="page">
        <Outlet />
      </main>
    </>
  );
}

function NotFound() {
  return (
    <section className="card">
      <h1>Page not found</h1>
      <p>
        <Link to="/">Go to your booking</Link>
      </p>
    </section>
  );
}
