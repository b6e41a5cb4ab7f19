import type { FunctionReturnType } from "convex/server";
import type { api } from "@convex/_generated/api";
import { addDays, dateInZone, formatCalendarDay, formatTime } from "../../../lib/format";
import { BookingCard } from "./BookingCard";

export type Agenda = FunctionReturnType<typeof api.agenda.forProvider>;

const zoneName = (zone: string) => zone.replace(/_/g, " ");

/** A time range in the provider's zone, with the viewer's own time when their zone differs. */
export function TimeRange({
  start,
  end,
  zone,
  viewerZone,
}: {
  start: number;
  end: number;
  zone: string;
  viewerZone: string;
}) {
  return (
    <span className="agenda-time">
      {formatTime(start, zone)}–{formatTime(end, zone)}
      {formatTime(start, viewerZone) !== formatTime(start, zone) && (
        <span className="muted"> ({formatTime(start, viewerZone)} your time)</span>
      )}
    </span>
  );
}

/** One provider's days: open hours, bookings (flagged when outside them) and times being booked. */
export function ProviderAgenda({
  agenda,
  viewerZone,
  titled,
}: {
  agenda: Agenda;
  viewerZone: string;
  titled?: boolean;
}) {
  const zone = agenda.timeZone;
  const first = dateInZone(agenda.from, zone);
  const days = Math.round((agenda.to - agenda.from) / 86_400_000);
  const dates = Array.from({ length: days }, (_, i) => addDays(first, i));
  const on = (date: string) => (item: { start: number }) => dateInZone(item.start, zone) === date;
  const headingId = `agenda-${agenda.providerId}`;
  return (
    <section className="agenda" aria-labelledby={titled ? headingId : undefined}>
      {titled && <h2 id={headingId}>{agenda.providerName}</h2>}
      <p className="muted">
        Times in {agenda.providerName}'s zone, {zoneName(zone)}
        {viewerZone !== zone ? `. Your zone: ${zoneName(viewerZone)}.` : " (also yours)."}
      </p>
      <div className={days > 1 ? "agenda-week" : "agenda-day"}>
        {dates.map((date) => {
          const windows = agenda.windows.filter(on(date));
          const bookings = agenda.bookings.filter(on(date));
          const held = agenda.beingBooked.filter(on(date));
          const items = [
            ...bookings.map((b) => ({ kind: "booking" as const, start: b.start, booking: b })),
            ...held.map((h) => ({ kind: "held" as const, start: h.start, held: h })),
          ].sort((a, b) => a.start - b.start);
          return (
            <section key={date} className="agenda-date" aria-label={formatCalendarDay(date)}>
              <h3>{formatCalendarDay(date)}</h3>
              <p className="muted">
                {windows.length === 0
                  ? "Closed"
                  : `Open ${windows.map((w) => `${formatTime(w.start, zone)}–${formatTime(w.end, zone)}`).join(", ")}`}
              </p>
              {items.length === 0 ? (
                <p className="muted">No bookings.</p>
              ) : (
                <ul className="agenda-items">
                  {items.map((item) =>
                    item.kind === "booking" ? (
                      <BookingCard
                        key={item.booking.reference}
                        booking={item.booking}
                        providerId={agenda.providerId}
                        zone={zone}
                        viewerZone={viewerZone}
                      />
                    ) : (
                      <li key={`held-${item.start}`} className="agenda-item agenda-held">
                        <TimeRange
                          start={item.held.start}
                          end={item.held.end}
                          zone={zone}
                          viewerZone={viewerZone}
                        />
                        <span>{item.held.serviceName}</span>
                        <strong>Being booked</strong>
                      </li>
                    ),
                  )}
                </ul>
              )}
            </section>
          );
        })}
      </div>
    </section>
  );
}
