// A labelled input (or textarea) with its hint and validation message wired
// to it. Its `maxLength` stops typing at the server's cap; a paste that does
// not fit is cut by the browser, so the field says so, and it counts the
// characters once they near the cap.
import { useState, type ClipboardEvent } from "react";
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

type Control = HTMLInputElement | HTMLTextAreaElement;

/** From this share of the cap on, the field shows how many characters are used. */
const COUNT_FROM = 0.9;

/** How many characters a paste into `control` would run over `maxLength` (0 when it fits). */
export function pasteOverflow(control: Control, pasted: string, maxLength: number): number {
  const selected = (control.selectionEnd ?? 0) - (control.selectionStart ?? 0);
  return Math.max(0, control.value.length - selected + pasted.length - maxLength);
}

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
  const [length, setLength] = useState(0);
  const [leftOut, setLeftOut] = useState(0);
  // Fields without a cap (numbers, dates) never count or cut.
  const limit = maxLength ?? Number.POSITIVE_INFINITY;
  const counting = length >= limit * COUNT_FROM;
  const describedBy =
    [hint && `${id}-hint`, error && `${id}-error`, (counting || leftOut > 0) && `${id}-limit`]
      .filter(Boolean)
      .join(" ") || undefined;
  const common = {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
    maxLength,
    ...field,
    ref: (element: Control | null) => {
      field.ref(element);
      if (element) setLength(element.value.length);
    },
    onChange: (event: { target: Control }) => {
      setLength(event.target.value.length);
      if (event.target.value.length < limit) setLeftOut(0);
      return field.onChange(event);
    },
    onPaste: (event: ClipboardEvent<Control>) =>
      setLeftOut(pasteOverflow(event.currentTarget, event.clipboardData.getData("text"), limit)),
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
      {leftOut > 0 ? (
        <p id={`${id}-limit`} className="field-limit field-limit-cut" role="alert">
          {label} can be at most {limit.toLocaleString()} characters, so what you pasted was cut:{" "}
          {leftOut.toLocaleString()} {leftOut === 1 ? "character was" : "characters were"} left out.
        </p>
      ) : (
        counting && (
          <p id={`${id}-limit`} className="field-limit">
            {length.toLocaleString()} of {limit.toLocaleString()} characters
          </p>
        )
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error.message}
        </p>
      )}
    </div>
  );
}
