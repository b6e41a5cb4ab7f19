import { Link, getRouteApi } from "@tanstack/react-router";
import { useMutation, useQuery } from "convex/react";
import { api } from "@convex/_generated/api";
import { StepHeading } from "../../../components/StepHeading";
import { ProviderSettingsForm } from "./ProviderSettingsForm";
import { OverridesSection } from "./OverridesSection";
import { TimeOffSection } from "./TimeOffSection";
import { ArchiveProviderSection } from "./ArchiveProviderSection";

const route = getRouteApi("/console/providers/$providerId");

/** One provider: profile, hours and rules, date overrides, time off. */
export function ProviderPage() {
  const { providerId } = route.useParams();
  const provider = useQuery(api.providerAdmin.get, { providerId });
  const update = useMutation(api.providerAdmin.update);
  if (provider === undefined) {
    return (
      <section className="card" aria-busy="true">
        <StepHeading>Provider</StepHeading>
        <p>Loading…</p>
      </section>
    );
  }
  return (
    <>
      <section className="card">
        <StepHeading>{provider.settings.name}</StepHeading>
        <p>
          <Link to="/console/agenda" search={{ provider: providerId }}>
            Open {provider.settings.name}'s agenda
          </Link>
        </p>
        <ProviderSettingsForm
          key={providerId}
          initial={provider.settings}
          submitLabel="Save profile, hours and rules"
          onSave={async (settings) => {
            await update({ providerId, ...settings });
          }}
        />
      </section>
      <OverridesSection
        providerId={providerId}
        overrides={provider.overrides}
        timeZone={provider.settings.timeZone}
      />
      <TimeOffSection
        providerId={providerId}
        timeOff={provider.timeOff}
        timeZone={provider.settings.timeZone}
      />
      <ArchiveProviderSection
        providerId={providerId}
        name={provider.settings.name}
        archived={provider.archived}
      />
    </>
  );
}
