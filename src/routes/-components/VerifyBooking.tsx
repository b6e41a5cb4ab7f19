// The email-confirmation page (/verify/$token): sends the link's token once
// (a rate-limited mutation; no query ever takes it), then says what happened:
// confirmed (with the booking's summary), too late (the time was let go), or
// a link that doesn't work (mistyped, or used already).
import { useEffect, useRef, useState } from "react";
import { Link, getRouteApi } from "@tanstack/react-router";
import { useSessionMutation } from "convex-helpers/react/sessions";
import type { FunctionReturnType } from "convex/server";
import { api } from "@convex/_generated/api";
import { manageTokenSchema } from "@convex/forms/manageForm";
import { StepHeading } from "../../components/StepHeading";
import { userMessage } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";

const route = getRouteApi("/verify/$token");

type Answer =
  | FunctionReturnType<typeof api.bookingVerification.verify>
  | { ok: false; reason: "refused"; message: string };

export function VerifyBooking() {
  const { token } = route.useParams();
  const verify = useSessionMutation(api.bookingVerification.verify);
  const wellFormed = manageTokenSchema.safeParse(token).success;
  const [answer, setAnswer] = useState<Answer | null>(null);
  const sent = useRef(false);
  useEffect(() => {
    if (!wellFormed || sent.current) return;
    sent.current = true;
    verify({ token }).then(setAnswer, (error: unknown) =>
      setAnswer({
        ok: false,
        reason: "refused",
        message: userMessage(error, "We couldn't check this link just now. Try again in a moment."),
      }),
    );
  }, [token, wellFormed, verify]);

  if (!wellFormed) return <NotValid />;
  if (answer === null) return <p aria-busy="true">Confirming your booking…</p>;
  if (answer.ok) {
    const b = answer.booking;
    return (
      <section className="card">
        <StepHeading>Your booking is confirmed</StepHeading>
        <p role="status">
          Thank you for confirming your email. We've sent the details and a private link to manage it.
        </p>
        <p className="reference">
          Reference <strong>{b.reference}</strong>
        </p>
        <p>
          {b.serviceName} with {b.providerName}, {formatDateTime(b.start, b.timeZone)} (
          {b.timeZone.replace(/_/g, " ")})
        </p>
        <Link to="/book/service" className="button-link">
          Book another appointment
        </Link>
      </section>
    );
  }
  if (answer.reason === "expired") {
    return (
      <section className="card">
        <StepHeading>This booking wasn't confirmed in time</StepHeading>
        <p>
          We held the time while we waited for you to confirm your email, but the link was opened too late, so
          the time was let go. It may still be free: book it again.
        </p>
        <Link to="/book/service" className="button-primary">
          Book an appointment
        </Link>
      </section>
    );
  }
  if (answer.reason === "refused") {
    return (
      <section className="card">
        <StepHeading>We couldn't check this link yet</StepHeading>
        <p role="alert">{answer.message}</p>
      </section>
    );
  }
  return <NotValid />;
}

function NotValid() {
  return (
    <section className="card">
      <StepHeading>This link doesn't work</StepHeading>
      <p>
        The link may be mistyped or incomplete, or it was used already. If you confirmed your booking, its
        confirmation email has everything, including a link to manage it.
      </p>
      <Link to="/book/service" className="button-primary">
        Book an appointment
      </Link>
    </section>
  );
}
