import { Link } from "@tanstack/react-router";
import { useQuery } from "convex/react";
import { api } from "@convex/_generated/api";
import { StepHeading } from "../../../components/StepHeading";

/** The owner's providers, each opening its profile, hours, overrides and time off. */
export function ProvidersPage() {
  const providers = useQuery(api.providerAdmin.list);
  return (
    <section className="card">
      <StepHeading>Providers</StepHeading>
      <Link to="/console/providers/new" className="button-primary">
        Add a provider
      </Link>
      {providers === undefined ? (
        <p aria-busy="true">Loading…</p>
      ) : (
        <ul className="console-list" aria-label="Providers">
          {providers.map((p) => (
            <li key={p._id} className={`console-row ${p.archived ? "archived" : ""}`}>
              <Link to="/console/providers/$providerId" params={{ providerId: p._id }}>
                {p.name}
              </Link>
              {p.archived && <span className="badge">Archived</span>}{" "}
              <span className="muted">{p.timeZone.replace(/_/g, " ")}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
