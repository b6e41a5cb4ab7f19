import { Link } from "@tanstack/react-router";
import { useQuery } from "convex/react";
import { api } from "@convex/_generated/api";
import { REFUSALS, type Refusal } from "../../lib/consoleGuard";
import { StepHeading } from "../../components/StepHeading";

/** A console page the caller may not open: why, and where they can go instead. */
export function NotAllowed({ reason }: { reason: Refusal }) {
  const member = useQuery(api.team.me);
  return (
    <section className="card" role="alert">
      <StepHeading>Not available</StepHeading>
      <p>{REFUSALS[reason]}</p>
      {member ? (
        <Link to="/console/agenda" className="button-primary">
          Go to your agenda
        </Link>
      ) : (
        <Link to="/">Book an appointment instead</Link>
      )}
    </section>
  );
}
