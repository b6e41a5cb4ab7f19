import { Link, type ErrorComponentProps } from "@tanstack/react-router";
import { ConsoleRefusal } from "../../../lib/consoleGuard";
import { StepHeading } from "../../../components/StepHeading";
import { RouteError } from "../../-components/RouteError";

/** A console page the caller may not open: why, and where they can go instead. */
export function ConsoleError(props: ErrorComponentProps) {
  const { error } = props;
  if (!(error instanceof ConsoleRefusal)) return <RouteError {...props} />;
  return (
    <section className="card" role="alert">
      <StepHeading>Not available</StepHeading>
      <p>{error.message}</p>
      {error.ownProviderId !== null ? (
        <Link to="/console/agenda" search={{ provider: error.ownProviderId }} className="button-primary">
          Go to your agenda
        </Link>
      ) : (
        <Link to="/">Book an appointment instead</Link>
      )}
    </section>
  );
}
