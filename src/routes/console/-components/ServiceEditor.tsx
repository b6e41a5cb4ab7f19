import { Controller } from "react-hook-form";
import { useMutation } from "convex/react";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import {
  CURRENCIES,
  MAX_SERVICE_MINUTES,
  serviceEditorSchema,
  type ServiceEditor as ServiceForm,
} from "@convex/forms/serviceEditorForm";
import { TextField } from "../../../components/TextField";
import { useShowToast } from "../../../lib/toasts";
import { userMessage } from "../../../lib/errors";
import type { ServiceRow } from "./ServicesPage";
import { useStepForm } from "../../book/-components/useStepForm";

type Provider = { _id: Id<"providers">; name: string };

const EMPTY: ServiceForm = {
  name: "",
  description: "",
  durationMinutes: 30,
  price: 0,
  currency: "EUR",
  providerIds: [],
};

/** Create or edit a service; the form and serviceAdmin.create/update share one zod schema. */
export function ServiceEditor({
  providers,
  service,
  onDone,
}: {
  providers: Provider[];
  service?: ServiceRow;
  onDone: () => void;
}) {
  const showToast = useShowToast();
  const create = useMutation(api.serviceAdmin.create);
  const update = useMutation(api.serviceAdmin.update);
  const { register, handleSubmit, formState, control } = useStepForm(serviceEditorSchema, {
    defaultValues: service
      ? {
          name: service.name,
          description: service.description,
          durationMinutes: service.durationMinutes,
          price: service.price,
          currency: service.currency as ServiceForm["currency"],
          providerIds: service.providerIds,
        }
      : EMPTY,
  });
  const id = (field: string) => `service-${service?._id ?? "new"}-${field}`;
  const onSubmit = handleSubmit(async (values) => {
    try {
      if (service) await update({ serviceId: service._id, ...values });
      else await create(values);
      showToast(service ? `${values.name} is saved.` : `${values.name} is created and bookable.`);
      onDone();
    } catch (error) {
      showToast(userMessage(error, "We couldn't save this service just now."), "error");
    }
  });
  return (
    <form noValidate className="form console-form" onSubmit={(event) => void onSubmit(event)}>
      <h2>{service ? `Edit ${service.name}` : "New service"}</h2>
      <TextField
        id={id("name")}
        label="Name"
        maxLength={80}
        field={register("name")}
        error={formState.errors.name}
      />
      <TextField
        id={id("description")}
        label="Description"
        multiline
        maxLength={300}
        field={register("description")}
        error={formState.errors.description}
      />
      <div className="form-row">
        <TextField
          id={id("duration")}
          label="Duration (minutes)"
          type="number"
          min={5}
          max={MAX_SERVICE_MINUTES}
          step={5}
          field={register("durationMinutes", { valueAsNumber: true })}
          error={formState.errors.durationMinutes}
        />
        <TextField
          id={id("price")}
          label="Price"
          type="number"
          min={0}
          step={0.01}
          field={register("price", { valueAsNumber: true })}
          error={formState.errors.price}
        />
        <div className="field">
          <label htmlFor={id("currency")}>Currency</label>
          <select id={id("currency")} {...register("currency")}>
            {CURRENCIES.map((currency) => (
              <option key={currency}>{currency}</option>
            ))}
          </select>
        </div>
      </div>
      <Controller
        control={control}
        name="providerIds"
        render={({ field }) => (
          <fieldset className="checkboxes">
            <legend>Offered by</legend>
            {providers.map((provider) => (
              <label key={provider._id}>
                <input
                  type="checkbox"
                  checked={field.value.includes(provider._id)}
                  onChange={(event) =>
                    field.onChange(
                      event.target.checked
                        ? [...field.value, provider._id]
                        : field.value.filter((providerId) => providerId !== provider._id),
                    )
                  }
                />{" "}
                {provider.name}
              </label>
            ))}
          </fieldset>
        )}
      />
      <div className="actions">
        <button type="submit" className="button-primary" disabled={formState.isSubmitting}>
          {service ? "Save service" : "Create service"}
        </button>
        <button type="button" className="text-button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
