import { useState } from "react";
import { useQuery } from "convex/react";
import { useSessionMutation, useSessionQuery } from "convex-helpers/react/sessions";
import { Link, useNavigate, useRouteContext } from "@tanstack/react-router";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import { StepHeading } from "../../../components/StepHeading";
import { detectTimeZone, formatDateTime, formatDuration, formatPrice } from "../../../lib/format";
import { showToast } from "../../../lib/toasts";
import { userMessage } from "../../../lib/errors";
import { STEP_PATHS } from "../../../lib/steps";
import { useDraft } from "./useDraft";
import { useEnterStep } from "./useEnterStep";

export function ReviewStep() {
  useEnterStep("review");
  const draft = useDraft()!;
  const navigate = useNavigate();
  const { manageLinks } = useRouteContext({ from: "__root__" });
  const confirm = useSessionMutation(api.bookings.confirm);
  const [busy, setBusy] = useState(false);
  const serviceId = draft.serviceId as Id<"services">;
  const services = useQuery(api.catalog.services);
  const providers = useQuery(api.catalog.providers, { serviceId });
  const hold = useSessionQuery(api.holds.mine);
  const service = services?.find((s) => s._id === serviceId);
  const provider = providers?.find((p) => p._id === draft.providerChoice);
  const timeZone = draft.timeZone ?? detectTimeZone();

  const onConfirm = async () => {
    setBusy(true);
    try {
      const result = await confirm();
      if (result.ok) {
        manageLinks.remember(result.reference, result.manageToken);
        await navigate({ to: "/booking/$reference", params: { reference: result.reference }, replace: true });
      } else if (result.reason === "taken") {
        showToast("That time was just taken. Your details are kept; please choose another time.", "error");
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

  const rows: [string, string, keyof typeof STEP_PATHS][] = [
    ["Service", service ? `${service.name} (${formatDuration(service.durationMinutes)})` : "…", "service"],
    [
      "With",
      hold?.providerName ?? (draft.providerChoice === "any" ? "Any available" : (provider?.name ?? "…")),
      "provider",
    ],
    [
      "When",
      draft.start ? `${formatDateTime(draft.start, timeZone)} (${timeZone.replace(/_/g, " ")})` : "",
      "time",
    ],
    ["Name", draft.details.name, "details"],
    ["Email", draft.details.email, "details"],
    ["Phone", draft.details.phone || "Not given", "details"],
    ["Notes", draft.details.notes || "None", "details"],
  ];

  return (
    <section className="card">
      <StepHeading>Review and confirm</StepHeading>
      <dl className="summary">
        {rows.map(([label, value, step]) => (
          <div key={label} className="summary-row">
            <dt>{label}</dt>
            <dd>{value}</dd>
            <dd className="summary-edit">
              <Link to={STEP_PATHS[step]} aria-label={`Change ${label.toLowerCase()}`}>
                Change
              </Link>
            </dd>
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
