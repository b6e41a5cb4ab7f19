/// <reference types="vite/client" />
import { beforeEach, describe, expect, it, vi } from "vitest";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import {
  MINUTE,
  MONDAY_8AM,
  VALID_DETAILS,
  addClinic,
  appData,
  book,
  freezeClockEachTest,
  newBackend,
  newSession,
  offeredStarts,
  rejection,
  rowsOf,
  signedInTabAtReview,
  toReview,
  tuesdayAt,
  type Backend,
  addAdaAndBob,
  type User,
} from "./test.fixtures";

const TEN = tuesdayAt(10);
const ELEVEN = tuesdayAt(11);
const TWELVE = tuesdayAt(12);

freezeClockEachTest(MONDAY_8AM);
let t: Backend;
let clinic: { serviceId: Id<"services">; providerId: Id<"providers"> };
let ada: User;
let bob: User;
beforeEach(async () => {
  t = newBackend();
  clinic = await addClinic(t, { name: "Ann" }, { name: "Check-up" });
  ({ ada, bob } = await addAdaAndBob(t));
});

const choice = (start: number) => ({ ...clinic, providerChoice: "any" as const, start });
/** A booking made by the user on a signed-in tab; returns its reference. */
async function bookAs(user: User, start: number) {
  return book(user.as, await signedInTabAtReview(t, user.as, choice(start)));
}
const list = (user: User) => user.as.query(api.myBookings.list, {});
const cancel = (user: User, reference: string) => user.as.mutation(api.myBookings.cancel, { reference });
const offered = () => offeredStarts(t, clinic.serviceId);

describe("myBookings.list", () => {
  it("lists the user's own bookings, latest first, without session IDs or email addresses", async () => {
    const early = await bookAs(ada, TEN);
    const late = await bookAs(ada, TWELVE);
    await bookAs(bob, ELEVEN);
    const guest = newSession();
    await toReview(t, guest, choice(tuesdayAt(11, 30)));
    await book(t, guest);

    const listed = await list(ada);
    const summary = {
      status: "confirmed",
      rescheduledTo: null,
      cancelledBy: null,
      cancelReason: null,
      movedByBusiness: null,
      timeZone: "Europe/Paris",
    };
    const names = { serviceName: "Check-up", providerName: "Ann", priceCents: 5000, currency: "EUR" };
    expect(listed).toEqual([
      { reference: late, ...summary, start: TWELVE, end: TWELVE + 30 * MINUTE, ...names },
      { reference: early, ...summary, start: TEN, end: TEN + 30 * MINUTE, ...names },
    ]);
    const sessionIds = (await appData(t)).bookings.map((b) => b.bookedBySession);
    for (const secret of [...sessionIds, "@"]) expect(JSON.stringify(listed)).not.toContain(secret);
    expect(await t.query(api.myBookings.list, {})).toBeNull();
  });
});

describe("myBookings.cancel", () => {
  it("frees the time for everyone at once", async () => {
    const reference = await bookAs(ada, TEN);
    expect(await offered()).not.toContain(TEN);
    expect(await cancel(ada, reference)).toEqual({ ok: true });
    expect(await offered()).toContain(TEN);
    expect((await list(ada))?.[0]).toMatchObject({ reference, status: "cancelled" });
  });

  it("refuses another user's booking, one that has started, and a signed-out caller", async () => {
    const reference = await bookAs(ada, TEN);
    const before = await appData(t);
    expect(await cancel(bob, reference)).toEqual({ ok: false });
    expect(await rejection(t.mutation(api.myBookings.cancel, { reference }))).toMatchObject({
      code: "SIGNED_OUT",
    });
    vi.setSystemTime(TEN);
    expect(await cancel(ada, reference)).toEqual({ ok: false });
    expect(await appData(t)).toEqual(before);
  });
});

describe("rescheduling", () => {
  it("starts on this tab at the time step, prefilled from the booking, replacing the tab's draft", async () => {
    const reference = await bookAs(ada, TEN);
    const tab = await signedInTabAtReview(t, ada.as, choice(TWELVE));
    expect(await ada.as.mutation(api.myBookings.startReschedule, { sessionId: tab, reference })).toEqual({
      ok: true,
    });

    expect(await ada.as.query(api.drafts.get, { sessionId: tab })).toEqual({
      step: "time",
      missing: "time",
      serviceId: clinic.serviceId,
      providerChoice: clinic.providerId,
      start: undefined,
      timeZone: "Europe/Paris",
      details: VALID_DETAILS,
      detailsRev: 0,
      rescheduling: { reference, start: TEN, end: TEN + 30 * MINUTE },
    });
    expect(await ada.as.query(api.holds.mine, { sessionId: tab })).toBeNull();
    expect(await offered()).toContain(TWELVE);
    expect(await offered()).not.toContain(TEN);
  });

  it("keeps the old time until the new one is confirmed, then marks the old booking rescheduled", async () => {
    const reference = await bookAs(ada, TEN);
    const tab = newSession();
    await ada.as.mutation(api.myBookings.startReschedule, { sessionId: tab, reference });
    expect(await ada.as.mutation(api.holds.hold, { sessionId: tab, start: ELEVEN })).toMatchObject({
      ok: true,
    });
    expect(await offered()).not.toContain(TEN);

    const replacement = await book(ada.as, tab);
    expect(await list(ada)).toEqual([
      expect.objectContaining({ reference: replacement, status: "confirmed", start: ELEVEN }),
      expect.objectContaining({ reference, status: "rescheduled", rescheduledTo: replacement, start: TEN }),
    ]);
    const nowOffered = await offered();
    expect(nowOffered).toContain(TEN);
    expect(nowOffered).not.toContain(ELEVEN);
  });

  it("refuses another user's booking, and a signed-out caller", async () => {
    const reference = await bookAs(ada, TEN);
    const tab = newSession();
    expect(await bob.as.mutation(api.myBookings.startReschedule, { sessionId: tab, reference })).toEqual({
      ok: false,
    });
    const signedOut = t.mutation(api.myBookings.startReschedule, { sessionId: tab, reference });
    expect(await rejection(signedOut)).toMatchObject({ code: "SIGNED_OUT" });
    expect((await rowsOf(t, tab)).draft).toBeNull();
  });
});
