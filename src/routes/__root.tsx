import { Outlet, createRootRoute } from "@tanstack/react-router";
import { ConnectionBanner } from "./-components/ConnectionBanner";

export const Route = createRootRoute({ component: RootLayout });

function RootLayout() {
  return (
    <>
      <header className="site-header">
        <span className="brand">tabbook</span>
      </header>
      <ConnectionBanner />
      <main className="page">
        <Outlet />
      </main>
    </>
  );
}
