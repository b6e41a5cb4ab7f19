import { useSessionQuery } from "convex-helpers/react/sessions";
import { api } from "@convex/_generated/api";
import { detectTimeZone, formatDateTime } from "../../../lib/format";

/** While rescheduling, says which booking this flow replaces and that its time is kept until confirm. */
export function RescheduleNote() {
  const draft = useSessionQuery(api.drafts.get);
  const rescheduling = draft?.rescheduling;
  if (!rescheduling) return null;
  const timeZone = draft.timeZone ?? detectTimeZone();
  return (
    <p className="reschedule-note">
      Rescheduling booking <strong>{rescheduling.reference}</strong>, now on{" "}
      {formatDateTime(rescheduling.start, timeZone)}. That time stays booked for you until you confirm a new
      one.
    </p>
  );
}
