import type { FieldError, UseFormRegisterReturn } from "react-hook-form";

type Props = {
  id: string;
  label: string;
  field: UseFormRegisterReturn;
  error?: FieldError;
  hint?: string;
  type?: "text" | "email" | "tel" | "password" | "number" | "date" | "time" | "datetime-local";
  autoComplete?: string;
  multiline?: boolean;
  maxLength?: number;
  /** For number fields: the smallest and largest value, and the step. */
  min?: number;
  max?: number;
  step?: number;
};

/** A labelled input (or textarea) with its hint and validation message wired to it. */
export function TextField({
  id,
  label,
  field,
  error,
  hint,
  type = "text",
  autoComplete,
  multiline,
  maxLength,
  min,
  max,
  step,
}: Props) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
    maxLength,
    ...field,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {multiline ? (
        <textarea rows={3} {...common} />
      ) : (
        <input type={type} autoComplete={autoComplete} min={min} max={max} step={step} {...common} />
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error.message}
        </p>
      )}
    </div>
  );
}
