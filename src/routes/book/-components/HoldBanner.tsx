import { useEffect, useState } from "react";
import { Link, useNavigate } from "@tanstack/react-router";
import { useSessionMutation, useSessionQuery } from "convex-helpers/react/sessions";
import { api } from "@convex/_generated/api";
import type { Step } from "@convex/shared/constants";
import { stepIndex } from "@convex/shared/steps";
import { detectTimeZone, formatDateTime } from "../../../lib/format";
import { useShowToast } from "../../../lib/toasts";
import { TIME_TAKEN } from "../../../lib/errors";

/** Warn this long before a hold lapses (WCAG 2.2.1 asks for at least 20 s). */
const HOLD_WARNING_MS = 60_000;

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

function formatRemaining(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/** The tab's hold: a countdown with a one-click extension, or what to do once it lapsed. */
export function HoldBanner({ step }: { step: Step }) {
  const hold = useSessionQuery(api.holds.mine);
  const draft = useSessionQuery(api.drafts.get);
  if (hold === undefined || draft === undefined || draft === null) return null;
  const timeZone = draft.timeZone ?? detectTimeZone();
  if (hold !== null) return <HoldCountdown hold={hold} timeZone={timeZone} />;
  if (draft.start !== undefined && stepIndex(step) > stepIndex("time")) {
    return <HoldLapsed start={draft.start} timeZone={timeZone} />;
  }
  return null;
}

function HoldCountdown({
  hold,
  timeZone,
}: {
  hold: { start: number; expiresAt: number; providerName: string };
  timeZone: string;
}) {
  const showToast = useShowToast();
  const extend = useSessionMutation(api.holds.extend);
  const now = useNow(1000);
  const remaining = hold.expiresAt - now;
  const warn = remaining <= HOLD_WARNING_MS;
  return (
    <section className={`hold ${warn ? "hold-warning" : ""}`} aria-label="Your held time">
      <p>
        We're holding <strong>{formatDateTime(hold.start, timeZone)}</strong> with {hold.providerName} for
        you.{" "}
        <span role="timer" aria-label="Time left on your hold">
          {formatRemaining(remaining)}
        </span>{" "}
        left.
      </p>
      {warn && (
        <div role="alert" className="hold-alert">
          <span>Your hold ends soon. Need more time?</span>
          <button
            type="button"
            className="button-secondary"
            onClick={() => {
              void extend().then((result) => {
                if (!result.ok) showToast("That hold has already ended.", "error");
              });
            }}
          >
            Keep this time longer
          </button>
        </div>
      )}
    </section>
  );
}

function HoldLapsed({ start, timeZone }: { start: number; timeZone: string }) {
  const showToast = useShowToast();
  const hold = useSessionMutation(api.holds.hold);
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  return (
    <section className="hold hold-lapsed" role="alert">
      <p>
        Your hold on <strong>{formatDateTime(start, timeZone)}</strong> has ended. The time may still be free.
      </p>
      <div className="actions">
        <button
          type="button"
          className="button-secondary"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void hold({ start })
              .then((result) => {
                if (result.ok) return;
                showToast(TIME_TAKEN, "error");
                return navigate({ to: "/book/time" });
              })
              .finally(() => setBusy(false));
          }}
        >
          Hold it again
        </button>
        <Link to="/book/time">Choose another time</Link>
      </div>
    </section>
  );
}
