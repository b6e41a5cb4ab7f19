/// <reference types="vite/client" />
import { beforeEach, describe, expect, it } from "vitest";
import type { SessionId } from "convex-helpers/server/sessions";
import { api, internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import {
  EMPTY_DETAILS,
  MONDAY_8AM,
  VALID_DETAILS,
  addClinic,
  appData,
  beat,
  book,
  freezeClockEachTest,
  newBackend,
  newSession,
  offeredStarts,
  rejection,
  rowsOf,
  signIn,
  signedInTabAtReview,
  toReview,
  toTimeStep,
  tuesdayAt,
  type Backend,
  type Caller,
  addAdaAndBob,
  type User,
} from "./test.fixtures";

const TEN = tuesdayAt(10);
const ELEVEN = tuesdayAt(11);

freezeClockEachTest(MONDAY_8AM);
let t: Backend;
let clinic: { serviceId: Id<"services">; providerId: Id<"providers"> };
let ada: User;
let bob: User;
beforeEach(async () => {
  t = newBackend();
  clinic = await addClinic(t, { name: "Ann" });
  ({ ada, bob } = await addAdaAndBob(t));
});

/** A details autosave, for tabs that only need to have a draft. */
const typedAda = { details: { ...EMPTY_DETAILS, name: "Ada" }, rev: 1 };
const atReview = (start: number, details = VALID_DETAILS) => ({
  ...clinic,
  providerChoice: "any" as const,
  start,
  details,
});
/** A signed-out tab at review holding `start`. */
async function tabAtReview(start: number) {
  const tab = newSession();
  await toReview(t, tab, atReview(start));
  return tab;
}
/** What a caller can see of a tab: its draft and its hold. */
const seenBy = async (caller: Caller, sessionId: SessionId) => ({
  draft: await caller.query(api.drafts.get, { sessionId }),
  hold: await caller.query(api.holds.mine, { sessionId }),
});

describe("sessions.adopt (login carry-over)", () => {
  it("moves the tab's draft, hold and heartbeat to the new ID, bound to the user, but not its guest bookings", async () => {
    const old = await tabAtReview(TEN);
    const guestBooking = await book(t, old);
    await toReview(t, old, atReview(ELEVEN));
    await beat(t, old, 1);

    const tab = await signIn(ada.as, old);

    const moved = await rowsOf(t, tab);
    expect(moved.draft?.userId).toBe(ada.userId);
    expect(moved.holds.map((h) => [h.start, h.userId])).toEqual([[ELEVEN, ada.userId]]);
    expect(moved.heartbeat?.userId).toBe(ada.userId);
    expect(await rowsOf(t, old)).toEqual({ draft: null, holds: [], heartbeat: null });

    for (const caller of [t, ada.as]) {
      expect(await seenBy(caller, old)).toEqual({ draft: null, hold: null });
    }
    expect(await seenBy(t, tab)).toEqual({ draft: null, hold: null });
    const signedIn = await seenBy(ada.as, tab);
    expect(signedIn.draft).toMatchObject({ step: "review", start: ELEVEN, details: VALID_DETAILS });
    expect(signedIn.hold).toMatchObject({ start: ELEVEN, providerName: "Ann" });

    // The session ID proves nothing about who booked as a guest: the booking
    // is not handed to the account, nor its name, phone and notes.
    const confirmation = (caller: Caller, sessionId: SessionId) =>
      caller.query(api.bookings.confirmation, { sessionId, reference: guestBooking });
    expect(await confirmation(ada.as, tab)).toBeNull();
    expect(await confirmation(ada.as, newSession())).toBeNull();
    expect(await ada.as.query(api.myBookings.list, {})).toEqual([]);
  });

  it("refuses when signed out, and changes nothing", async () => {
    const tab = await tabAtReview(TEN);
    const before = await appData(t);
    const adopt = t.mutation(api.sessions.adopt, { sessionId: tab, newSessionId: newSession() });
    expect(await rejection(adopt)).toMatchObject({ code: "SIGNED_OUT" });
    expect(await appData(t)).toEqual(before);
  });

  it.each([
    ["a draft", (sessionId: SessionId) => t.mutation(api.drafts.saveDetails, { sessionId, ...typedAda })],
    ["a heartbeat", (sessionId: SessionId) => beat(t, sessionId, 1)],
  ])("refuses a new session ID that already has %s", async (_, use) => {
    const tab = await tabAtReview(TEN);
    const taken = newSession();
    await use(taken);
    const before = await appData(t);
    expect(await ada.as.mutation(api.sessions.adopt, { sessionId: tab, newSessionId: taken })).toEqual({
      ok: false,
    });
    expect(await appData(t)).toEqual(before);
  });

  it("refuses to take over a draft bound to another user", async () => {
    const adasTab = await signedInTabAtReview(t, ada.as, atReview(TEN));
    const before = await appData(t);
    const adopt = bob.as.mutation(api.sessions.adopt, { sessionId: adasTab, newSessionId: newSession() });
    expect(await adopt).toEqual({ ok: false });
    expect(await appData(t)).toEqual(before);
  });
});
describe("sessions.clearOnSignOut (logout cleanup)", () => {
  it("deletes the user's rows on every tab and this tab's own, and frees their times", async () => {
    const adasTabs = [
      await signedInTabAtReview(t, ada.as, atReview(tuesdayAt(9))),
      await signedInTabAtReview(t, ada.as, atReview(tuesdayAt(9, 30))),
    ];
    for (const tab of adasTabs) await beat(ada.as, tab, 1);
    // The tab signing out has rows of its own from before it was bound.
    const thisTab = await tabAtReview(TEN);
    await beat(t, thisTab, 1);
    const bobsTab = await signedInTabAtReview(t, bob.as, atReview(tuesdayAt(10, 30)));
    await beat(bob.as, bobsTab, 1);
    const strangersTab = await tabAtReview(ELEVEN);
    await beat(t, strangersTab, 1);
    const untouched = [await rowsOf(t, bobsTab), await rowsOf(t, strangersTab)];

    await ada.as.mutation(api.sessions.clearOnSignOut, { sessionId: thisTab });

    for (const tab of [...adasTabs, thisTab]) {
      expect(await rowsOf(t, tab)).toEqual({ draft: null, holds: [], heartbeat: null });
    }
    expect([await rowsOf(t, bobsTab), await rowsOf(t, strangersTab)]).toEqual(untouched);
    const offered = await offeredStarts(t, clinic.serviceId);
    expect(offered).toEqual(expect.arrayContaining([tuesdayAt(9), tuesdayAt(9, 30), TEN]));
    expect(offered).not.toContain(tuesdayAt(10, 30));
    expect(offered).not.toContain(ELEVEN);
  });
});

describe("a bound tab's session ID alone (after logout, or leaked)", () => {
  let adasTab: SessionId;
  beforeEach(async () => {
    const tab = await tabAtReview(TEN);
    await beat(t, tab, 1);
    adasTab = await signIn(ada.as, tab);
  });

  describe.each([
    ["signed out", () => t],
    ["as another user", () => bob.as],
  ])("%s", (_, caller) => {
    it("reads nothing", async () => {
      expect(await seenBy(caller(), adasTab)).toEqual({ draft: null, hold: null });
    });

    it("changes nothing: every write is refused or finds no draft", async () => {
      const sessionId = adasTab;
      const before = await appData(t);
      const as = caller();
      const saveDetails = as.mutation(api.drafts.saveDetails, { sessionId, ...typedAda, rev: 99 });
      expect(await rejection(saveDetails)).toMatchObject({ code: "SIGNED_OUT" });
      const chooseService = as.mutation(api.drafts.chooseService, { sessionId, serviceId: clinic.serviceId });
      expect(await rejection(chooseService)).toMatchObject({ code: "SIGNED_OUT" });
      const setTimeZone = as.mutation(api.drafts.setTimeZone, { sessionId, timeZone: "UTC" });
      expect(await rejection(setTimeZone)).toMatchObject({ code: "SIGNED_OUT" });
      expect(await as.mutation(api.drafts.chooseProvider, { sessionId, providerChoice: "any" })).toEqual({
        ok: false,
      });
      await as.mutation(api.drafts.enterStep, { sessionId, step: "service" });
      expect(await as.mutation(api.holds.hold, { sessionId, start: ELEVEN })).toEqual({
        ok: false,
        reason: "incomplete",
      });
      expect(await as.mutation(api.holds.extend, { sessionId })).toEqual({ ok: false });
      await as.mutation(api.holds.release, { sessionId });
      expect(await as.mutation(api.bookings.confirm, { sessionId })).toMatchObject({ ok: false });
      expect(await beat(as, sessionId, 2, false)).toMatchObject({ hold: null });
      await as.mutation(api.sessions.clearOnSignOut, { sessionId });
      expect(await as.mutation(api.sessions.fork, { sessionId, newSessionId: newSession() })).toEqual({
        ok: true,
        copied: false,
      });
      expect(await appData(t)).toEqual(before);
    });
  });

  it("cannot plant a heartbeat on a bound tab that has none yet", async () => {
    const bound = await signIn(ada.as, await tabAtReview(ELEVEN));
    const before = await appData(t);
    expect(await beat(t, bound, Number.MAX_SAFE_INTEGER)).toMatchObject({ hold: null });
    expect(await appData(t)).toEqual(before);
  });

  it("rejects a page-hide save that proves no user or another user", async () => {
    const before = await appData(t);
    for (const userId of [null, bob.userId]) {
      const save = t.mutation(internal.drafts.saveDetailsFromBeacon, {
        sessionId: adasTab,
        userId,
        ...typedAda,
        rev: 99,
      });
      expect(await rejection(save)).toMatchObject({ code: "SIGNED_OUT" });
    }
    expect(await appData(t)).toEqual(before);
  });

  it("shows a signed-in user's booking confirmation to that user only", async () => {
    const reference = await book(ada.as, adasTab);
    const confirmation = (caller: Caller, sessionId: SessionId) =>
      caller.query(api.bookings.confirmation, { sessionId, reference });
    expect(await confirmation(ada.as, adasTab)).toMatchObject({ reference, start: TEN });
    expect(await confirmation(t, adasTab)).toBeNull();
    expect(await confirmation(bob.as, adasTab)).toBeNull();
  });
});

describe("sessions.fork (duplicated tab)", () => {
  it("copies the draft without its time, back at the time step; the original keeps its hold", async () => {
    const original = newSession();
    await toReview(t, original, { ...atReview(TEN), timeZone: "Asia/Tokyo" });
    const copy = newSession();
    expect(await t.mutation(api.sessions.fork, { sessionId: original, newSessionId: copy })).toEqual({
      ok: true,
      copied: true,
    });

    expect(await seenBy(t, copy)).toEqual({
      draft: {
        step: "time",
        missing: "time",
        serviceId: clinic.serviceId,
        providerChoice: "any",
        start: undefined,
        timeZone: "Asia/Tokyo",
        details: VALID_DETAILS,
        detailsRev: 1,
        rescheduling: null,
      },
      hold: null,
    });
    const kept = await seenBy(t, original);
    expect(kept.draft).toMatchObject({ step: "review", start: TEN });
    expect(kept.hold?.start).toBe(TEN);
  });

  it("keeps a draft that has not reached a time at its step", async () => {
    const original = newSession();
    await t.mutation(api.drafts.chooseService, { sessionId: original, serviceId: clinic.serviceId });
    const copy = newSession();
    await t.mutation(api.sessions.fork, { sessionId: original, newSessionId: copy });
    expect(await t.query(api.drafts.get, { sessionId: copy })).toMatchObject({
      step: "provider",
      serviceId: clinic.serviceId,
    });
  });

  it("keeps a signed-in draft bound to its user", async () => {
    const original = await signedInTabAtReview(t, ada.as, atReview(TEN));
    const copy = newSession();
    await ada.as.mutation(api.sessions.fork, { sessionId: original, newSessionId: copy });
    expect((await rowsOf(t, copy)).draft?.userId).toBe(ada.userId);
    expect(await t.query(api.drafts.get, { sessionId: copy })).toBeNull();
    expect(await ada.as.query(api.drafts.get, { sessionId: copy })).toMatchObject({ step: "time" });
  });

  it("refuses a new session ID that is already in use", async () => {
    const original = newSession();
    await toTimeStep(t, original, { ...clinic, providerChoice: "any" });
    const other = await tabAtReview(TEN);
    const before = await appData(t);
    expect(await t.mutation(api.sessions.fork, { sessionId: original, newSessionId: other })).toEqual({
      ok: false,
    });
    expect(await appData(t)).toEqual(before);
  });
});
