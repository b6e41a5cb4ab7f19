import { useMemo } from "react";
import { timeZoneOptions } from "../../../lib/format";
import { providerSettingsSchema, type ProviderSettings } from "@convex/forms/providerSettingsForm";
import { TextField } from "../../../components/TextField";
import { useShowToast } from "../../../lib/toasts";
import { userMessage } from "../../../lib/errors";
import { useStepForm } from "../../book/-components/useStepForm";
import { WeeklyHoursEditor } from "./WeeklyHoursEditor";

const RULES = [
  { name: "bufferMinutes", label: "Buffer between bookings (minutes)", min: 0, max: 120, step: 5 },
  { name: "minNoticeMinutes", label: "Minimum notice (minutes)", min: 0, max: 43_200, step: 15 },
  { name: "bookingWindowDays", label: "Booking window (days ahead)", min: 1, max: 365, step: 1 },
  { name: "slotStepMinutes", label: "Slot step (minutes)", min: 5, max: 240, step: 5 },
] as const;

/**
 * Profile, time zone, weekly hours (several ranges a day) and booking rules.
 * The form and providerAdmin.create/update share providerSettingsSchema.
 */
export function ProviderSettingsForm({
  initial,
  submitLabel,
  onSave,
}: {
  initial: ProviderSettings;
  submitLabel: string;
  onSave: (settings: ProviderSettings) => Promise<void>;
}) {
  const showToast = useShowToast();
  const form = useStepForm(providerSettingsSchema, { defaultValues: initial });
  const { register, handleSubmit, formState } = form;
  const zoneOptions = useMemo(() => timeZoneOptions(initial.timeZone), [initial.timeZone]);
  const errors = formState.errors;
  const onSubmit = handleSubmit(async (settings) => {
    try {
      await onSave(settings);
      showToast(`${settings.name} is saved. Open customer tabs show the new times now.`);
    } catch (error) {
      showToast(userMessage(error, "We couldn't save just now. Please try again."), "error");
    }
  });
  return (
    <form noValidate className="form console-form" onSubmit={(event) => void onSubmit(event)}>
      <h2>Profile</h2>
      <TextField
        id="provider-name"
        label="Name"
        maxLength={80}
        field={register("name")}
        error={errors.name}
      />
      <TextField
        id="provider-bio"
        label="Bio"
        multiline
        maxLength={300}
        field={register("bio")}
        error={errors.bio}
      />
      <div className="field">
        <label htmlFor="provider-zone">Time zone (hours below are in it)</label>
        <select id="provider-zone" {...register("timeZone")}>
          {zoneOptions.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replace(/_/g, " ")}
            </option>
          ))}
        </select>
      </div>
      <WeeklyHoursEditor form={form} />
      <h2>Booking rules</h2>
      <div className="form-row">
        {RULES.map((rule) => (
          <TextField
            key={rule.name}
            id={`provider-${rule.name}`}
            label={rule.label}
            type="number"
            min={rule.min}
            max={rule.max}
            step={rule.step}
            field={register(rule.name, { valueAsNumber: true })}
            error={errors[rule.name]}
          />
        ))}
      </div>
      <p className="muted">
        Existing bookings are kept when hours change; the ones left outside the new hours are flagged in the
        agenda.
      </p>
      <div className="actions">
        <button type="submit" className="button-primary" disabled={formState.isSubmitting}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
