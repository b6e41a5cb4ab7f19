import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { ConvexError } from "convex/values";
import { draftFormSchema, type DraftForm as DraftFormValues } from "../../../convex/forms/draftForm";

type Props = {
  /** The tab's draft from the server; the form starts from it, never from empty defaults. */
  initial: DraftFormValues | null;
  onSave: (values: DraftFormValues) => Promise<unknown>;
};

export function DraftForm({ initial, onSave }: Props) {
  const [serverError, setServerError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<DraftFormValues>({
    resolver: zodResolver(draftFormSchema),
    defaultValues: { note: initial?.note ?? "", step: initial?.step ?? "service" },
  });

  const submit = handleSubmit(async (values) => {
    setServerError(null);
    try {
      await onSave(values);
    } catch (error) {
      setServerError(
        error instanceof ConvexError && typeof (error.data as { message?: unknown }).message === "string"
          ? (error.data as { message: string }).message
          : "Could not save. Please try again.",
      );
    }
  });

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="form">
      <div className="field">
        <label htmlFor="note">Note for this tab</label>
        <input
          id="note"
          type="text"
          autoComplete="off"
          aria-invalid={errors.note ? true : undefined}
          aria-describedby={errors.note ? "note-error" : undefined}
          {...register("note")}
        />
        {errors.note && (
          <p id="note-error" className="field-error">
            {errors.note.message}
          </p>
        )}
      </div>
      <input type="hidden" {...register("step")} />
      <button type="submit" className="button-primary" disabled={isSubmitting}>
        Save
      </button>
      {serverError && (
        <p role="alert" className="field-error">
          {serverError}
        </p>
      )}
    </form>
  );
}
