import { useId } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";

export type RadioCardOption = {
  value: string;
  title: string;
  meta?: string;
  description?: string;
  /** Short facts under the description, one a line (where, when). */
  notes?: string[];
};

/** A radio group drawn as cards; each radio is named by its title and described by the rest. */
export function RadioCards({
  legend,
  options,
  field,
  error,
}: {
  legend: string;
  options: RadioCardOption[];
  field: UseFormRegisterReturn;
  error?: string;
}) {
  const id = useId();
  return (
    <fieldset className="radio-cards" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="visually-hidden">{legend}</legend>
      {options.map((option, index) => {
        const key = `${id}-${index}`;
        return (
          <label key={option.value} className="radio-card">
            <input
              type="radio"
              value={option.value}
              aria-labelledby={`${key}-title`}
              aria-describedby={`${key}-details`}
              {...field}
            />
            <span className="radio-card-body">
              <span id={`${key}-title`} className="radio-card-title">
                {option.title}
              </span>
              <span id={`${key}-details`} className="radio-card-details">
                {option.meta && <span className="radio-card-meta">{option.meta}</span>}
                {option.description && <span>{option.description}</span>}
                {option.notes?.map((note) => (
                  <span key={note} className="radio-card-note">
                    {note}
                  </span>
                ))}
              </span>
            </span>
          </label>
        );
      })}
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
