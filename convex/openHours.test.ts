/// <reference types="vite/client" />
// Availability with the console's rules: date overrides (closed, own hours),
// time off, and both across a DST change, set through the console functions.
import { beforeEach, describe, expect, it } from "vitest";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import {
  MONDAY_8AM,
  addClinic,
  addMember,
  freezeClockEachTest,
  hours,
  newBackend,
  type Backend,
  type User,
} from "./test.fixtures";

freezeClockEachTest(MONDAY_8AM);
let t: Backend;
let owner: User;
beforeEach(async () => {
  t = newBackend();
  owner = await addMember(t, "owner@clinic.example", "owner");
});

async function starts(serviceId: Id<"services">, date: string, timeZone = "UTC") {
  const slots = await t.query(api.availability.day, { serviceId, providerChoice: "any", timeZone, date });
  return slots?.map((slot) => new Date(slot.start).toISOString().slice(11, 16)) ?? null;
}

describe("date overrides", () => {
  it("a closed day offers no times; removing the override brings the weekly hours back", async () => {
    const { serviceId, providerId } = await addClinic(t, { slotStepMinutes: 60 }, { durationMinutes: 60 });
    expect(await starts(serviceId, "2026-11-03")).toHaveLength(8);
    await owner.as.mutation(api.providerAdmin.setOverride, {
      providerId,
      date: "2026-11-03",
      closed: true,
      hours: [],
    });
    expect(await starts(serviceId, "2026-11-03")).toEqual([]);
    expect(await starts(serviceId, "2026-11-04")).toHaveLength(8);
    await owner.as.mutation(api.providerAdmin.removeOverride, { providerId, date: "2026-11-03" });
    expect(await starts(serviceId, "2026-11-03")).toHaveLength(8);
  });

  it("a day with its own hours offers only those, even on a day the weekly hours are closed", async () => {
    const { serviceId, providerId } = await addClinic(t, { slotStepMinutes: 60 }, { durationMinutes: 60 });
    await owner.as.mutation(api.providerAdmin.setOverride, {
      providerId,
      date: "2026-11-03",
      closed: false,
      hours: [
        { start: "07:00", end: "09:00" },
        { start: "18:00", end: "19:00" },
      ],
    });
    expect(await starts(serviceId, "2026-11-03")).toEqual(["07:00", "08:00", "18:00"]);
    // Saturday: closed by the weekly hours, open by its override.
    await owner.as.mutation(api.providerAdmin.setOverride, {
      providerId,
      date: "2026-11-07",
      closed: false,
      hours: [{ start: "10:00", end: "12:00" }],
    });
    expect(await starts(serviceId, "2026-11-07")).toEqual(["10:00", "11:00"]);
  });

  it("refuses overlapping or empty hours with a clear error and stores nothing", async () => {
    const { providerId } = await addClinic(t);
    const overlapping = owner.as.mutation(api.providerAdmin.setOverride, {
      providerId,
      date: "2026-11-03",
      closed: false,
      hours: [
        { start: "09:00", end: "12:00" },
        { start: "11:00", end: "13:00" },
      ],
    });
    await expect(overlapping).rejects.toThrow(/Hours must not overlap/);
    const empty = owner.as.mutation(api.providerAdmin.setOverride, {
      providerId,
      date: "2026-11-03",
      closed: false,
      hours: [],
    });
    await expect(empty).rejects.toThrow(/Add opening hours, or close the day/);
    expect(await t.run((ctx) => ctx.db.query("dateOverrides").collect())).toEqual([]);
  });
});

describe("time off", () => {
  it("removes the times it overlaps, in the provider's zone, and they come back when it is removed", async () => {
    const { serviceId, providerId } = await addClinic(
      t,
      { timeZone: "Europe/Paris", slotStepMinutes: 60 },
      { durationMinutes: 60 },
    );
    // Paris is UTC+1 in November: 09:00–17:00 local is 08:00–16:00 UTC.
    expect(await starts(serviceId, "2026-11-03")).toEqual([
      "08:00",
      "09:00",
      "10:00",
      "11:00",
      "12:00",
      "13:00",
      "14:00",
      "15:00",
    ]);
    await owner.as.mutation(api.providerAdmin.addTimeOff, {
      providerId,
      start: "2026-11-03T10:30",
      end: "2026-11-03T13:00",
      reason: "Course",
    });
    expect(await starts(serviceId, "2026-11-03")).toEqual(["08:00", "12:00", "13:00", "14:00", "15:00"]);
    const { timeOff } = await owner.as.query(api.providerAdmin.get, { providerId });
    expect(timeOff).toEqual([
      { _id: expect.any(String), start: "2026-11-03T10:30", end: "2026-11-03T13:00", reason: "Course" },
    ]);
    await owner.as.mutation(api.providerAdmin.removeTimeOff, { providerId, timeOffId: timeOff[0]._id });
    expect(await starts(serviceId, "2026-11-03")).toHaveLength(8);
  });

  it("a range of days closes every day in it", async () => {
    const { serviceId, providerId } = await addClinic(t);
    await owner.as.mutation(api.providerAdmin.addTimeOff, {
      providerId,
      start: "2026-11-03T00:00",
      end: "2026-11-06T00:00",
      reason: "Holiday",
    });
    expect(await starts(serviceId, "2026-11-02")).not.toEqual([]);
    for (const date of ["2026-11-03", "2026-11-04", "2026-11-05"])
      expect(await starts(serviceId, date)).toEqual([]);
    expect(await starts(serviceId, "2026-11-06")).not.toEqual([]);
  });
});

describe("across a DST change", () => {
  it("turns override hours and time off into the right instants on the day New York springs forward", async () => {
    const { serviceId, providerId } = await addClinic(
      t,
      {
        timeZone: "America/New_York",
        weeklyHours: hours([6], "09:00", "12:00"),
        slotStepMinutes: 60,
        bookingWindowDays: 365,
      },
      { durationMinutes: 60 },
    );
    // Saturday 13 March 2027, still EST (UTC−5); Sunday 14 March, EDT (UTC−4) from 02:00.
    await owner.as.mutation(api.providerAdmin.setOverride, {
      providerId,
      date: "2027-03-14",
      closed: false,
      hours: [{ start: "09:00", end: "12:00" }],
    });
    await owner.as.mutation(api.providerAdmin.addTimeOff, {
      providerId,
      start: "2027-03-13T20:00",
      end: "2027-03-14T10:00",
      reason: "Away",
    });
    expect(await starts(serviceId, "2027-03-13")).toEqual(["14:00", "15:00", "16:00"]);
    // 09:00 EDT is in the time off (it ends at 10:00 EDT = 14:00 UTC); 10:00 and 11:00 EDT remain.
    expect(await starts(serviceId, "2027-03-14")).toEqual(["14:00", "15:00"]);
    // The viewer in New York sees the same local hours on both days.
    const local = async (date: string) =>
      (
        await t.query(api.availability.day, {
          serviceId,
          providerChoice: "any",
          timeZone: "America/New_York",
          date,
        })
      )?.map((slot) =>
        new Date(slot.start).toLocaleTimeString("en-GB", {
          timeZone: "America/New_York",
          hour: "2-digit",
          minute: "2-digit",
        }),
      );
    expect(await local("2027-03-13")).toEqual(["09:00", "10:00", "11:00"]);
    expect(await local("2027-03-14")).toEqual(["10:00", "11:00"]);
  });

  it("a closed day on the autumn change closes the whole 25-hour local day", async () => {
    const { serviceId, providerId } = await addClinic(t, {
      timeZone: "Europe/London",
      weeklyHours: hours([7], "00:00", "23:30"),
      bookingWindowDays: 365,
    });
    // Sunday 31 October 2027: London falls back at 02:00.
    expect(await starts(serviceId, "2027-10-31", "Europe/London")).not.toEqual([]);
    await owner.as.mutation(api.providerAdmin.setOverride, {
      providerId,
      date: "2027-10-31",
      closed: true,
      hours: [],
    });
    expect(await starts(serviceId, "2027-10-31", "Europe/London")).toEqual([]);
    expect(await starts(serviceId, "2027-10-31", "UTC")).toEqual([]);
  });
});

it("keeps weekly hours with several ranges a day", async () => {
  const { serviceId, providerId } = await addClinic(t, { slotStepMinutes: 60 }, { durationMinutes: 60 });
  const { settings } = await owner.as.query(api.providerAdmin.get, { providerId });
  await owner.as.mutation(api.providerAdmin.update, {
    providerId,
    ...settings,
    weeklyHours: [...hours([2], "08:00", "10:00"), ...hours([2], "14:00", "16:00")],
  });
  expect(await starts(serviceId, "2026-11-03")).toEqual(["08:00", "09:00", "14:00", "15:00"]);
  expect(await starts(serviceId, "2026-11-04")).toEqual([]);
});
