// The booking tab while the business waits for the guest to confirm their
// email: "check your email" with the deadline, and, if the deadline passes,
// that the time was let go. The page follows the booking live, so clicking
// the link (in any tab or device) turns it into the confirmation.
import { Link } from "@tanstack/react-router";
import type { FunctionReturnType } from "convex/server";
import type { api } from "@convex/_generated/api";
import { StepHeading } from "../../components/StepHeading";
import { formatDateTime, formatTime } from "../../lib/format";

type Booking = NonNullable<FunctionReturnType<typeof api.bookings.confirmation>>;

export function AwaitingEmail({ booking }: { booking: Booking }) {
  const what = `${booking.serviceName} with ${booking.providerName}, ${formatDateTime(booking.start, booking.timeZone)}`;
  if (booking.status === "expired") {
    return (
      <section className="card">
        <StepHeading>This booking wasn't confirmed in time</StepHeading>
        <p role="status" className="banner-warning">
          The link in the email wasn't opened in time, so we let the time go: {what}.
        </p>
        <p>It may still be free. You can book it again.</p>
        <Link to="/book/service" className="button-primary">
          Book an appointment
        </Link>
      </section>
    );
  }
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <section className="card">
      <StepHeading>Check your email</StepHeading>
      <p>
        To finish booking, open the link we sent to <strong>{booking.email}</strong>
        {booking.verifyBy !== null && <> by {formatTime(booking.verifyBy, zone)}</>}.
      </p>
      <p>
        Until then the time is held for you: {what}. If the link isn't opened in time, the time is let go.
      </p>
      <p className="muted">
        No email? Check your spam folder. This page updates by itself once you've confirmed.
      </p>
    </section>
  );
}
