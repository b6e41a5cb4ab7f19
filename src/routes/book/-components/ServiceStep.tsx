import { useQuery } from "convex/react";
import { useSessionMutation } from "convex-helpers/react/sessions";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { api } from "@convex/_generated/api";
import { serviceFormSchema } from "@convex/forms/serviceForm";
import { StepHeading } from "../../../components/StepHeading";
import { RadioCards } from "../../../components/RadioCards";
import { formatDuration, formatPrice } from "../../../lib/format";
import { useShowToast } from "../../../lib/toasts";
import { MODE_LABELS } from "../../../lib/whereAndHow";
import { useDraft } from "./useDraft";
import { useEnterStep } from "./useEnterStep";
import { StepActions } from "./StepActions";
import { useStepForm } from "./useStepForm";

const route = getRouteApi("/book/service");

export function ServiceStep() {
  const showToast = useShowToast();
  useEnterStep("service");
  const draft = useDraft("service", route.useRouteContext({ select: (context) => context.draft }));
  const services = useQuery(api.catalog.services);
  const chooseService = useSessionMutation(api.drafts.chooseService);
  const selectService = useSessionMutation(api.drafts.selectService);
  const navigate = useNavigate();
  // The pick the step opened with; the form owns it from then on (see useStepForm).
  const { register, handleSubmit, formState } = useStepForm(serviceFormSchema, {
    defaultValues: draft?.serviceId ? { serviceId: draft.serviceId } : undefined,
  });
  // Saved as soon as it is picked, so a reload before Continue keeps it.
  const field = register("serviceId", {
    onChange: (event: { target: { value: string } }) =>
      void selectService({ serviceId: event.target.value }).catch(() => undefined),
  });

  const onSubmit = handleSubmit(async ({ serviceId }) => {
    const result = await chooseService({ serviceId });
    if (result.ok) await navigate({ to: "/book/provider" });
    else showToast("That service is no longer offered. Please choose another.", "error");
  });

  return (
    <section className="card">
      <StepHeading>Choose a service</StepHeading>
      {services === undefined ? (
        <p aria-busy="true">Loading services…</p>
      ) : services.length === 0 ? (
        <p>No services can be booked right now. Please check back later.</p>
      ) : (
        <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
          <RadioCards
            legend="Service"
            field={field}
            error={formState.errors.serviceId ? "Choose a service to continue." : undefined}
            options={services.map((service) => ({
              value: service._id,
              title: service.name,
              meta: [
                formatDuration(service.durationMinutes),
                formatPrice(service.priceCents, service.currency),
                service.mode && MODE_LABELS[service.mode],
              ]
                .filter(Boolean)
                .join(" · "),
              description: service.description,
            }))}
          />
          <StepActions busy={formState.isSubmitting} />
        </form>
      )}
    </section>
  );
}
