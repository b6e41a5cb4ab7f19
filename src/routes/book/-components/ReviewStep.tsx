import { useState } from "react";
import { useQuery } from "convex/react";
import { useSessionMutation, useSessionQuery } from "convex-helpers/react/sessions";
import { getRouteApi, Link, useNavigate } from "@tanstack/react-router";
import { api } from "@convex/_generated/api";
import { StepHeading } from "../../../components/StepHeading";
import { detectTimeZone, formatDateTime, formatDuration, formatPrice, formatTime } from "../../../lib/format";
import { zoneCity, zoneDifference } from "../../../lib/timeZones";
import { MODE_LABELS, whereText } from "../../../lib/whereAndHow";
import { useShowToast } from "../../../lib/toasts";
import { NEWCOMER_SHARE_FULL, TIME_TAKEN, userMessage } from "../../../lib/errors";
import { STEP_PATHS } from "../../../lib/steps";
import { useDraft } from "./useDraft";
import { useEnterStep } from "./useEnterStep";

const route = getRouteApi("/book/review");

export function ReviewStep() {
  const showToast = useShowToast();
  useEnterStep("review");
  const draft = useDraft("review", route.useRouteContext({ select: (context) => context.draft }));
  const navigate = useNavigate();
  const { manageLinks } = route.useRouteContext({ select: (context) => context.session });
  const confirm = useSessionMutation(api.bookings.confirm);
  const [busy, setBusy] = useState(false);
  const serviceId = draft.serviceId;
  const services = useQuery(api.catalog.services);
  const providers = useQuery(api.catalog.providers, { serviceId });
  const hold = useSessionQuery(api.holds.mine);
  const service = services?.find((s) => s._id === serviceId);
  // The held time's provider, which "any" has settled on by now.
  const provider = providers?.find((p) => p._id === (hold?.providerId ?? draft.providerChoice));
  const timeZone = draft.timeZone ?? detectTimeZone();

  const onConfirm = async () => {
    setBusy(true);
    try {
      const result = await confirm();
      if (result.ok) {
        // A booking waiting for its email link has no manage link yet.
        if (result.manageToken !== null) manageLinks.remember(result.reference, result.manageToken);
        await navigate({ to: "/booking/$reference", params: { reference: result.reference }, replace: true });
      } else if (result.reason === "busy") {
        showToast(NEWCOMER_SHARE_FULL, "error");
      } else if (result.reason === "taken") {
        showToast(TIME_TAKEN, "error");
        await navigate({ to: "/book/time" });
      } else {
        await navigate({ to: STEP_PATHS[result.step] });
      }
    } catch (error) {
      showToast(userMessage(error, "We couldn't confirm just now. Please try again."), "error");
    } finally {
      setBusy(false);
    }
  };

  const theirClock =
    provider && draft.start && zoneDifference(provider.timeZone, timeZone, draft.start) !== null
      ? `, ${formatTime(draft.start, provider.timeZone)} in ${zoneCity(provider.timeZone)}`
      : "";
  // Each row's "Change" link is named for what it changes, not for the row's label.
  // "Where" follows from the provider, so it has no link of its own.
  const rows: { label: string; value: string; step?: keyof typeof STEP_PATHS; changes?: string }[] = [
    {
      label: "Service",
      value: service ? `${service.name} (${formatDuration(service.durationMinutes)})` : "…",
      step: "service",
      changes: "service",
    },
    {
      label: "With",
      value:
        hold?.providerName ?? (draft.providerChoice === "any" ? "Any available" : (provider?.name ?? "…")),
      step: "provider",
      changes: "provider",
    },
    {
      label: "Where",
      value: provider ? whereText(provider) : service?.mode === "online" ? MODE_LABELS.online : "…",
    },
    {
      label: "When",
      value: draft.start
        ? `${formatDateTime(draft.start, timeZone)} (${zoneCity(timeZone)})` + theirClock
        : "",
      step: "time",
      changes: "time",
    },
    { label: "Name", value: draft.details.name, step: "details", changes: "name" },
    { label: "Email", value: draft.details.email, step: "details", changes: "email" },
    { label: "Phone", value: draft.details.phone || "Not given", step: "details", changes: "phone" },
    { label: "Notes", value: draft.details.notes || "None", step: "details", changes: "notes" },
  ];

  return (
    <section className="card">
      <StepHeading>Review and confirm</StepHeading>
      <dl className="summary">
        {rows.map(({ label, value, step, changes }) => (
          <div key={label} className="summary-row">
            <dt>{label}</dt>
            <dd>{value}</dd>
            {step && changes && (
              <dd className="summary-edit">
                <Link to={STEP_PATHS[step]} aria-label={`Change ${changes}`}>
                  Change
                </Link>
              </dd>
            )}
          </div>
        ))}
      </dl>
      {service && (
        <p className="price">
          Price: {formatPrice(service.priceCents, service.currency)}, paid at the visit.
        </p>
      )}
      <div className="actions">
        <button type="button" className="button-primary" disabled={busy} onClick={() => void onConfirm()}>
          {busy ? "Confirming…" : draft.rescheduling ? "Confirm new time" : "Confirm booking"}
        </button>
        <Link to="/book/details" className="button-link">
          Back
        </Link>
      </div>
    </section>
  );
}
