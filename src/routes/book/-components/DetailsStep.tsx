import { useEffect, useLayoutEffect } from "react";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { detailsFormSchema } from "@convex/forms/detailsForm";
import { useDraft } from "./useDraft";
import { useEnterStep } from "./useEnterStep";
import { useDetailsAutosave } from "./useDetailsAutosave";
import { useStepForm } from "./useStepForm";
import { DETAIL_FIELDS } from "./detailFields";
import { DetailsCard } from "./DetailsCard";
import { restoreFocus, takePrepaint } from "../../../lib/prepaint";

const route = getRouteApi("/book/details");

export function DetailsStep() {
  useEnterStep("details");
  const draft = useDraft("details", route.useRouteContext({ select: (context) => context.draft }));
  const navigate = useNavigate();
  const session = route.useRouteContext({ select: (context) => context.session });
  const autosave = useDetailsAutosave(draft.detailsRev, session);
  const { register, handleSubmit, formState, subscribe, reset, getValues, setValue } = useStepForm(
    detailsFormSchema,
    { defaultValues: draft.details, mode: "onTouched" },
  );

  // Take over from index.html's prepaint: keep what was typed into it (and save
  // it), and the caret. Before paint, so the swap is never seen.
  useLayoutEffect(() => {
    const left = takePrepaint();
    if (left === null) return;
    let typed = false;
    for (const { name } of DETAIL_FIELDS) {
      const value = left.values[name];
      if (value === undefined || value === getValues(name)) continue;
      setValue(name, value, { shouldDirty: true });
      typed = true;
    }
    if (typed) autosave.change(getValues());
    if (left.focus) restoreFocus(left.focus);
    // Once, on mount: the prepaint exists only until the first live render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

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
  return (
    <DetailsCard
      field={(name) => register(name, flushOnBlur)}
      errors={formState.errors}
      status={autosave.status}
      busy={formState.isSubmitting}
      onSubmit={(event) => void onSubmit(event)}
    />
  );
}
