import { useState } from "react";
import { useMutation } from "convex/react";
import { useSessionMutation } from "convex-helpers/react/sessions";
import { useNavigate } from "@tanstack/react-router";
import { api } from "@convex/_generated/api";
import { formatDateTime } from "../../lib/format";
import { useShowToast } from "../../lib/toasts";
import { useBusyAction } from "../../lib/useBusyAction";
import type { ListedBooking } from "./MyBookings";

const STATUS_TEXT: Record<ListedBooking["status"], string> = {
  confirmed: "Confirmed",
  cancelled: "Cancelled",
  rescheduled: "Rescheduled",
  pending: "Waiting for you to confirm your email",
  expired: "Not confirmed in time",
};

/**
 * One booking, with cancel and reschedule while it is still ahead. Cancel is
 * asked twice; so is a reschedule that would replace this tab's booking in progress.
 */
export function BookingItem({
  booking,
  changeable,
  draftInProgress,
}: {
  booking: ListedBooking;
  changeable: boolean;
  draftInProgress: boolean;
}) {
  const showToast = useShowToast();
  const cancel = useMutation(api.myBookings.cancel);
  const startReschedule = useSessionMutation(api.myBookings.startReschedule);
  const navigate = useNavigate();
  const [asking, setAsking] = useState<"cancel" | "reschedule" | null>(null);
  const { busy, run } = useBusyAction();
  const when = `${formatDateTime(booking.start, booking.timeZone)} (${booking.timeZone.replace(/_/g, " ")})`;
  const title = `${booking.serviceName} with ${booking.providerName}`;

  const onCancel = () =>
    run(async () => {
      const result = await cancel({ reference: booking.reference });
      setAsking(null);
      showToast(
        result.ok
          ? `Booking ${booking.reference} is cancelled. Its time is free for others again.`
          : "This booking can no longer be cancelled.",
        result.ok ? "info" : "error",
      );
    }, "We couldn't cancel just now. Please try again.");

  const onReschedule = () =>
    run(async () => {
      const result = await startReschedule({ reference: booking.reference });
      if (result.ok) await navigate({ to: "/book/time" });
      else showToast("This booking can no longer be rescheduled.", "error");
    }, "We couldn't start rescheduling just now. Please try again.");

  const question =
    asking === "cancel"
      ? { text: "Cancel this booking?", yes: "Yes, cancel it", run: onCancel }
      : asking === "reschedule"
        ? {
            text: "This tab has another booking in progress. Rescheduling here replaces it.",
            yes: "Reschedule anyway",
            run: onReschedule,
          }
        : null;

  return (
    <li className="booking-item" aria-label={`${title}, ${when}`}>
      <h3>{title}</h3>
      <p>{when}</p>
      <p className="booking-status">
        {booking.cancelledBy === "business" ? "Cancelled by the business" : STATUS_TEXT[booking.status]} ·
        Reference {booking.reference}
        {booking.rescheduledTo && ` · Moved to ${booking.rescheduledTo}`}
      </p>
      {booking.cancelledBy === "business" && booking.cancelReason && (
        <p className="cancel-reason">Reason: {booking.cancelReason}</p>
      )}
      {booking.status === "confirmed" && booking.movedByBusiness && (
        <p className="cancel-reason">
          The business moved it from {formatDateTime(booking.movedByBusiness.from, booking.timeZone)}. Their
          reason: {booking.movedByBusiness.reason}
        </p>
      )}
      {changeable && question === null && (
        <div className="actions">
          <button
            type="button"
            className="button-secondary"
            disabled={busy}
            onClick={() => (draftInProgress ? setAsking("reschedule") : void onReschedule())}
          >
            Reschedule
          </button>
          <button type="button" className="text-button" disabled={busy} onClick={() => setAsking("cancel")}>
            Cancel booking
          </button>
        </div>
      )}
      {changeable && question !== null && (
        <div className="actions" role="group" aria-label="Confirm">
          <span>{question.text}</span>
          <button
            type="button"
            className="button-primary"
            disabled={busy}
            onClick={() => void question.run()}
          >
            {question.yes}
          </button>
          <button type="button" className="text-button" disabled={busy} onClick={() => setAsking(null)}>
            Keep it
          </button>
        </div>
      )}
    </li>
  );
}
