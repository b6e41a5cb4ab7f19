// One booking opened from its manage link: its details and state, and (while
// it is still ahead) reschedule or cancel, the cancel asked twice.
import { useState } from "react";
import { Link, useNavigate } from "@tanstack/react-router";
import { useSessionMutation } from "convex-helpers/react/sessions";
import type { FunctionReturnType } from "convex/server";
import { api } from "@convex/_generated/api";
import { StepHeading } from "../../components/StepHeading";
import { formatDateTime, formatPrice } from "../../lib/format";
import { useShowToast } from "../../lib/toasts";
import { useBusyAction } from "../../lib/useBusyAction";

type Booking = NonNullable<FunctionReturnType<typeof api.manage.view>>;

function headingOf(booking: Booking, past: boolean): string {
  if (booking.status === "cancelled") return "This booking is cancelled";
  if (booking.status === "rescheduled") return "This booking was moved";
  return past ? "This booking has taken place" : "Your booking";
}

export function ManagedBooking({ booking }: { booking: Booking }) {
  const [past] = useState(() => booking.start <= Date.now());
  const changeable = booking.status === "confirmed" && !past;
  const when = `${formatDateTime(booking.start, booking.timeZone)} (${booking.timeZone.replace(/_/g, " ")})`;
  const rows: [string, string][] = [
    ["What", `${booking.serviceName} with ${booking.providerName}`],
    ["When", when],
    ["Name", booking.name],
    ["Email", booking.email],
    ["Reference", booking.reference],
    ["Price", `${formatPrice(booking.priceCents, booking.currency)}, paid at the visit`],
  ];
  return (
    <section className="card">
      <StepHeading>{headingOf(booking, past)}</StepHeading>
      {booking.status === "cancelled" && (
        <p className="manage-state">
          {booking.cancelledBy === "business"
            ? `The business cancelled it. Their reason: ${booking.cancelReason ?? "none given"}`
            : "You cancelled it. Its time is free for others again."}
        </p>
      )}
      {booking.status === "confirmed" && booking.movedByBusiness && (
        <p className="manage-state">
          The business moved it from {formatDateTime(booking.movedByBusiness.from, booking.timeZone)}. Their
          reason: {booking.movedByBusiness.reason}
        </p>
      )}
      {booking.status === "rescheduled" && booking.rescheduledTo && (
        <p className="manage-state">It was replaced by booking {booking.rescheduledTo}.</p>
      )}
      <dl className="summary">
        {rows.map(([label, value]) => (
          <div key={label} className="summary-row">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {changeable ? (
        <ChangeActions />
      ) : (
        <div className="actions">
          <Link to="/book/service" className="button-secondary">
            Book an appointment
          </Link>
        </div>
      )}
    </section>
  );
}

function ChangeActions() {
  const showToast = useShowToast();
  const cancel = useSessionMutation(api.manage.cancel);
  const startReschedule = useSessionMutation(api.manage.startReschedule);
  const navigate = useNavigate();
  const [asking, setAsking] = useState(false);
  const { busy, run } = useBusyAction();

  const onCancel = () =>
    run(async () => {
      const result = await cancel();
      setAsking(false);
      showToast(
        result.ok
          ? "Your booking is cancelled. We've emailed you a confirmation."
          : "This booking can no longer be cancelled.",
        result.ok ? "info" : "error",
      );
    }, "We couldn't cancel just now. Please try again.");
  const onReschedule = () =>
    run(async () => {
      const result = await startReschedule();
      if (result.ok) await navigate({ to: "/book/time" });
      else showToast("This booking can no longer be rescheduled.", "error");
    }, "We couldn't start rescheduling just now. Please try again.");

  if (asking) {
    return (
      <div className="actions" role="group" aria-label="Confirm cancellation">
        <span>Cancel this booking? Its time becomes free for others.</span>
        <button type="button" className="button-primary" disabled={busy} onClick={() => void onCancel()}>
          Yes, cancel it
        </button>
        <button type="button" className="text-button" disabled={busy} onClick={() => setAsking(false)}>
          Keep it
        </button>
      </div>
    );
  }
  return (
    <div className="actions">
      <button type="button" className="button-secondary" disabled={busy} onClick={() => void onReschedule()}>
        Reschedule
      </button>
      <button type="button" className="text-button" disabled={busy} onClick={() => setAsking(true)}>
        Cancel booking
      </button>
    </div>
  );
}
