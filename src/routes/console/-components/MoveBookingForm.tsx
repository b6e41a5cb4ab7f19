// Moving a booking for the business (one flagged outside new hours, say): pick
// a day, then one of its free times, and tell the customer why. The times are
// live, so one taken meanwhile disappears from the list.
import { useState } from "react";
import { Controller } from "react-hook-form";
import { useMutation, useQuery } from "convex/react";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { moveFormSchema } from "@convex/forms/moveForm";
import { useStepForm } from "../../book/-components/useStepForm";
import { CustomerReasonField } from "./CustomerReasonField";
import { useShowToast } from "../../../lib/toasts";
import { userMessage } from "../../../lib/errors";
import { dateInZone, formatCalendarDay, formatTime } from "../../../lib/format";

export function MoveBookingForm({
  reference,
  start,
  providerId,
  zone,
  onDone,
}: {
  reference: string;
  start: number;
  providerId: Id<"providers">;
  zone: string;
  onDone: () => void;
}) {
  const [date, setDate] = useState(() => dateInZone(start, zone));
  const options = useQuery(api.agenda.moveOptions, { providerId, reference, date });
  const move = useMutation(api.agenda.move);
  const showToast = useShowToast();
  const { register, handleSubmit, formState, control, setFocus } = useStepForm(moveFormSchema, {
    defaultValues: { reference, reason: "" },
  });
  const onSubmit = handleSubmit(async (values) => {
    try {
      const result = await move({ providerId, ...values });
      if (result.ok) {
        showToast(
          `Booking ${reference} is moved; it is now ${result.reference}. The customer is emailed the new time and your reason.`,
          "info",
        );
        onDone();
      } else {
        showToast(
          result.reason === "taken"
            ? "Someone booked that time meanwhile. Choose another one."
            : "This booking can no longer be moved.",
          "error",
        );
      }
    } catch (error) {
      showToast(userMessage(error, "We couldn't move the booking just now. Please try again."), "error");
    }
  });
  const idBase = `move-${reference}`;
  return (
    <form
      noValidate
      className="cancel-form move-form"
      ref={() => setFocus("reason")}
      onSubmit={(event) => void onSubmit(event)}
    >
      <div className="field">
        <label htmlFor={`${idBase}-date`}>New day</label>
        <input
          id={`${idBase}-date`}
          type="date"
          value={date}
          onChange={(event) => event.target.value !== "" && setDate(event.target.value)}
        />
      </div>
      <Controller
        control={control}
        name="start"
        render={({ field }) => (
          <fieldset className="choice move-times" aria-describedby={`${idBase}-start-error`}>
            <legend>Free times on {formatCalendarDay(date)}</legend>
            {options === undefined ? (
              <p className="muted">Loading free times…</p>
            ) : options === null ? (
              <p className="muted">This booking can no longer be moved.</p>
            ) : options.starts.length === 0 ? (
              <p className="muted">No free times that day. Try another day.</p>
            ) : (
              options.starts.map((free) => (
                <label key={free}>
                  <input
                    type="radio"
                    name={field.name}
                    value={free}
                    checked={field.value === free}
                    onChange={() => field.onChange(free)}
                  />
                  {formatTime(free, zone)}
                </label>
              ))
            )}
            <p id={`${idBase}-start-error`} className="field-error">
              {formState.errors.start?.message}
            </p>
          </fieldset>
        )}
      />
      <CustomerReasonField
        id={`${idBase}-reason`}
        field={register("reason")}
        error={formState.errors.reason}
        submitLabel={`Move booking ${reference}`}
        backLabel="Keep the time"
        submitting={formState.isSubmitting}
        onBack={onDone}
      />
    </form>
  );
}
