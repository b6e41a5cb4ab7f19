import { useQuery } from "convex/react";
import { api } from "@convex/_generated/api";
import { StepHeading } from "../../../components/StepHeading";
import { detectTimeZone, formatDateTime } from "../../../lib/format";

/** Every console change: who, what, when (newest first), in the viewer's zone. */
export function AuditPage() {
  const rows = useQuery(api.audit.list);
  const zone = detectTimeZone();
  return (
    <section className="card">
      <StepHeading>Audit trail</StepHeading>
      <p className="muted">Times in your zone, {zone.replace(/_/g, " ")}.</p>
      {rows === undefined ? (
        <p aria-busy="true">Loading…</p>
      ) : rows.length === 0 ? (
        <p>No changes yet.</p>
      ) : (
        <ol className="console-list audit-list">
          {rows.map((row) => (
            <li key={row._id} className="console-row">
              <span className="muted">{formatDateTime(row.at, zone)}</span>
              <span>
                <strong>{row.actor}</strong>: {row.summary}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
