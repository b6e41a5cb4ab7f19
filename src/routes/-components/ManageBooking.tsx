// The manage-link page: opens the link once in this tab (a rate-limited
// exchange for a per-tab grant), then shows the booking live: view, cancel
// (asked twice), reschedule through the normal flow; and the cancelled, past,
// moved and "link doesn't work" states.
import { useEffect, useRef, useState } from "react";
import { Link, getRouteApi } from "@tanstack/react-router";
import { useSessionMutation, useSessionQuery } from "convex-helpers/react/sessions";
import { api } from "@convex/_generated/api";
import { manageTokenSchema } from "@convex/forms/manageForm";
import { StepHeading } from "../../components/StepHeading";
import { userMessage } from "../../lib/errors";
import { ManagedBooking } from "./ManagedBooking";

const route = getRouteApi("/manage/$token");

type Opening =
  { state: "opening" } | { state: "open" } | { state: "invalid" } | { state: "refused"; message: string };

/** Opens `token` in this tab once per token; malformed ones never reach the server. */
function useOpenLink(token: string): Opening {
  const open = useSessionMutation(api.manage.open);
  const valid = manageTokenSchema.safeParse(token).success;
  const [answer, setAnswer] = useState<{ token: string; opening: Opening } | null>(null);
  const tried = useRef<string | null>(null);
  useEffect(() => {
    if (!valid || tried.current === token) return;
    tried.current = token;
    open({ token }).then(
      (result) => setAnswer({ token, opening: { state: result.ok ? "open" : "invalid" } }),
      (error: unknown) =>
        setAnswer({
          token,
          opening: { state: "refused", message: userMessage(error, "We couldn't open this link just now.") },
        }),
    );
  }, [token, valid, open]);
  if (!valid) return { state: "invalid" };
  return answer?.token === token ? answer.opening : { state: "opening" };
}

export function ManageBooking() {
  const { token } = route.useParams();
  const opening = useOpenLink(token);
  const booking = useSessionQuery(api.manage.view, opening.state === "open" ? {} : "skip");

  if (opening.state === "refused") {
    return (
      <section className="card">
        <StepHeading>We couldn't open this link yet</StepHeading>
        <p role="alert">{opening.message}</p>
      </section>
    );
  }
  if (opening.state === "invalid" || booking === null) return <LinkDoesNotWork />;
  if (opening.state === "opening" || booking === undefined)
    return <p aria-busy="true">Opening your booking…</p>;
  return <ManagedBooking booking={booking} />;
}

/** Wrong, unknown and revoked links all land here, alike. */
function LinkDoesNotWork() {
  return (
    <section className="card">
      <StepHeading>This link doesn't work</StepHeading>
      <p>
        The link may be mistyped or incomplete, or it was replaced by a newer one (the business can send you a
        new link). Use the link in the most recent email about your booking.
      </p>
      <Link to="/book/service" className="button-primary">
        Book an appointment
      </Link>
    </section>
  );
}
