import { useNavigate } from "@tanstack/react-router";
import { useMutation } from "convex/react";
import { api } from "@convex/_generated/api";
import type { ProviderSettings } from "@convex/forms/providerSettingsForm";
import { StepHeading } from "../../../components/StepHeading";
import { detectTimeZone } from "../../../lib/format";
import { ProviderSettingsForm } from "./ProviderSettingsForm";

const WEEKDAYS = [1, 2, 3, 4, 5];

export function NewProviderPage() {
  const create = useMutation(api.providerAdmin.create);
  const navigate = useNavigate();
  const initial: ProviderSettings = {
    name: "",
    bio: "",
    timeZone: detectTimeZone(),
    weeklyHours: WEEKDAYS.map((weekday) => ({ weekday, start: "09:00", end: "17:00" })),
    bufferMinutes: 0,
    minNoticeMinutes: 60,
    bookingWindowDays: 60,
    slotStepMinutes: 30,
  };
  return (
    <section className="card">
      <StepHeading>Add a provider</StepHeading>
      <ProviderSettingsForm
        initial={initial}
        submitLabel="Add provider"
        onSave={async (settings) => {
          const { providerId } = await create(settings);
          await navigate({ to: "/console/providers/$providerId", params: { providerId } });
        }}
      />
    </section>
  );
}
