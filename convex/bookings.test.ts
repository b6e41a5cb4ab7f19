/// <reference types="vite/client" />
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SessionId } from "convex-helpers/server/sessions";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import {
  MINUTE,
  VALID_DETAILS,
  addBooking,
  addClinic,
  addProvider,
  newSession,
  toReview,
  toTimeStep,
  freezeClockEachTest,
  newBackend,
  type Backend,
} from "./test.fixtures";

// Monday 2 November 2026 08:00 UTC; the clinic (UTC, weekdays 09:00–17:00) is booked for Tuesday 10:00.
const NOW = Date.UTC(2026, 10, 2, 8);
const TEN = Date.UTC(2026, 10, 3, 10);
const HOLD_MS = 600_000; // TABBOOK_HOLD_SECONDS is unset: the default 600 s.
// The alphabet leaves out look-alikes (I, L, O, 0, 1) so a reference can be read out over the phone.
const REFERENCE = /^[A-HJKMNP-Z2-9]{8}$/;

freezeClockEachTest(NOW);
let t: Backend;
let clinic: { serviceId: Id<"services">; providerId: Id<"providers"> };
beforeEach(async () => {
  t = newBackend();
  clinic = await addClinic(t, { name: "Ann" }, { name: "Check-up", priceCents: 4500, currency: "GBP" });
});

const confirm = (sessionId: SessionId) => t.mutation(api.bookings.confirm, { sessionId });
const draft = (sessionId: SessionId) => t.query(api.drafts.get, { sessionId });
const bookings = () => t.run((ctx) => ctx.db.query("bookings").collect());
const holdsOf = (sessionId: SessionId) =>
  t.run((ctx) =>
    ctx.db
      .query("slotHolds")
      .withIndex("by_sessionId", (q) => q.eq("sessionId", sessionId))
      .collect(),
  );

/** A tab at review holding Tuesday 10:00 with "any" provider. */
async function tabAtReview(details = VALID_DETAILS) {
  const sessionId = newSession();
  await toReview(t, sessionId, { serviceId: clinic.serviceId, providerChoice: "any", start: TEN, details });
  return sessionId;
}

/** Lets every hold lapse and runs the scheduled deletions (the drafts live on). */
async function lapseHolds() {
  vi.advanceTimersByTime(HOLD_MS);
  await t.finishInProgressScheduledFunctions();
}

/** A loser of a race: back at the time step with no time, no hold, and its details kept. */
async function expectSentBackToTime(sessionId: SessionId) {
  const after = await draft(sessionId);
  expect(after).toMatchObject({
    step: "time",
    serviceId: clinic.serviceId,
    providerChoice: "any",
    details: VALID_DETAILS,
  });
  expect(after?.start).toBeUndefined();
  expect(await holdsOf(sessionId)).toEqual([]);
}

describe("bookings.confirm", () => {
  it("books the held time, then clears the tab's hold and draft", async () => {
    const tab = await tabAtReview({ ...VALID_DETAILS, name: "  Ada Lovelace  " });
    const result = await confirm(tab);
    if (!result.ok) throw new Error(`confirm failed: ${result.reason}`);
    expect(result.reference).toMatch(REFERENCE);

    expect(await bookings()).toEqual([
      expect.objectContaining({
        reference: result.reference,
        serviceId: clinic.serviceId,
        providerId: clinic.providerId,
        start: TEN,
        end: TEN + 30 * MINUTE,
        timeZone: "Europe/Paris",
        ...VALID_DETAILS, // the name is stored trimmed
        status: "confirmed",
      }),
    ]);
    expect(await holdsOf(tab)).toEqual([]);
    expect(await draft(tab)).toBeNull();
    const offered = await t.query(api.availability.day, {
      serviceId: clinic.serviceId,
      providerChoice: "any",
      timeZone: "UTC",
      date: "2026-11-03",
    });
    expect(offered?.map((s) => s.start)).not.toContain(TEN);
  });

  it.each([
    { missing: "service", walk: async () => {} },
    {
      missing: "provider",
      walk: (id: SessionId) =>
        t.mutation(api.drafts.chooseService, { sessionId: id, serviceId: clinic.serviceId }),
    },
    { missing: "time", walk: (id: SessionId) => toTimeStep(t, id, { ...clinic, providerChoice: "any" }) },
    {
      missing: "details",
      walk: async (id: SessionId) => {
        await toTimeStep(t, id, { ...clinic, providerChoice: "any" });
        await t.mutation(api.holds.hold, { sessionId: id, start: TEN });
        const halfTyped = { ...VALID_DETAILS, email: "ada@" };
        await t.mutation(api.drafts.saveDetails, { sessionId: id, details: halfTyped, rev: 1 });
      },
    },
  ])("refuses a draft whose $missing step is unfinished, and names that step", async ({ missing, walk }) => {
    const tab = newSession();
    await walk(tab);
    expect(await confirm(tab)).toEqual({ ok: false, reason: "incomplete", step: missing });
    expect(await bookings()).toEqual([]);
  });

  it("re-checks bookings made since the hold", async () => {
    const tab = await tabAtReview();
    // Staff book 09:45–10:15 by phone while the tab sits on the review page.
    await addBooking(t, { ...clinic, start: TEN - 15 * MINUTE, end: TEN + 15 * MINUTE });
    expect(await confirm(tab)).toEqual({ ok: false, reason: "taken" });
    expect(await bookings()).toHaveLength(1);
    await expectSentBackToTime(tab);
  });

  it("refuses a time that has come within the provider's minimum notice once the hold lapsed", async () => {
    await t.run((ctx) => ctx.db.patch("providers", clinic.providerId, { minNoticeMinutes: 60 }));
    const tab = await tabAtReview();
    vi.setSystemTime(TEN - 30 * MINUTE); // the 10-minute hold ended long ago
    expect(await confirm(tab)).toEqual({ ok: false, reason: "taken" });
    expect(await bookings()).toEqual([]);
  });

  it("keeps a held time bookable while the hold lasts, even as it comes within the minimum notice", async () => {
    // Notice of exactly NOW→TEN: at NOW the time is just bookable; 5 minutes later it no longer is for others.
    const minNoticeMinutes = (TEN - NOW) / MINUTE;
    await t.run((ctx) => ctx.db.patch("providers", clinic.providerId, { minNoticeMinutes }));
    const tab = await tabAtReview();
    vi.setSystemTime(NOW + 5 * MINUTE);
    const day = {
      serviceId: clinic.serviceId,
      providerChoice: "any" as const,
      timeZone: "UTC",
      date: "2026-11-03",
    };
    expect((await t.query(api.availability.day, day))?.map((slot) => slot.start)).not.toContain(TEN);
    expect(await confirm(tab)).toMatchObject({ ok: true });
    expect(await bookings()).toHaveLength(1);
  });

  it("lets the tab now holding the time win over a tab whose hold lapsed", async () => {
    const late = await tabAtReview();
    await lapseHolds();
    const holder = await tabAtReview();

    expect(await confirm(late)).toEqual({ ok: false, reason: "taken" });
    await expectSentBackToTime(late);
    expect((await confirm(holder)).ok).toBe(true);
    expect((await bookings()).map((b) => b.start)).toEqual([TEN]);
  });

  it.each([
    ["one after the other", async (a: SessionId, b: SessionId) => [await confirm(a), await confirm(b)]],
    ["at the same moment", (a: SessionId, b: SessionId) => Promise.all([confirm(a), confirm(b)])],
  ])("books a time only once when two tabs confirm it %s", async (_, confirmBoth) => {
    // Both tabs held 10:00 in turn and both holds lapsed, so neither hold protects it.
    const first = await tabAtReview();
    await lapseHolds();
    const second = await tabAtReview();
    await lapseHolds();
    expect(Date.now()).toBe(NOW + 2 * HOLD_MS);

    const results = await confirmBoth(first, second);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: "taken" }]);
    expect(await bookings()).toHaveLength(1);
    const loser = results[0].ok ? second : first;
    await expectSentBackToTime(loser);
  });

  it('books "any" tabs with different providers at the same time', async () => {
    await addProvider(t, [clinic.serviceId], { name: "Bo" });
    const [first, second] = [await tabAtReview(), await tabAtReview()];
    expect((await confirm(first)).ok).toBe(true);
    expect((await confirm(second)).ok).toBe(true);
    const booked = await bookings();
    expect(booked.map((b) => b.start)).toEqual([TEN, TEN]);
    expect(new Set(booked.map((b) => b.providerId)).size).toBe(2);
  });

  it('books the provider named on an "any" tab\'s hold, even when another is free again', async () => {
    const bo = await addProvider(t, [clinic.serviceId], { name: "Bo" });
    const other = await tabAtReview(); // holds Ann, the first free by name
    const tab = await tabAtReview(); // so this tab is shown Bo
    expect((await t.query(api.holds.mine, { sessionId: tab }))?.providerName).toBe("Bo");
    await t.mutation(api.holds.release, { sessionId: other });

    expect((await confirm(tab)).ok).toBe(true);
    expect((await bookings()).map((b) => b.providerId)).toEqual([bo]);
  });
});

describe("bookings.confirm with hostile details", () => {
  it.each([
    ["a line break", "+44 20\r\nX-Injected: yes"],
    ["a bare carriage return", "0207946\r0000"],
    ["a tab", "0207946\t0000"],
    ["letters", "call me maybe"],
  ])("refuses a phone number with %s and books nothing", async (_, phone) => {
    const tab = await tabAtReview({ ...VALID_DETAILS, phone });
    expect(await confirm(tab)).toEqual({ ok: false, reason: "incomplete", step: "details" });
    expect(await bookings()).toEqual([]);
  });

  it("books phone numbers written with digits, spaces and + ( ) - .", async () => {
    const tab = await tabAtReview({ ...VALID_DETAILS, phone: "+1 (555) 010-99.88" });
    expect(await confirm(tab)).toMatchObject({ ok: true });
  });
});

describe("bookings.confirmation", () => {
  it("shows the summary only to the tab that booked, without any session ID", async () => {
    const tab = await tabAtReview();
    const result = await confirm(tab);
    if (!result.ok) throw new Error(`confirm failed: ${result.reason}`);
    const { reference } = result;

    const summary = await t.query(api.bookings.confirmation, { sessionId: tab, reference });
    expect(summary).toEqual({
      reference,
      status: "confirmed",
      rescheduledTo: null,
      cancelledBy: null,
      cancelReason: null,
      movedByBusiness: null,
      start: TEN,
      end: TEN + 30 * MINUTE,
      timeZone: "Europe/Paris",
      serviceName: "Check-up",
      priceCents: 4500,
      currency: "GBP",
      providerName: "Ann",
      name: VALID_DETAILS.name,
      email: VALID_DETAILS.email,
      verifyBy: null,
    });
    expect(JSON.stringify(summary)).not.toContain(tab);

    expect(await t.query(api.bookings.confirmation, { sessionId: newSession(), reference })).toBeNull();
    expect(await t.query(api.bookings.confirmation, { sessionId: tab, reference: "ABCDEFGH" })).toBeNull();
  });
});
