/// <reference types="vite/client" />
// The console's fixes for a calendar that changed under its bookings: moving
// a flagged booking to a free time (the customer keeps their links and is
// told why), archiving a provider (refused while bookings are still to come),
// and revoking a staff invite sent to the wrong person.
import { beforeEach, describe, expect, it } from "vitest";
import { api } from "./_generated/api";
import {
  MONDAY_8AM,
  VALID_DETAILS,
  addClinic,
  addMember,
  addUser,
  book,
  freezeClockEachTest,
  hours,
  newBackend,
  newSession,
  offeredStarts,
  rejection,
  signedInTabAtReview,
  toReview,
  tuesdayAt,
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

/** Ada's booking on Tuesday 10:00, then hours from 13:00 that leave it flagged. */
async function flaggedBooking() {
  const clinic = await addClinic(t);
  const ada = await addUser(t);
  const tab = await signedInTabAtReview(t, ada.as, {
    serviceId: clinic.serviceId,
    providerChoice: "any",
    start: tuesdayAt(10),
  });
  const reference = await book(ada.as, tab);
  const { settings } = await owner.as.query(api.providerAdmin.get, { providerId: clinic.providerId });
  await owner.as.mutation(api.providerAdmin.update, {
    providerId: clinic.providerId,
    ...settings,
    weeklyHours: hours([1, 2, 3, 4, 5], "13:00", "17:00"),
  });
  return { ...clinic, ada, tab, reference };
}

describe("moving a booking for the business", () => {
  it("offers the free times of a day, moves the flagged booking there, and the customer sees the new time and why", async () => {
    const { serviceId, providerId, ada, reference } = await flaggedBooking();
    const options = await owner.as.query(api.agenda.moveOptions, {
      providerId,
      reference,
      date: "2026-11-03",
    });
    expect(options?.starts[0]).toBe(tuesdayAt(13));
    expect(options?.starts).not.toContain(tuesdayAt(10));

    const result = await owner.as.mutation(api.agenda.move, {
      providerId,
      reference,
      start: tuesdayAt(13, 30),
      reason: " Ann now starts at one. ",
    });
    expect(result).toMatchObject({ ok: true, reference: expect.not.stringMatching(reference) });
    const moved = result.ok ? result.reference : "";

    const week = await owner.as.query(api.agenda.forProvider, { providerId, date: "2026-11-02", days: 7 });
    expect(week.bookings.map((b) => [b.reference, b.start, b.status, b.outsideHours])).toEqual([
      [moved, tuesdayAt(13, 30), "confirmed", false],
    ]);
    expect(await offeredStarts(t, serviceId)).not.toContain(tuesdayAt(13, 30));
    expect(await ada.as.query(api.myBookings.list, {})).toEqual([
      expect.objectContaining({
        reference: moved,
        start: tuesdayAt(13, 30),
        status: "confirmed",
        movedByBusiness: { from: tuesdayAt(10), reason: "Ann now starts at one." },
      }),
      expect.objectContaining({ reference, status: "rescheduled", rescheduledTo: moved }),
    ]);
    const emails = await t.run((ctx) => ctx.db.query("outbox").collect());
    expect(emails.filter((e) => e.kind === "rescheduled")).toEqual([
      expect.objectContaining({
        to: VALID_DETAILS.email,
        previousStart: tuesdayAt(10),
        cancelledBy: "business",
        cancelReason: "Ann now starts at one.",
      }),
    ]);
    // The old reference can't be moved again.
    expect(
      await owner.as.mutation(api.agenda.move, { providerId, reference, start: tuesdayAt(14), reason: "x" }),
    ).toEqual({ ok: false, reason: "unchangeable" });
  });

  it("keeps the customer's manage link working on the moved booking", async () => {
    const { serviceId, providerId } = await addClinic(t);
    const tab = newSession();
    await toReview(t, tab, { serviceId, providerChoice: "any", start: tuesdayAt(10) });
    const booked = await t.mutation(api.bookings.confirm, { sessionId: tab });
    if (!booked.ok || booked.manageToken === null) throw new Error("booking failed");
    const managing = newSession();
    expect(await t.mutation(api.manage.open, { sessionId: managing, token: booked.manageToken })).toEqual({
      ok: true,
    });
    await owner.as.mutation(api.agenda.move, {
      providerId,
      reference: booked.reference,
      start: tuesdayAt(15),
      reason: "Pat is in theatre all morning.",
    });
    // The tab that had the link open, and a fresh one, both see the new time.
    for (const sessionId of [managing, newSession()]) {
      if (sessionId !== managing) await t.mutation(api.manage.open, { sessionId, token: booked.manageToken });
      expect(await t.query(api.manage.view, { sessionId })).toMatchObject({
        start: tuesdayAt(15),
        status: "confirmed",
        movedByBusiness: { from: tuesdayAt(10), reason: "Pat is in theatre all morning." },
      });
    }
  });

  it("refuses a time that is taken, held in a tab, or outside the hours, and changes nothing", async () => {
    const { serviceId, providerId, reference } = await flaggedBooking();
    const bob = await addUser(t, "bob@example.com");
    await book(
      bob.as,
      await signedInTabAtReview(t, bob.as, { serviceId, providerChoice: "any", start: tuesdayAt(14) }),
    );
    await toReview(t, newSession(), { serviceId, providerChoice: "any", start: tuesdayAt(15) });
    const before = await t.run((ctx) => ctx.db.query("bookings").collect());
    for (const start of [tuesdayAt(14), tuesdayAt(15), tuesdayAt(11), tuesdayAt(14, 10)]) {
      expect(
        await owner.as.mutation(api.agenda.move, { providerId, reference, start, reason: "Hours" }),
      ).toEqual({ ok: false, reason: "taken" });
    }
    expect(await t.run((ctx) => ctx.db.query("bookings").collect())).toEqual(before);
  });
});

describe("archiving a provider", () => {
  it("is refused while they have upcoming bookings, then takes them out of the flow and keeps past bookings", async () => {
    const { serviceId, providerId } = await addClinic(t);
    const other = await t.run((ctx) =>
      ctx.db.insert("providers", {
        slug: "zed",
        name: "Zed Roe",
        bio: "",
        timeZone: "UTC",
        weeklyHours: hours([1, 2, 3, 4, 5], "09:00", "17:00"),
        bufferMinutes: 0,
        minNoticeMinutes: 0,
        bookingWindowDays: 60,
        slotStepMinutes: 30,
      }),
    );
    await t.run((ctx) => ctx.db.insert("providerServices", { providerId: other, serviceId }));
    const ada = await addUser(t);
    const reference = await book(
      ada.as,
      await signedInTabAtReview(t, ada.as, { serviceId, providerChoice: providerId, start: tuesdayAt(10) }),
    );
    const { token } = await owner.as.mutation(api.team.inviteStaff, { providerId });

    expect(
      await rejection(owner.as.mutation(api.providerAdmin.setArchived, { providerId, archived: true })),
    ).toMatchObject({
      code: "HAS_UPCOMING_BOOKINGS",
      message: "Pat Doe still has 1 upcoming booking. Move or cancel it in the agenda first.",
    });
    expect((await t.query(api.catalog.providers, { serviceId })).map((p) => p.name)).toContain("Pat Doe");

    await owner.as.mutation(api.agenda.cancel, { providerId, reference, reason: "Pat is leaving." });
    const holding = newSession();
    await toReview(t, holding, { serviceId, providerChoice: providerId, start: tuesdayAt(11) });
    expect(await owner.as.mutation(api.providerAdmin.setArchived, { providerId, archived: true })).toEqual({
      ok: true,
    });

    expect((await t.query(api.catalog.providers, { serviceId })).map((p) => p.name)).toEqual(["Zed Roe"]);
    const chooser = newSession();
    await t.mutation(api.drafts.chooseService, { sessionId: chooser, serviceId });
    expect(
      await t.mutation(api.drafts.selectProvider, { sessionId: chooser, providerChoice: providerId }),
    ).toMatchObject({ ok: false });
    // The tab holding a time with Pat is told, and cannot book it.
    expect(await t.query(api.sessions.notice, { sessionId: holding })).toMatchObject({ kind: "closed" });
    expect((await t.mutation(api.bookings.confirm, { sessionId: holding })).ok).toBe(false);
    // The cancelled booking keeps Pat's name; Pat's open invite no longer works.
    expect((await ada.as.query(api.myBookings.list, {}))?.[0]).toMatchObject({ providerName: "Pat Doe" });
    const sam = await addUser(t, "sam@clinic.example");
    expect(await rejection(sam.as.mutation(api.team.acceptInvite, { token }))).toMatchObject({
      code: "INVITE_INVALID",
    });
    expect(await owner.as.query(api.providerAdmin.list, {})).toEqual([
      expect.objectContaining({ name: "Zed Roe", archived: false }),
      expect.objectContaining({ name: "Pat Doe", archived: true }),
    ]);

    await owner.as.mutation(api.providerAdmin.setArchived, { providerId, archived: false });
    expect((await t.query(api.catalog.providers, { serviceId })).map((p) => p.name)).toEqual([
      "Pat Doe",
      "Zed Roe",
    ]);
  });
});

describe("revoking a staff invite", () => {
  it("stops its link, drops it from the team page and is audited", async () => {
    const { providerId } = await addClinic(t);
    const { token } = await owner.as.mutation(api.team.inviteStaff, { providerId });
    const [invite] = (await owner.as.query(api.team.list, {})).invites;
    expect(invite).toMatchObject({ providerName: "Pat Doe" });

    expect(await owner.as.mutation(api.team.revokeInvite, { inviteId: invite._id })).toEqual({
      ok: true,
    });
    expect((await owner.as.query(api.team.list, {})).invites).toEqual([]);
    const sam = await addUser(t, "sam@clinic.example");
    expect(await rejection(sam.as.mutation(api.team.acceptInvite, { token }))).toMatchObject({
      code: "INVITE_INVALID",
    });
    expect((await owner.as.query(api.audit.list, {}))[0]).toMatchObject({
      action: "invite.revoked",
      summary: "Revoked an open staff invite for Pat Doe",
    });
  });
});
