// The business's settings (owner only). Today: whether guests confirm their
// email before a booking counts. Each change is saved at once and audited.
import { useState } from "react";
import { useMutation, useQuery } from "convex/react";
import { api } from "@convex/_generated/api";
import { StepHeading } from "../../../components/StepHeading";
import { useShowToast } from "../../../lib/toasts";
import { userMessage } from "../../../lib/errors";

export function SettingsPage() {
  const settings = useQuery(api.settings.get);
  // The box follows the click at once; the server's answer (or a failure) settles it.
  const setVerify = useMutation(api.settings.setVerifyGuestEmail).withOptimisticUpdate((store, { on }) =>
    store.setQuery(api.settings.get, {}, { verifyGuestEmail: on }),
  );
  const [saving, setSaving] = useState(false);
  const showToast = useShowToast();

  const onChange = async (on: boolean) => {
    setSaving(true);
    try {
      await setVerify({ on });
      showToast(on ? "Guests now confirm their email to book." : "Guests no longer confirm their email.");
    } catch (error) {
      showToast(userMessage(error, "We couldn't save that. Try again."), "error");
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="card">
      <StepHeading>Settings</StepHeading>
      {settings === undefined ? (
        <p aria-busy="true">Loading…</p>
      ) : (
        <fieldset className="checkboxes">
          <legend>Guest bookings</legend>
          <label>
            <input
              type="checkbox"
              checked={settings.verifyGuestEmail}
              disabled={saving}
              aria-describedby="verify-guest-email-hint"
              onChange={(event) => void onChange(event.target.checked)}
            />{" "}
            Guests confirm their email before a booking counts
          </label>
          <p id="verify-guest-email-hint" className="hint">
            When on, a guest's booking waits, with its time held, until they open the link we email them. If
            they don't in time (15 minutes unless the deployment sets another window), the time is let go.
            Customers signed in to an account skip this: they confirmed their email when they made it.
          </p>
        </fieldset>
      )}
    </section>
  );
}
