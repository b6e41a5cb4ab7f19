import { useEffect } from "react";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { LIMITS } from "@convex/shared/constants";
import { detailsFormSchema } from "@convex/forms/detailsForm";
import { StepHeading } from "../../../components/StepHeading";
import { useDraft } from "./useDraft";
import { useEnterStep } from "./useEnterStep";
import { useDetailsAutosave, type SaveStatus } from "./useDetailsAutosave";
import { StepActions } from "./StepActions";
import { TextField } from "../../../components/TextField";
import { useStepForm } from "./useStepForm";
import { DETAIL_FIELDS } from "./detailFields";

const route = getRouteApi("/book/details");

const STATUS_TEXT: Record<SaveStatus, string> = {
  idle: "Your details are saved as you type.",
  saving: "Saving…",
  saved: "All changes saved.",
  error: "Couldn't save your latest changes. We'll try again when you type.",
};

export function DetailsStep() {
  useEnterStep("details");
  const draft = useDraft("details", route.useRouteContext({ select: (context) => context.draft }));
  const navigate = useNavigate();
  const session = route.useRouteContext({ select: (context) => context.session });
  const autosave = useDetailsAutosave(draft.detailsRev, session);
  const { register, handleSubmit, formState, subscribe, reset } = useStepForm(detailsFormSchema, {
    defaultValues: draft.details,
    mode: "onTouched",
  });

  useEffect(
    () =>
      subscribe({
        formState: { values: true },
        callback: ({ values, type }) => {
          if (type === "change") autosave.change(values);
        },
      }),
    [subscribe, autosave],
  );

  // A save that reached the server after this page restored (a late page-hide
  // beacon from before a reload) is adopted, unless the person has typed since.
  const { detailsRev, details } = draft;
  useEffect(() => {
    if (detailsRev > autosave.knownRev() && !autosave.hasUnsaved()) {
      autosave.adopt(detailsRev);
      reset(details, { keepErrors: true, keepTouched: true });
    }
  }, [detailsRev, details, autosave, reset]);

  const onSubmit = handleSubmit(async (values) => {
    autosave.change(values);
    await autosave.flush();
    await navigate({ to: "/book/review" });
  });

  const flushOnBlur = { onBlur: () => void autosave.flush() };
  const errors = formState.errors;
  return (
    <section className="card">
      <StepHeading>Your details</StepHeading>
      <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
        {DETAIL_FIELDS.map(({ name, ...field }) => (
          <TextField
            key={name}
            id={name}
            {...field}
            maxLength={LIMITS[name]}
            field={register(name, flushOnBlur)}
            error={errors[name]}
          />
        ))}
        {/* Routine save progress stays quiet for screen readers; a failure is announced. */}
        <p className="saved-status" role={autosave.status === "error" ? "alert" : undefined}>
          {STATUS_TEXT[autosave.status]}
        </p>
        <StepActions busy={formState.isSubmitting} back="/book/time" label="Review booking" />
      </form>
    </section>
  );
}
