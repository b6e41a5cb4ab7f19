import { useState } from "react";
import { useQuery } from "convex/react";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { StepHeading } from "../../../components/StepHeading";
import { addDays, dateInZone, detectTimeZone } from "../../../lib/format";
import { ProviderAgenda } from "./ProviderAgenda";
import type { AgendaSearch } from "../agenda";
import { providerIdFrom } from "../../../lib/routeIds";

const route = getRouteApi("/console/agenda");

/** Day or week view of one provider (staff: theirs) or of everyone (owner), live. */
export function AgendaPage() {
  const search = route.useSearch();
  const { member } = route.useRouteContext();
  const navigate = useNavigate({ from: "/console/agenda" });
  const providers = useQuery(api.providerAdmin.list);
  const viewerZone = detectTimeZone();
  const chosen = search.provider ?? (member.role === "owner" ? "all" : (member.providerId ?? "all"));
  const provider = providers?.find((p) => p._id === chosen);
  const zone = provider?.timeZone ?? viewerZone;
  const view = search.view ?? "day";
  const [openedAt] = useState(() => Date.now());
  const date = search.date ?? dateInZone(openedAt, zone);
  const step = view === "week" ? 7 : 1;
  const go = (next: AgendaSearch) => void navigate({ search: (prev) => ({ ...prev, ...next }) });

  return (
    <section className="card">
      <StepHeading>Agenda</StepHeading>
      <div className="agenda-controls">
        {member.role === "owner" && (
          <div className="field field-inline">
            <label htmlFor="agenda-provider">Calendar</label>
            <select
              id="agenda-provider"
              value={chosen}
              onChange={(event) =>
                go({
                  provider: event.target.value === "all" ? "all" : providerIdFrom(event.target.value),
                  date: undefined,
                })
              }
            >
              <option value="all">All providers</option>
              {providers?.map((p) => (
                <option key={p._id} value={p._id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="segmented" role="group" aria-label="View">
          {(["day", "week"] as const).map((v) => (
            <button key={v} type="button" aria-pressed={view === v} onClick={() => go({ view: v })}>
              {v === "day" ? "Day" : "Week"}
            </button>
          ))}
        </div>
        <div className="agenda-dates" role="group" aria-label="Dates">
          <button
            type="button"
            className="button-secondary"
            onClick={() => go({ date: addDays(date, -step) })}
          >
            {view === "week" ? "Previous week" : "Previous day"}
          </button>
          <button type="button" className="text-button" onClick={() => go({ date: undefined })}>
            Today
          </button>
          <button
            type="button"
            className="button-secondary"
            onClick={() => go({ date: addDays(date, step) })}
          >
            {view === "week" ? "Next week" : "Next day"}
          </button>
        </div>
      </div>
      {chosen === "all" ? (
        <AllProviders date={date} days={step} viewerZone={viewerZone} />
      ) : (
        <OneProvider providerId={chosen} date={date} days={step} viewerZone={viewerZone} />
      )}
    </section>
  );
}

type Range = { date: string; days: 1 | 7; viewerZone: string };

function OneProvider({ providerId, date, days, viewerZone }: Range & { providerId: Id<"providers"> }) {
  const agenda = useQuery(api.agenda.forProvider, { providerId, date, days });
  if (agenda === undefined) return <p aria-busy="true">Loading the agenda…</p>;
  return <ProviderAgenda agenda={agenda} viewerZone={viewerZone} />;
}

function AllProviders({ date, days, viewerZone }: Range) {
  const agendas = useQuery(api.agenda.all, { date, days });
  if (agendas === undefined) return <p aria-busy="true">Loading the agenda…</p>;
  if (agendas.length === 0) return <p>No providers yet. Add one under Providers.</p>;
  return (
    <>
      {agendas.map((agenda) => (
        <ProviderAgenda key={agenda.providerId} agenda={agenda} viewerZone={viewerZone} titled />
      ))}
    </>
  );
}
