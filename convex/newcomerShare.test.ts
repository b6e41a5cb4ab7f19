/// <reference types="vite/client" />
// Calendar blocking: fresh session IDs are free to make, so guests and new
// accounts together may hold or book only a share of a provider's day.
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SessionId } from "convex-helpers/server/sessions";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import {
  MONDAY_8AM,
  VALID_DETAILS,
  addClinic,
  addUser,
  book,
  freezeClockEachTest,
  newBackend,
  newSession,
  toReview,
  tuesdayAt,
  type Backend,
  type Caller,
} from "./test.fixtures";

// The clinic works 09:00–17:00 UTC (480 minutes) in 30-minute slots; half of that is 8 slots.
const SHARE_SLOTS = 8;
const TUESDAY_SLOTS = Array.from({ length: 16 }, (_, i) => tuesdayAt(9 + Math.floor(i / 2), (i % 2) * 30));

freezeClockEachTest(MONDAY_8AM);
let t: Backend;
let clinic: { serviceId: Id<"services">; providerId: Id<"providers"> };
beforeEach(async () => {
  vi.stubEnv("TABBOOK_NEWCOMER_SHARE", "0.5");
  vi.stubEnv("TABBOOK_NEWCOMER_ACCOUNT_SECONDS", "3600");
  t = newBackend();
  clinic = await addClinic(t, { name: "Ann" });
});

const choice = () => ({ serviceId: clinic.serviceId, providerChoice: clinic.providerId });

/** A new tab (a fresh session ID, as a script would make) of `caller`'s that tries to hold `start`. */
async function holdAsNewTab(start: number, caller: Caller = t) {
  const sessionId = newSession();
  await caller.mutation(api.drafts.chooseService, { sessionId, serviceId: clinic.serviceId });
  await caller.mutation(api.drafts.chooseProvider, { sessionId, providerChoice: clinic.providerId });
  return { sessionId, result: await caller.mutation(api.holds.hold, { sessionId, start }) };
}

describe("the newcomer share of a provider's day", () => {
  it("lets guest tabs hold only half of the day; the other half stays free for established customers", async () => {
    const regular = await addUser(t, "regular@example.com");
    vi.advanceTimersByTime(2 * 3600_000); // the account is now two hours old: established
    const results = [];
    for (const start of TUESDAY_SLOTS) results.push((await holdAsNewTab(start)).result);
    expect(results.filter((r) => r.ok)).toHaveLength(SHARE_SLOTS);
    expect(results.slice(SHARE_SLOTS)).toEqual(
      Array.from({ length: SHARE_SLOTS }, () => ({ ok: false, reason: "busy" })),
    );

    // While those holds last, a customer with an established account holds and books one of the rest.
    const { sessionId, result } = await holdAsNewTab(TUESDAY_SLOTS[SHARE_SLOTS], regular.as);
    expect(result).toMatchObject({ ok: true });
    await regular.as.mutation(api.drafts.saveDetails, { sessionId, details: VALID_DETAILS, rev: 1 });
    await regular.as.mutation(api.drafts.enterStep, { sessionId, step: "review" });
    expect(await regular.as.mutation(api.bookings.confirm, { sessionId })).toMatchObject({ ok: true });
  });

  it("counts guest bookings as well as holds, and an account younger than the threshold as a newcomer", async () => {
    for (const start of TUESDAY_SLOTS.slice(0, SHARE_SLOTS)) {
      const tab = newSession();
      await toReview(t, tab, { ...choice(), start });
      await book(t, tab);
    }
    const newAccount = await addUser(t, "new@example.com");
    expect((await holdAsNewTab(TUESDAY_SLOTS[SHARE_SLOTS], newAccount.as)).result).toEqual({
      ok: false,
      reason: "busy",
    });
    expect((await holdAsNewTab(TUESDAY_SLOTS[SHARE_SLOTS])).result).toEqual({ ok: false, reason: "busy" });
  });

  it("is per provider and per day: the next day is open again", async () => {
    for (const start of TUESDAY_SLOTS.slice(0, SHARE_SLOTS)) await holdAsNewTab(start);
    const wednesdayTen = tuesdayAt(10) + 24 * 3600_000;
    expect((await holdAsNewTab(wednesdayTen)).result).toMatchObject({ ok: true });
  });

  it("frees up as guest holds lapse, and a tab moving its own hold does not count it twice", async () => {
    const tabs: SessionId[] = [];
    for (const start of TUESDAY_SLOTS.slice(0, SHARE_SLOTS)) tabs.push((await holdAsNewTab(start)).sessionId);
    // The first tab moves to another time: its old hold is replaced, not added to.
    const moved = await t.mutation(api.holds.hold, { sessionId: tabs[0], start: TUESDAY_SLOTS[SHARE_SLOTS] });
    expect(moved).toMatchObject({ ok: true });

    // Nobody beats: one heartbeat timeout later every hold is gone, and so is the share they used.
    vi.advanceTimersByTime(60_000);
    await t.finishInProgressScheduledFunctions();
    expect((await holdAsNewTab(TUESDAY_SLOTS[SHARE_SLOTS + 1])).result).toMatchObject({ ok: true });
  });

  it("re-checks at confirm: a guest whose hold lapsed while the share filled keeps the draft and is told", async () => {
    const late = newSession();
    await toReview(t, late, { ...choice(), start: TUESDAY_SLOTS[SHARE_SLOTS] });
    vi.advanceTimersByTime(60_000); // silent: its hold is released
    await t.finishInProgressScheduledFunctions();
    for (const start of TUESDAY_SLOTS.slice(0, SHARE_SLOTS)) {
      const tab = newSession();
      await toReview(t, tab, { ...choice(), start });
      await book(t, tab);
    }
    expect(await t.mutation(api.bookings.confirm, { sessionId: late })).toEqual({
      ok: false,
      reason: "busy",
    });
    expect(await t.query(api.drafts.get, { sessionId: late })).toMatchObject({ step: "review" });
  });
});
