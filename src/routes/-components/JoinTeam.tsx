import { useState } from "react";
import { Link, useNavigate } from "@tanstack/react-router";
import { useConvexAuth, useMutation } from "convex/react";
import { api } from "@convex/_generated/api";
import { StepHeading } from "../../components/StepHeading";
import { userMessage } from "../../lib/errors";

/** Joins the team with an invite link: sign in (or create an account) first, then accept. */
export function JoinTeam({ token }: { token: string }) {
  const { isAuthenticated } = useConvexAuth();
  const accept = useMutation(api.team.acceptInvite);
  const navigate = useNavigate();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onJoin = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await accept({ token });
      await navigate({ to: "/console/agenda" });
    } catch (error) {
      setFailure(userMessage(error, "We couldn't use this invite just now. Please try again."));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card">
      <StepHeading>Join the business team</StepHeading>
      <p>This invite link adds one account to the team that runs the calendar. It works once.</p>
      {isAuthenticated ? (
        <div className="actions">
          <button type="button" className="button-primary" disabled={busy} onClick={() => void onJoin()}>
            {busy ? "Joining…" : "Join the team"}
          </button>
        </div>
      ) : (
        <p>
          <Link to="/signin" search={{ redirect: `/join/${token}` }}>
            Sign in or create an account
          </Link>{" "}
          first, then come back to this page.
        </p>
      )}
      {failure && (
        <p role="alert" className="field-error">
          {failure}
        </p>
      )}
    </section>
  );
}
