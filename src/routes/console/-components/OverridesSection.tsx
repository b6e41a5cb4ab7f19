import { useFieldArray } from "react-hook-form";
import { useMutation } from "convex/react";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { overrideFormSchema, type OverrideForm } from "@convex/forms/overrideForm";
import { TextField } from "../../../components/TextField";
import { useShowToast } from "../../../lib/toasts";
import { userMessage } from "../../../lib/errors";
import { formatCalendarDay } from "../../../lib/format";
import { useStepForm } from "../../book/-components/useStepForm";

/** A date closed, or open with its own hours; upcoming overrides listed with a way back to the weekly hours. */
export function OverridesSection({
  providerId,
  overrides,
  timeZone,
}: {
  providerId: Id<"providers">;
  overrides: OverrideForm[];
  timeZone: string;
}) {
  const showToast = useShowToast();
  const setOverride = useMutation(api.providerAdmin.setOverride);
  const removeOverride = useMutation(api.providerAdmin.removeOverride);
  const { register, handleSubmit, formState, control, watch, reset, setValue } = useStepForm(
    overrideFormSchema,
    {
      defaultValues: { date: "", closed: true, hours: [{ start: "09:00", end: "13:00" }] },
    },
  );
  const { fields, append, remove } = useFieldArray({ control, name: "hours" });
  const closed = watch("closed");
  const onSubmit = handleSubmit(async (values) => {
    try {
      await setOverride({ providerId, ...values });
      showToast(
        values.closed
          ? `${formatCalendarDay(values.date)} is closed. Its times are gone from booking; existing bookings are flagged.`
          : `${formatCalendarDay(values.date)} has its own hours now.`,
      );
      reset();
    } catch (error) {
      showToast(userMessage(error, "We couldn't save this date just now."), "error");
    }
  });
  const onRemove = async (date: string) => {
    try {
      await removeOverride({ providerId, date });
      showToast(`${formatCalendarDay(date)} follows the weekly hours again.`);
    } catch (error) {
      showToast(userMessage(error, "We couldn't change this date just now."), "error");
    }
  };
  return (
    <section className="card" aria-labelledby="overrides-heading">
      <h2 id="overrides-heading">Date overrides</h2>
      <p className="muted">
        A day closed (a holiday), or open with its own hours, in {timeZone.replace(/_/g, " ")}.
      </p>
      <form noValidate className="form console-form" onSubmit={(event) => void onSubmit(event)}>
        <TextField
          id="override-date"
          label="Date"
          type="date"
          field={register("date")}
          error={formState.errors.date}
        />
        <fieldset className="choice">
          <legend>On that day</legend>
          <label>
            <input type="radio" value="closed" checked={closed} onChange={() => setValue("closed", true)} />{" "}
            Closed
          </label>
          <label>
            <input type="radio" value="open" checked={!closed} onChange={() => setValue("closed", false)} />{" "}
            Open with its own hours
          </label>
        </fieldset>
        {!closed && (
          <fieldset className="weekly-hours">
            <legend>Hours on that day</legend>
            {fields.map((field, index) => (
              <div key={field.id} className="range">
                <label htmlFor={`override-${index}-start`}>Opens</label>
                <input id={`override-${index}-start`} type="time" {...register(`hours.${index}.start`)} />
                <label htmlFor={`override-${index}-end`}>Closes</label>
                <input id={`override-${index}-end`} type="time" {...register(`hours.${index}.end`)} />
                <button type="button" className="text-button" onClick={() => remove(index)}>
                  Remove<span className="visually-hidden"> range {index + 1}</span>
                </button>
                {formState.errors.hours?.[index]?.end && (
                  <p className="field-error">{formState.errors.hours[index].end.message}</p>
                )}
              </div>
            ))}
            <button
              type="button"
              className="text-button"
              onClick={() => append({ start: "14:00", end: "17:00" })}
            >
              Add hours
            </button>
            {(formState.errors.hours?.message ?? formState.errors.hours?.root?.message) && (
              <p className="field-error" role="alert">
                {formState.errors.hours.message ?? formState.errors.hours.root?.message}
              </p>
            )}
          </fieldset>
        )}
        <div className="actions">
          <button type="submit" className="button-primary" disabled={formState.isSubmitting}>
            {closed ? "Close this day" : "Save these hours"}
          </button>
        </div>
      </form>
      {overrides.length > 0 && (
        <ul className="console-list" aria-label="Upcoming date overrides">
          {overrides.map((o) => (
            <li key={o.date} className="console-row">
              <span>
                <strong>{formatCalendarDay(o.date)}</strong>:{" "}
                {o.closed ? "Closed" : o.hours.map((h) => `${h.start}–${h.end}`).join(", ")}
              </span>
              <button type="button" className="text-button" onClick={() => void onRemove(o.date)}>
                Back to weekly hours<span className="visually-hidden"> on {o.date}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
