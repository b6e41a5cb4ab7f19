import { useState } from "react";
import { useMutation, useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { StepHeading } from "../../../components/StepHeading";
import { formatDuration, formatPrice } from "../../../lib/format";
import { useShowToast } from "../../../lib/toasts";
import { userMessage } from "../../../lib/errors";
import { ServiceEditor } from "./ServiceEditor";

export type ServiceRow = FunctionReturnType<typeof api.serviceAdmin.list>[number];

/** The owner's services: create, edit, archive (gone from booking, kept on past bookings) and restore. */
export function ServicesPage() {
  const services = useQuery(api.serviceAdmin.list);
  const providers = useQuery(api.providerAdmin.list);
  const [editing, setEditing] = useState<Id<"services"> | "new" | null>(null);
  if (services === undefined || providers === undefined) {
    return (
      <section className="card" aria-busy="true">
        <StepHeading>Services</StepHeading>
        <p>Loading services…</p>
      </section>
    );
  }
  const names = new Map(providers.map((p) => [p._id, p.name]));
  return (
    <section className="card">
      <StepHeading>Services</StepHeading>
      {editing === "new" ? (
        <ServiceEditor providers={providers} onDone={() => setEditing(null)} />
      ) : (
        <button type="button" className="button-primary" onClick={() => setEditing("new")}>
          New service
        </button>
      )}
      <ul className="console-list" aria-label="Services">
        {services.map((service) =>
          editing === service._id ? (
            <li key={service._id} className="console-row">
              <ServiceEditor providers={providers} service={service} onDone={() => setEditing(null)} />
            </li>
          ) : (
            <ServiceItem
              key={service._id}
              service={service}
              providerNames={service.providerIds.map((id) => names.get(id) ?? "").filter(Boolean)}
              onEdit={() => setEditing(service._id)}
            />
          ),
        )}
      </ul>
    </section>
  );
}

function ServiceItem({
  service,
  providerNames,
  onEdit,
}: {
  service: ServiceRow;
  providerNames: string[];
  onEdit: () => void;
}) {
  const showToast = useShowToast();
  const setArchived = useMutation(api.serviceAdmin.setArchived);
  const toggle = async () => {
    try {
      await setArchived({ serviceId: service._id, archived: !service.archived });
      showToast(
        service.archived
          ? `${service.name} is bookable again.`
          : `${service.name} is archived: customers can no longer book it. Past bookings keep it.`,
      );
    } catch (error) {
      showToast(userMessage(error, "We couldn't change this service just now."), "error");
    }
  };
  return (
    <li className={`console-row ${service.archived ? "archived" : ""}`} aria-label={service.name}>
      <h2>
        {service.name}
        {service.archived && <span className="badge">Archived</span>}
      </h2>
      <p className="muted">
        {formatDuration(service.durationMinutes)} ·{" "}
        {formatPrice(Math.round(service.price * 100), service.currency)} ·{" "}
        {providerNames.length === 0 ? "No provider offers it" : `With ${providerNames.join(", ")}`}
      </p>
      {service.description && <p>{service.description}</p>}
      <div className="actions">
        <button type="button" className="button-secondary" onClick={onEdit}>
          Edit {service.name}
        </button>
        <button type="button" className="text-button" onClick={() => void toggle()}>
          {service.archived ? `Restore ${service.name}` : `Archive ${service.name}`}
        </button>
      </div>
    </li>
  );
}
