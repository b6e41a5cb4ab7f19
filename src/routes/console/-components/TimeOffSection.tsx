import { useMutation } from "convex/react";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { timeOffFormSchema } from "@convex/forms/timeOffForm";
import { TextField } from "../../../components/TextField";
import { useShowToast } from "../../../lib/toasts";
import { userMessage } from "../../../lib/errors";
import { useStepForm } from "../../book/-components/useStepForm";

type TimeOff = { _id: Id<"timeOff">; start: string; end: string; reason: string };

const shown = (local: string) => local.replace("T", " ");

/** Time off (hours or days), as local date-times in the provider's zone. */
export function TimeOffSection({
  providerId,
  timeOff,
  timeZone,
}: {
  providerId: Id<"providers">;
  timeOff: TimeOff[];
  timeZone: string;
}) {
  const showToast = useShowToast();
  const add = useMutation(api.providerAdmin.addTimeOff);
  const removeTimeOff = useMutation(api.providerAdmin.removeTimeOff);
  const { register, handleSubmit, formState, reset } = useStepForm(timeOffFormSchema, {
    defaultValues: { start: "", end: "", reason: "" },
  });
  const onSubmit = handleSubmit(async (values) => {
    try {
      await add({ providerId, ...values });
      showToast(`Time off from ${shown(values.start)} to ${shown(values.end)} is saved.`);
      reset();
    } catch (error) {
      showToast(userMessage(error, "We couldn't save this time off just now."), "error");
    }
  });
  const onRemove = async (off: TimeOff) => {
    try {
      await removeTimeOff({ providerId, timeOffId: off._id });
      showToast("Time off removed.");
    } catch (error) {
      showToast(userMessage(error, "We couldn't remove this time off just now."), "error");
    }
  };
  return (
    <section className="card" aria-labelledby="time-off-heading">
      <h2 id="time-off-heading">Time off</h2>
      <p className="muted">In {timeZone.replace(/_/g, " ")}. Times inside it are not offered.</p>
      <form noValidate className="form console-form" onSubmit={(event) => void onSubmit(event)}>
        <div className="form-row">
          <TextField
            id="time-off-start"
            label="From"
            type="datetime-local"
            field={register("start")}
            error={formState.errors.start}
          />
          <TextField
            id="time-off-end"
            label="Until"
            type="datetime-local"
            field={register("end")}
            error={formState.errors.end}
          />
        </div>
        <TextField
          id="time-off-reason"
          label="Reason (only the team sees it)"
          maxLength={200}
          field={register("reason")}
          error={formState.errors.reason}
        />
        <div className="actions">
          <button type="submit" className="button-primary" disabled={formState.isSubmitting}>
            Add time off
          </button>
        </div>
      </form>
      {timeOff.length > 0 && (
        <ul className="console-list" aria-label="Upcoming time off">
          {timeOff.map((off) => (
            <li key={off._id} className="console-row">
              <span>
                <strong>
                  {shown(off.start)} – {shown(off.end)}
                </strong>
                {off.reason && ` · ${off.reason}`}
              </span>
              <button type="button" className="text-button" onClick={() => void onRemove(off)}>
                Remove<span className="visually-hidden"> time off from {shown(off.start)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
