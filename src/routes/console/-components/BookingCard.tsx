import { useState } from "react";
import { useMutation } from "convex/react";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { cancelFormSchema } from "@convex/forms/cancelForm";
import { useStepForm } from "../../book/-components/useStepForm";
import { CustomerReasonField } from "./CustomerReasonField";
import { useShowToast } from "../../../lib/toasts";
import { userMessage } from "../../../lib/errors";
import { formatDateTime } from "../../../lib/format";
import { TimeRange, type Agenda } from "./ProviderAgenda";
import { MoveBookingForm } from "./MoveBookingForm";

type Booking = Agenda["bookings"][number];

function statusLine(booking: Booking): string | null {
  if (booking.status === "pending") return "Held: waiting for the customer to confirm their email";
  if (booking.status !== "cancelled") return null;
  return booking.cancelledBy === "business"
    ? `Cancelled by the business: ${booking.cancelReason ?? ""}`
    : "Cancelled by the customer";
}

/** A booking in the agenda: the customer's details, its flag, and moving or cancelling it with a reason. */
export function BookingCard({
  booking,
  providerId,
  zone,
  viewerZone,
}: {
  booking: Booking;
  providerId: Id<"providers">;
  zone: string;
  viewerZone: string;
}) {
  const [changing, setChanging] = useState<"cancel" | "move" | null>(null);
  const cancelled = statusLine(booking);
  return (
    <li
      className={`agenda-item ${booking.status === "cancelled" ? "agenda-cancelled" : ""} ${booking.outsideHours ? "agenda-flagged" : ""}`}
      aria-label={`${booking.serviceName} for ${booking.name || "a guest confirming their email"}`}
    >
      <TimeRange start={booking.start} end={booking.end} zone={zone} viewerZone={viewerZone} />
      <span>
        <strong>{booking.name || "Pending"}</strong> · {booking.serviceName} · {booking.reference}
      </span>
      {booking.email && (
        <span className="agenda-contact">
          <a href={`mailto:${booking.email}`}>{booking.email}</a>
          {booking.phone && <> · {booking.phone}</>}
        </span>
      )}
      {booking.notes && <span className="muted">“{booking.notes}”</span>}
      {booking.outsideHours && (
        <span className="flag">Outside the current hours: move or cancel this booking.</span>
      )}
      {booking.movedByBusiness && (
        <span className="muted">
          Moved from {formatDateTime(booking.movedByBusiness.from, zone)}: {booking.movedByBusiness.reason}
        </span>
      )}
      {cancelled && <span className="muted">{cancelled}</span>}
      {booking.cancellable && changing === null && (
        <span className="actions">
          <button type="button" className="text-button" onClick={() => setChanging("move")}>
            Move booking
          </button>
          <button type="button" className="text-button" onClick={() => setChanging("cancel")}>
            Cancel booking
          </button>
          <NewLinkButton reference={booking.reference} providerId={providerId} />
        </span>
      )}
      {changing === "move" && (
        <MoveBookingForm
          reference={booking.reference}
          start={booking.start}
          providerId={providerId}
          zone={zone}
          onDone={() => setChanging(null)}
        />
      )}
      {changing === "cancel" && (
        <CancelBookingForm
          reference={booking.reference}
          providerId={providerId}
          onDone={() => setChanging(null)}
        />
      )}
    </li>
  );
}

/** Stops the booking's manage links (one leaked, say) and emails the customer a new one. */
function NewLinkButton({ reference, providerId }: { reference: string; providerId: Id<"providers"> }) {
  const showToast = useShowToast();
  const revoke = useMutation(api.agenda.revokeLink);
  const [busy, setBusy] = useState(false);
  const onClick = async () => {
    setBusy(true);
    try {
      const result = await revoke({ providerId, reference });
      showToast(
        result.ok
          ? `The old links to booking ${reference} no longer work; the customer is emailed a new one.`
          : "This booking's links can't be changed.",
        result.ok ? "info" : "error",
      );
    } catch (error) {
      showToast(userMessage(error, "We couldn't send a new link just now. Please try again."), "error");
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" className="text-button" disabled={busy} onClick={() => void onClick()}>
      Send a new manage link
    </button>
  );
}

function CancelBookingForm({
  reference,
  providerId,
  onDone,
}: {
  reference: string;
  providerId: Id<"providers">;
  onDone: () => void;
}) {
  const showToast = useShowToast();
  const cancel = useMutation(api.agenda.cancel);
  const { register, handleSubmit, formState, setFocus } = useStepForm(cancelFormSchema, {
    defaultValues: { reference, reason: "" },
  });
  const onSubmit = handleSubmit(async (values) => {
    try {
      const result = await cancel({ providerId, ...values });
      showToast(
        result.ok
          ? `Booking ${reference} is cancelled. The customer sees your reason, and the time is free again.`
          : "This booking can no longer be cancelled.",
        result.ok ? "info" : "error",
      );
      onDone();
    } catch (error) {
      showToast(userMessage(error, "We couldn't cancel just now. Please try again."), "error");
    }
  });
  return (
    <form
      noValidate
      className="cancel-form"
      ref={() => setFocus("reason")}
      onSubmit={(event) => void onSubmit(event)}
    >
      <CustomerReasonField
        id={`cancel-reason-${reference}`}
        field={register("reason")}
        error={formState.errors.reason}
        submitLabel={`Cancel booking ${reference}`}
        backLabel="Keep it"
        submitting={formState.isSubmitting}
        onBack={onDone}
      />
    </form>
  );
}
