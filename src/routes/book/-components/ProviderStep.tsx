import { useState } from "react";
import { useQuery } from "convex/react";
import { useSessionMutation } from "convex-helpers/react/sessions";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { api } from "@convex/_generated/api";
import { providerFormSchema } from "@convex/forms/providerForm";
import { StepHeading } from "../../../components/StepHeading";
import { RadioCards } from "../../../components/RadioCards";
import { useShowToast } from "../../../lib/toasts";
import { detectTimeZone } from "../../../lib/format";
import { localTimeNote, whereText } from "../../../lib/whereAndHow";
import { useDraft } from "./useDraft";
import { useEnterStep } from "./useEnterStep";
import { StepActions } from "./StepActions";
import { useStepForm } from "./useStepForm";

const route = getRouteApi("/book/provider");

export function ProviderStep() {
  const showToast = useShowToast();
  useEnterStep("provider");
  const draft = useDraft("provider", route.useRouteContext({ select: (context) => context.draft }));
  const serviceId = draft.serviceId;
  const providers = useQuery(api.catalog.providers, { serviceId });
  const chooseProvider = useSessionMutation(api.drafts.chooseProvider);
  const selectProvider = useSessionMutation(api.drafts.selectProvider);
  const navigate = useNavigate();
  const viewerZone = draft.timeZone ?? detectTimeZone();
  const [now] = useState(() => Date.now());
  // The pick the step opened with; the form owns it from then on (see useStepForm).
  const { register, handleSubmit, formState } = useStepForm(providerFormSchema, {
    defaultValues: { providerChoice: draft.providerChoice ?? "any" },
  });
  // Saved as soon as it is picked, so a reload before Continue keeps it.
  const field = register("providerChoice", {
    onChange: (event: { target: { value: string } }) =>
      void selectProvider({ providerChoice: event.target.value }).catch(() => undefined),
  });

  const onSubmit = handleSubmit(async ({ providerChoice }) => {
    const result = await chooseProvider({ providerChoice });
    if (result.ok) await navigate({ to: "/book/time" });
    else showToast("That person no longer offers this service. Please choose again.", "error");
  });

  return (
    <section className="card">
      <StepHeading>Who would you like to see?</StepHeading>
      {providers === undefined ? (
        <p aria-busy="true">Loading…</p>
      ) : (
        <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
          <RadioCards
            legend="Provider"
            field={field}
            error={formState.errors.providerChoice ? "Choose a person, or Any available." : undefined}
            options={[
              {
                value: "any",
                title: "Any available",
                description: "See every free time; we'll book whoever is free.",
              },
              ...providers.map((provider) => ({
                value: provider._id,
                title: provider.name,
                description: provider.bio,
                notes: [whereText(provider), localTimeNote(provider, viewerZone, now)].filter(
                  (note): note is string => note !== null,
                ),
              })),
            ]}
          />
          <StepActions busy={formState.isSubmitting} back="/book/service" />
        </form>
      )}
    </section>
  );
}
