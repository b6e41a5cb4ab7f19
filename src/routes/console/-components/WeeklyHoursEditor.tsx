import { useFieldArray, type UseFormReturn } from "react-hook-form";
import type { z } from "zod";
import type { ProviderSettings, providerSettingsSchema } from "@convex/forms/providerSettingsForm";
import { MAX_RANGES_PER_DAY } from "@convex/forms/timeRange";

const DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

type Form = UseFormReturn<z.input<typeof providerSettingsSchema>, unknown, ProviderSettings>;

/** Weekly hours, day by day, with any number of ranges a day (up to a cap). */
export function WeeklyHoursEditor({ form }: { form: Form }) {
  const { control, register, formState } = form;
  const { fields, append, remove } = useFieldArray({ control, name: "weeklyHours" });
  const rangeErrors = formState.errors.weeklyHours;
  return (
    <fieldset className="weekly-hours">
      <legend>Weekly hours</legend>
      {rangeErrors?.root?.message && (
        <p className="field-error" role="alert">
          {rangeErrors.root.message}
        </p>
      )}
      {rangeErrors?.message && (
        <p className="field-error" role="alert">
          {rangeErrors.message}
        </p>
      )}
      {DAY_NAMES.map((dayName, dayIndex) => {
        const weekday = dayIndex + 1;
        const ranges = fields
          .map((field, index) => ({ field, index }))
          .filter(({ field }) => field.weekday === weekday);
        return (
          <div key={weekday} className="weekday" role="group" aria-label={dayName}>
            <span className="weekday-name">{dayName}</span>
            <div className="weekday-ranges">
              {ranges.length === 0 && <span className="muted">Closed</span>}
              {ranges.map(({ field, index }, n) => {
                const error = rangeErrors?.[index];
                const label = `${dayName} range ${n + 1}`;
                return (
                  <div key={field.id} className="range">
                    <label className="visually-hidden" htmlFor={`hours-${index}-start`}>
                      {label} opens
                    </label>
                    <input
                      id={`hours-${index}-start`}
                      type="time"
                      {...register(`weeklyHours.${index}.start`)}
                    />
                    <span aria-hidden="true">–</span>
                    <label className="visually-hidden" htmlFor={`hours-${index}-end`}>
                      {label} closes
                    </label>
                    <input
                      id={`hours-${index}-end`}
                      type="time"
                      aria-invalid={error?.end ? true : undefined}
                      aria-describedby={error?.end ? `hours-${index}-error` : undefined}
                      {...register(`weeklyHours.${index}.end`)}
                    />
                    <button type="button" className="text-button" onClick={() => remove(index)}>
                      Remove<span className="visually-hidden"> {label}</span>
                    </button>
                    {(error?.end ?? error?.start) && (
                      <p id={`hours-${index}-error`} className="field-error">
                        {error.end?.message ?? error.start?.message}
                      </p>
                    )}
                  </div>
                );
              })}
              {ranges.length < MAX_RANGES_PER_DAY && (
                <button
                  type="button"
                  className="text-button"
                  onClick={() => append({ weekday, start: "09:00", end: "17:00" })}
                >
                  Add hours<span className="visually-hidden"> on {dayName}</span>
                </button>
              )}
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}
