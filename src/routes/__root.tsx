import { Link, Outlet, createRootRouteWithContext } from "@tanstack/react-router";
import type { RouterContext } from "../lib/routerContext";
import { ConnectionBanner } from "./-components/ConnectionBanner";
import { RouteError } from "./-components/RouteError";
import { Toaster } from "../components/Toaster";
import { AccountNav } from "./-components/AccountNav";
import { TabSession } from "../session/TabSession";
import { useStore } from "../lib/store";

export const Route = createRootRouteWithContext<RouterContext>()({
  component: RootLayout,
  errorComponent: RouteError,
  notFoundComponent: NotFound,
});

function RootLayout() {
  const { session } = Route.useRouteContext();
  const { settled } = useStore(session.auth);
  return (
    <>
      <header className="site-header">
        <Link to="/" className="brand">
          tabbook
        </Link>
        <AccountNav />
      </header>
      {settled && <TabSession session={session} />}
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
