import { useEffect, useState } from "react";
import { useQuery } from "convex/react";
import { useSessionMutation, useSessionQuery } from "convex-helpers/react/sessions";
import { getRouteApi, Link, useNavigate, useSearch } from "@tanstack/react-router";
import { api } from "@convex/_generated/api";
import { StepHeading } from "../../../components/StepHeading";
import { dateInZone, detectTimeZone, formatCalendarDay } from "../../../lib/format";
import { useShowToast } from "../../../lib/toasts";
import { NEWCOMER_SHARE_FULL, TIME_TAKEN } from "../../../lib/errors";
import { useDraft } from "./useDraft";
import { useEnterStep } from "./useEnterStep";
import { MonthCalendar } from "./MonthCalendar";
import { TimeGrid } from "./TimeGrid";
import { dayTimes } from "./dayTimes";
import { TimeZoneSelect } from "./TimeZoneSelect";
import { ProviderClockNote } from "./ProviderClockNote";
import { zoneDifference } from "../../../lib/timeZones";
import { useKeptAcrossMinutes, useTimeBucket } from "../../../lib/useTimeBucket";

const route = getRouteApi("/book/time");

export function TimeStep() {
  const showToast = useShowToast();
  useEnterStep("time");
  const draft = useDraft("time", route.useRouteContext({ select: (context) => context.draft }));
  const search = useSearch({ from: "/book/time" });
  const navigate = useNavigate({ from: "/book/time" });
  const setTimeZone = useSessionMutation(api.drafts.setTimeZone);
  const holdTime = useSessionMutation(api.holds.hold);
  const hold = useSessionQuery(api.holds.mine);
  const [picking, setPicking] = useState(false);

  const timeZone = draft.timeZone ?? detectTimeZone();
  useEffect(() => {
    if (draft.timeZone === undefined) void setTimeZone({ timeZone: detectTimeZone() });
  }, [draft.timeZone, setTimeZone]);

  const [openedAt] = useState(() => Date.now());
  const today = dateInZone(openedAt, timeZone);
  const date = search.date ?? (draft.start !== undefined ? dateInZone(draft.start, timeZone) : today);
  const month = date.slice(0, 7);
  const choice = {
    serviceId: draft.serviceId,
    providerChoice: draft.providerChoice,
    timeZone,
  };
  const providers = useQuery(api.catalog.providers, { serviceId: choice.serviceId });
  const chosen = providers?.find((provider) => provider._id === choice.providerChoice);
  const providerZone =
    chosen && zoneDifference(chosen.timeZone, timeZone, openedAt) !== null ? chosen.timeZone : undefined;
  const at = useTimeBucket();
  const asked = `${choice.serviceId} ${choice.providerChoice} ${timeZone}`;
  const monthCounts = useKeptAcrossMinutes(
    useQuery(api.availability.month, { ...choice, month, at }),
    `${asked} ${month}`,
  );
  const daySlots = useKeptAcrossMinutes(
    useQuery(api.availability.day, { ...choice, date, at }),
    `${asked} ${date}`,
  );

  const counts = monthCounts ? new Map(monthCounts.map(({ date, count }) => [date, count])) : undefined;
  const heldToday = hold && dateInZone(hold.start, timeZone) === date ? hold.start : null;
  const times = daySlots ? dayTimes(daySlots, heldToday) : undefined;
  const nextOpenDay = monthCounts?.find((day) => day.date > date && day.count > 0)?.date;

  const selectDate = (next: string) => void navigate({ search: { date: next }, replace: true });
  const pick = async (start: number) => {
    if (hold?.start === start) return navigate({ to: "/book/details" });
    setPicking(true);
    try {
      const result = await holdTime({ start });
      if (result.ok) await navigate({ to: "/book/details" });
      else if (result.reason === "taken") showToast(TIME_TAKEN, "error");
      else if (result.reason === "busy") showToast(NEWCOMER_SHARE_FULL, "error");
      else await navigate({ to: "/" });
    } finally {
      setPicking(false);
    }
  };

  return (
    <section className="card">
      <StepHeading>Choose a date and time</StepHeading>
      <TimeZoneSelect value={timeZone} onChange={(zone) => void setTimeZone({ timeZone: zone })} />
      <div className="time-step">
        <MonthCalendar month={month} selected={date} today={today} counts={counts} onSelect={selectDate} />
        <div className="day-times">
          <h2>{formatCalendarDay(date)}</h2>
          <ProviderClockNote
            providers={chosen ? [chosen] : (providers ?? [])}
            chosen={chosen !== undefined}
            timeZone={timeZone}
            at={openedAt}
          />
          {times === undefined ? (
            <p aria-busy="true">Loading free times…</p>
          ) : times.length > 0 ? (
            <TimeGrid
              times={times}
              timeZone={timeZone}
              providerZone={providerZone}
              busy={picking}
              onPick={(start) => void pick(start)}
            />
          ) : (
            <div className="empty">
              <p>No free times on this day.</p>
              {nextOpenDay ? (
                <button type="button" className="button-secondary" onClick={() => selectDate(nextOpenDay)}>
                  Next free day: {formatCalendarDay(nextOpenDay)}
                </button>
              ) : (
                monthCounts !== undefined && <p>Try the next month.</p>
              )}
            </div>
          )}
        </div>
      </div>
      <div className="actions">
        <Link to="/book/provider" className="button-link">
          Back
        </Link>
      </div>
    </section>
  );
}
