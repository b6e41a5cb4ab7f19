/// <reference types="vite/client" />
import { beforeEach, describe, expect, it, vi } from "vitest";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import {
  HOUR,
  MINUTE,
  WEEKDAYS,
  addBooking,
  addClinic,
  addProvider,
  addService,
  hours,
  newSession,
  toTimeStep,
  freezeClockEachTest,
  newBackend,
  type Backend,
} from "./test.fixtures";
import { timeBucket } from "./shared/timeBucket";

// Monday 2026-10-26 00:00 UTC, a week before the US clocks fall back.
const NOW = Date.UTC(2026, 9, 26);
const TUESDAY = "2026-11-03";
const at = (hour: number, minute = 0) => Date.UTC(2026, 10, 3, hour, minute);

/** Slot starts from `first` (inclusive) to `last` (inclusive), `stepMs` apart. */
function startsBetween(first: number, last: number, stepMs: number): number[] {
  const starts: number[] = [];
  for (let start = first; start <= last; start += stepMs) starts.push(start);
  return starts;
}

freezeClockEachTest(NOW);
let t: Backend;
beforeEach(() => {
  t = newBackend();
});

type Search = { serviceId: Id<"services">; providerChoice?: "any" | Id<"providers"> };

/** Slot starts on `date` of a viewer in `timeZone`. */
async function starts({ serviceId, providerChoice = "any" }: Search, date: string, timeZone = "UTC") {
  const slots = await t.query(api.availability.day, {
    serviceId,
    providerChoice,
    timeZone,
    date,
  });
  return slots === null ? null : slots.map((slot) => slot.start);
}

describe("availability.day", () => {
  it("offers times inside the provider's hours in their zone, on the viewer's own dates", async () => {
    // Tokyo (UTC+9, no DST) works Tuesdays 09:00–12:00: 00:00, 01:00 and 02:00 UTC on Tuesday 3 November.
    const clinic = await addClinic(
      t,
      { timeZone: "Asia/Tokyo", weeklyHours: hours([2], "09:00", "12:00"), slotStepMinutes: 60 },
      { durationMinutes: 60 },
    );
    const tokyoTuesday = [at(0), at(1), at(2)];
    expect(await starts(clinic, TUESDAY, "Asia/Tokyo")).toEqual(tokyoTuesday);
    const slots = await t.query(api.availability.day, {
      serviceId: clinic.serviceId,
      providerChoice: clinic.providerId,
      timeZone: "Asia/Tokyo",
      date: TUESDAY,
    });
    expect(slots?.map((s) => s.end - s.start)).toEqual([HOUR, HOUR, HOUR]);

    // Los Angeles is on PST (UTC−8) after 1 November: the same times are
    // Monday 2 November 16:00–18:00 there, and its Tuesday has none.
    expect(await starts(clinic, "2026-11-02", "America/Los_Angeles")).toEqual(tokyoTuesday);
    expect(await starts(clinic, TUESDAY, "America/Los_Angeles")).toEqual([]);
    expect(await starts(clinic, "2026-11-02", "Asia/Tokyo")).toEqual([]);
  });

  it("keeps 09:00 New York time across the autumn change (EDT to EST)", async () => {
    const clinic = await addClinic(t, {
      timeZone: "America/New_York",
      weeklyHours: hours(WEEKDAYS, "09:00", "09:30"),
    });
    // Clocks fall back on Sunday 1 November 2026: EDT (UTC−4) before, EST (UTC−5) after.
    expect(await starts(clinic, "2026-10-30", "America/New_York")).toEqual([Date.UTC(2026, 9, 30, 13)]);
    expect(await starts(clinic, "2026-11-02", "America/New_York")).toEqual([Date.UTC(2026, 10, 2, 14)]);
  });

  it("keeps 09:00 New York time across the spring change (EST to EDT)", async () => {
    vi.setSystemTime(Date.UTC(2026, 2, 2));
    const clinic = await addClinic(t, {
      timeZone: "America/New_York",
      weeklyHours: hours(WEEKDAYS, "09:00", "09:30"),
    });
    // Clocks spring forward on Sunday 8 March 2026: EST (UTC−5) before, EDT (UTC−4) after.
    expect(await starts(clinic, "2026-03-06", "America/New_York")).toEqual([Date.UTC(2026, 2, 6, 14)]);
    expect(await starts(clinic, "2026-03-09", "America/New_York")).toEqual([Date.UTC(2026, 2, 9, 13)]);
  });

  it.each([
    // 00:00–04:00 on fall-back night is five real hours: 00:00 EDT (04:00Z) to 04:00 EST (09:00Z),
    // with 01:00 happening twice (05:00Z in EDT, 06:00Z in EST).
    { night: "2026-11-01", now: NOW, expected: [4, 5, 6, 7, 8].map((h) => Date.UTC(2026, 10, 1, h)) },
    // On spring-forward night it is three: 00:00 EST (05:00Z) to 04:00 EDT (08:00Z), 02:00 never happens.
    {
      night: "2026-03-08",
      now: Date.UTC(2026, 2, 2),
      expected: [5, 6, 7].map((h) => Date.UTC(2026, 2, 8, h)),
    },
  ])("steps through real hours on the night of $night", async ({ night, now, expected }) => {
    vi.setSystemTime(now);
    const clinic = await addClinic(
      t,
      { timeZone: "America/New_York", weeklyHours: hours([7], "00:00", "04:00"), slotStepMinutes: 60 },
      { durationMinutes: 60 },
    );
    expect(await starts(clinic, night, "America/New_York")).toEqual(expected);
  });

  const fullTuesday = startsBetween(at(9), at(16, 30), 30 * MINUTE);

  it("keeps the provider's buffer free around a confirmed booking", async () => {
    const clinic = await addClinic(t, { bufferMinutes: 15 });
    await addBooking(t, { ...clinic, start: at(10), end: at(10, 30) });
    // With 15 minutes either side, 10:00–10:30 blocks 09:45–10:45, so the
    // 09:30 slot (ends 10:00) and the 10:30 slot (starts 10:30) clash too.
    const blocked = [at(9, 30), at(10), at(10, 30)];
    expect(await starts(clinic, TUESDAY)).toEqual(fullTuesday.filter((s) => !blocked.includes(s)));
  });

  it("blocks the provider's other services too, but not other providers", async () => {
    const clinic = await addClinic(t);
    const massage = await addService(t, { slug: "massage", name: "Massage" });
    const other = await addProvider(t, [clinic.serviceId], { name: "Other Person" });
    await addBooking(t, { serviceId: massage, providerId: clinic.providerId, start: at(10), end: at(11) });
    const mine = await starts({ serviceId: clinic.serviceId, providerChoice: clinic.providerId }, TUESDAY);
    expect(mine).toEqual(fullTuesday.filter((s) => s !== at(10) && s !== at(10, 30)));
    expect(await starts({ serviceId: clinic.serviceId, providerChoice: other }, TUESDAY)).toEqual(
      fullTuesday,
    );
  });

  it("ignores cancelled bookings", async () => {
    const clinic = await addClinic(t, { bufferMinutes: 15 });
    await addBooking(t, { ...clinic, start: at(10), end: at(10, 30) }, "cancelled");
    expect(await starts(clinic, TUESDAY)).toEqual(fullTuesday);
  });

  it("hides times within the minimum notice", async () => {
    vi.setSystemTime(at(10, 10));
    const clinic = await addClinic(t, { minNoticeMinutes: 120 });
    // Earliest bookable instant is 12:10, so the first slot on the 30-minute grid is 12:30.
    expect(await starts(clinic, TUESDAY)).toEqual(startsBetween(at(12, 30), at(16, 30), 30 * MINUTE));
  });

  it("hides times beyond the booking window", async () => {
    // June has no DST change in any zone the host might run in, so 7 days is 7 × 24 h.
    vi.setSystemTime(Date.UTC(2026, 5, 1, 12));
    const clinic = await addClinic(t, { bookingWindowDays: 7 });
    // The window ends Monday 8 June 12:00 UTC: that morning is bookable, the afternoon and Tuesday are not.
    const monday = (hour: number, minute = 0) => Date.UTC(2026, 5, 8, hour, minute);
    expect(await starts(clinic, "2026-06-08")).toEqual(startsBetween(monday(9), monday(11, 30), 30 * MINUTE));
    expect(await starts(clinic, "2026-06-09")).toEqual([]);
  });

  it("hides a time another tab holds, with the buffer, until that hold lapses", async () => {
    const clinic = await addClinic(t, { bufferMinutes: 15 });
    const tab = newSession();
    await toTimeStep(t, tab, { ...clinic, providerChoice: "any" });
    const held = await t.mutation(api.holds.hold, { sessionId: tab, start: at(10) });
    expect(held.ok).toBe(true);
    const blocked = [at(9, 30), at(10), at(10, 30)];
    expect(await starts(clinic, TUESDAY)).toEqual(fullTuesday.filter((s) => !blocked.includes(s)));

    // Past expiresAt the row may still exist (its scheduled deletion has not
    // run here), but a lapsed hold must not block anyone.
    vi.setSystemTime(held.ok ? held.expiresAt : 0);
    expect(await t.run((ctx) => ctx.db.query("slotHolds").collect())).toHaveLength(1);
    expect(await starts(clinic, TUESDAY)).toEqual(fullTuesday);
  });

  it('merges providers for "any", one entry per time', async () => {
    const clinic = await addClinic(
      t,
      { name: "Ann", weeklyHours: hours([2], "09:00", "11:00"), slotStepMinutes: 60 },
      { durationMinutes: 60 },
    );
    // Bo works 05:00–07:00 in New York (EST, UTC−5): 10:00–12:00 UTC, overlapping Ann at 10:00.
    const bo = await addProvider(t, [clinic.serviceId], {
      name: "Bo",
      timeZone: "America/New_York",
      weeklyHours: hours([2], "05:00", "07:00"),
      slotStepMinutes: 60,
    });
    const any = { serviceId: clinic.serviceId };
    expect(await starts(any, TUESDAY)).toEqual([at(9), at(10), at(11)]);

    // 10:00 stays on offer while either of them is free at 10:00.
    await addBooking(t, { ...clinic, start: at(10), end: at(11) });
    expect(await starts(any, TUESDAY)).toEqual([at(9), at(10), at(11)]);
    await addBooking(t, { serviceId: clinic.serviceId, providerId: bo, start: at(10), end: at(11) });
    expect(await starts(any, TUESDAY)).toEqual([at(9), at(11)]);
  });

  it('offers "any" on one grid, the coarsest step, while a single provider keeps their own', async () => {
    const clinic = await addClinic(t, { name: "Ann", weeklyHours: hours([2], "09:00", "11:00") });
    // Bo steps every 15 minutes and starts at 09:15 on some days; "any" shows only :00 and :30.
    const bo = await addProvider(t, [clinic.serviceId], {
      name: "Bo",
      weeklyHours: hours([2], "09:15", "12:00"),
      slotStepMinutes: 15,
    });
    expect(await starts({ serviceId: clinic.serviceId }, TUESDAY)).toEqual(
      startsBetween(at(9), at(11, 30), 30 * MINUTE),
    );
    expect(await starts({ serviceId: clinic.serviceId, providerChoice: bo }, TUESDAY)).toEqual(
      startsBetween(at(9, 15), at(11, 30), 15 * MINUTE),
    );
  });

  it("gives no times for a provider who does not offer the service, and null for no service", async () => {
    const clinic = await addClinic(t);
    const massage = await addService(t, { slug: "massage", name: "Massage" });
    await addProvider(t, [massage], { name: "Masseur" });
    expect(await starts({ serviceId: massage, providerChoice: clinic.providerId }, TUESDAY)).toEqual([]);

    await t.run((ctx) => ctx.db.delete("services", massage));
    expect(await starts({ serviceId: massage }, TUESDAY)).toBeNull();
  });
});

describe("availability.month", () => {
  // Tuesday 10 November 12:00 UTC; a 10-day window ends Friday 20 November 12:00.
  const NOV_10_NOON = Date.UTC(2026, 10, 10, 12);

  async function month(serviceId: Id<"services">, monthArg: string, timeZone: string) {
    return t.query(api.availability.month, { serviceId, providerChoice: "any", timeZone, month: monthArg });
  }

  async function twoSlotWeekdays() {
    vi.setSystemTime(NOV_10_NOON);
    // Two one-hour slots each weekday, starting 14:00 and 15:00 UTC.
    return addClinic(
      t,
      { weeklyHours: hours(WEEKDAYS, "14:00", "16:00"), slotStepMinutes: 60, bookingWindowDays: 10 },
      { durationMinutes: 60 },
    );
  }

  it("counts free times per day, from now to the end of the booking window", async () => {
    const { serviceId } = await twoSlotWeekdays();
    // Tue 10 (both after 12:00) through Thu 19; Friday 20's 14:00 is past the window.
    const dates = ["10", "11", "12", "13", "16", "17", "18", "19"];
    expect(await month(serviceId, "2026-11", "UTC")).toEqual(
      dates.map((day) => ({ date: `2026-11-${day}`, count: 2 })),
    );
    expect(await month(serviceId, "2026-10", "UTC")).toEqual([]);
    expect(await month(serviceId, "2026-12", "UTC")).toEqual([]);
  });

  it("counts on the viewer's dates", async () => {
    const { serviceId } = await twoSlotWeekdays();
    // In Tokyo (UTC+9) 14:00Z is 23:00 the same day and 15:00Z is 00:00 the next day,
    // so each weekday's pair is split across two Tokyo dates (Friday's second lands on Saturday).
    expect(await month(serviceId, "2026-11", "Asia/Tokyo")).toEqual([
      { date: "2026-11-10", count: 1 },
      { date: "2026-11-11", count: 2 },
      { date: "2026-11-12", count: 2 },
      { date: "2026-11-13", count: 2 },
      { date: "2026-11-14", count: 1 },
      { date: "2026-11-16", count: 1 },
      { date: "2026-11-17", count: 2 },
      { date: "2026-11-18", count: 2 },
      { date: "2026-11-19", count: 2 },
      { date: "2026-11-20", count: 1 },
    ]);
  });
});

describe("catalog", () => {
  it("lists only the providers who offer a service, by name, with no scheduling internals", async () => {
    const clinic = await addClinic(t, { name: "Zoe" });
    await addProvider(t, [clinic.serviceId], { name: "Abe" });
    await addProvider(t, [await addService(t, { slug: "other" })], { name: "Max" });
    const providers = await t.query(api.catalog.providers, { serviceId: clinic.serviceId });
    expect(providers.map((p) => p.name)).toEqual(["Abe", "Zoe"]);
    expect(Object.keys(providers[0]).sort()).toEqual(["_id", "bio", "location", "mode", "name", "timeZone"]);
  });

  it("says where each provider is and how the service happens with them", async () => {
    const clinic = await addClinic(t, { name: "Ann", location: "Marylebone, London" });
    await addProvider(t, [clinic.serviceId], { name: "Bo", mode: "online", timeZone: "Asia/Tokyo" });
    const video = await addService(t, { slug: "video", mode: "online" });
    await addProvider(t, [video], { name: "Cy", location: "Brooklyn, New York" });
    const pick = ({
      name,
      location,
      mode,
      timeZone,
    }: {
      name: string;
      location: string | null;
      mode: string;
      timeZone: string;
    }) => ({ name, location, mode, timeZone });
    expect((await t.query(api.catalog.providers, { serviceId: clinic.serviceId })).map(pick)).toEqual([
      { name: "Ann", location: "Marylebone, London", mode: "in_person", timeZone: "UTC" },
      { name: "Bo", location: null, mode: "online", timeZone: "Asia/Tokyo" },
    ]);
    // An online service is a video call with anyone, wherever they are.
    expect((await t.query(api.catalog.providers, { serviceId: video })).map(pick)).toEqual([
      { name: "Cy", location: "Brooklyn, New York", mode: "online", timeZone: "UTC" },
    ]);
    expect((await t.query(api.catalog.services, {})).find((s) => s._id === video)?.mode).toBe("online");
  });
});

describe("availability as of the tab's minute", () => {
  /** Slot starts on TUESDAY as the tab would ask at `tabNow`: the minute is an argument, not the server's clock. */
  async function startsAsOf(clinic: Search, tabNow: number) {
    const slots = await t.query(api.availability.day, {
      serviceId: clinic.serviceId,
      providerChoice: "any",
      timeZone: "UTC",
      date: TUESDAY,
      at: timeBucket(tabNow),
    });
    return slots?.map((slot) => slot.start) ?? null;
  }

  it("a time leaves the list once it passes the notice edge, with nothing else written", async () => {
    vi.setSystemTime(at(10, 28));
    const clinic = await addClinic(t, { minNoticeMinutes: 120 });
    expect(await startsAsOf(clinic, at(10, 28))).toContain(at(12, 30));

    // 10:30:30: 12:30 is now inside the two hours' notice. Nothing has been written.
    vi.setSystemTime(at(10, 30) + 30_000);
    // A cached query is not re-run as time passes; its answer depends on its arguments only,
    // so a re-run with the same minute says the same, and the cache serving it is right to.
    expect(await startsAsOf(clinic, at(10, 28))).toContain(at(12, 30));
    // The tab's next minute is a new query, and the time has gone.
    expect(await startsAsOf(clinic, at(10, 30) + 30_000)).not.toContain(at(12, 30));
  });

  it("counts the notice from the end of the minute, so no time it offers slides inside it meanwhile", async () => {
    vi.setSystemTime(at(10, 29) + 59_000);
    const clinic = await addClinic(t, { minNoticeMinutes: 120 });
    // All through 10:29 the answer stands: 12:30 is bookable until 10:30 and is offered; 12:29 would not be.
    expect((await startsAsOf(clinic, at(10, 29)))?.[0]).toBe(at(12, 30));
    expect(await startsAsOf(clinic, at(10, 30))).not.toContain(at(12, 30));
  });

  it("bounds a made-up minute by the server's clock", async () => {
    vi.setSystemTime(at(10, 29));
    const clinic = await addClinic(t, { minNoticeMinutes: 120 });
    // Three hours in the past would offer 10:30; it is clamped to five minutes before the server's clock.
    expect((await startsAsOf(clinic, at(7, 29)))?.[0]).toBe(at(12, 30));
    await expect(
      t.query(api.availability.day, {
        serviceId: clinic.serviceId,
        providerChoice: "any",
        timeZone: "UTC",
        date: TUESDAY,
        at: at(10, 29) + 1,
      }),
    ).rejects.toThrow(/start of a minute/);
  });
});
