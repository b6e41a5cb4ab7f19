// The details step's card: heading, the four fields, the save status and the
// actions. The live step (DetailsStep) and the static prepaint index.html
// shows before the app has loaded (DetailsPrepaint) both render it, so the two
// cannot drift apart.
import type { FormEventHandler } from "react";
import type { FieldErrors, UseFormRegisterReturn } from "react-hook-form";
import { LIMITS } from "@convex/shared/constants";
import type { DetailsDraft } from "@convex/forms/detailsForm";
import { StepHeading } from "../../../components/StepHeading";
import { TextField } from "../../../components/TextField";
import { StepActions } from "./StepActions";
import { DETAIL_FIELDS } from "./detailFields";
import type { SaveStatus } from "./useDetailsAutosave";

const STATUS_TEXT: Record<SaveStatus, string> = {
  idle: "Your details are saved as you type.",
  saving: "Saving…",
  saved: "All changes saved.",
  error: "Couldn't save your latest changes. We'll try again when you type.",
};

type Props = {
  field: (name: keyof DetailsDraft) => UseFormRegisterReturn;
  errors?: FieldErrors<DetailsDraft>;
  status: SaveStatus;
  busy: boolean;
  onSubmit?: FormEventHandler<HTMLFormElement>;
  /** Bare links, for the prepaint (no router). */
  plain?: boolean;
};

export function DetailsCard({ field, errors, status, busy, onSubmit, plain }: Props) {
  return (
    <section className="card">
      <StepHeading>Your details</StepHeading>
      <form className="form" onSubmit={onSubmit} noValidate>
        {DETAIL_FIELDS.map(({ name, ...rest }) => (
          <TextField
            key={name}
            id={name}
            {...rest}
            maxLength={LIMITS[name]}
            field={field(name)}
            error={errors?.[name]}
          />
        ))}
        {/* Routine save progress stays quiet for screen readers; a failure is announced. */}
        <p className="saved-status" role={status === "error" ? "alert" : undefined}>
          {STATUS_TEXT[status]}
        </p>
        <StepActions busy={busy} back="/book/time" label="Review booking" plain={plain} />
      </form>
    </section>
  );
}
