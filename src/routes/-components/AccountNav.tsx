import { useState } from "react";
import { Link, useLocation } from "@tanstack/react-router";
import { useConvexAuth, useQuery } from "convex/react";
import { useAuthActions } from "@convex-dev/auth/react";
import { useSessionMutation } from "convex-helpers/react/sessions";
import { api } from "@convex/_generated/api";

/** The business console, for team members only. */
function ConsoleLink() {
  const member = useQuery(api.team.me);
  return member ? <Link to="/console">Console</Link> : null;
}

/** Sign in, or "My bookings" and sign out. Signing out clears the user's drafts in every tab first. */
export function AccountNav() {
  const { isLoading, isAuthenticated } = useConvexAuth();
  const pathname = useLocation({ select: (location) => location.pathname });
  const clearDrafts = useSessionMutation(api.sessions.clearOnSignOut);
  const { signOut } = useAuthActions();
  const [signingOut, setSigningOut] = useState(false);

  // Rendered before the server has confirmed a stored sign-in (a restored page): neither link yet.
  if (isLoading) return <nav aria-label="Account" className="account-nav" />;
  if (!isAuthenticated) {
    return (
      <nav aria-label="Account" className="account-nav">
        {pathname !== "/signin" && (
          <Link to="/signin" search={{ redirect: pathname }}>
            Sign in
          </Link>
        )}
      </nav>
    );
  }

  const onSignOut = async () => {
    setSigningOut(true);
    try {
      await clearDrafts({});
    } catch {
      // Offline: the drafts stay bound to the account (unreadable without it) until they expire.
    }
    await signOut();
    setSigningOut(false);
  };

  return (
    <nav aria-label="Account" className="account-nav">
      <ConsoleLink />
      <Link to="/bookings">My bookings</Link>
      <button type="button" className="text-button" disabled={signingOut} onClick={() => void onSignOut()}>
        {signingOut ? "Signing out…" : "Sign out"}
      </button>
    </nav>
  );
}
