// The end of every console form that changes a customer's booking (cancel,
// move): the reason the customer is shown, the action, and a way back.
import type { FieldError, UseFormRegisterReturn } from "react-hook-form";
import { CANCEL_REASON_MAX } from "@convex/forms/cancelForm";
import { TextField } from "../../../components/TextField";

export function CustomerReasonField({
  id,
  field,
  error,
  submitLabel,
  backLabel,
  submitting,
  onBack,
}: {
  id: string;
  field: UseFormRegisterReturn;
  error?: FieldError;
  submitLabel: string;
  backLabel: string;
  submitting: boolean;
  onBack: () => void;
}) {
  return (
    <>
      <TextField
        id={id}
        label="Reason (the customer sees it)"
        multiline
        maxLength={CANCEL_REASON_MAX}
        field={field}
        error={error}
      />
      <div className="actions">
        <button type="submit" className="button-primary" disabled={submitting}>
          {submitLabel}
        </button>
        <button type="button" className="text-button" onClick={onBack}>
          {backLabel}
        </button>
      </div>
    </>
  );
}
