/// <reference types="vite/client" />
// What the business console does to the rest of the product: archived
// services, bookings flagged (never dropped) when hours change, the rule for
// a held time the business closes, business cancellations the customer
// sees, invites stored hashed and used once, and the audit trail.
import { beforeEach, describe, expect, it } from "vitest";
import { api, internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
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
  rowsOf,
  signedInTabAtReview,
  toReview,
  tuesdayAt,
  type Backend,
  type User,
} from "./test.fixtures";
import { hashToken } from "./lib/invites";

freezeClockEachTest(MONDAY_8AM);
let t: Backend;
let owner: User;
beforeEach(async () => {
  t = newBackend();
  owner = await addMember(t, "owner@clinic.example", "owner");
});

const EDIT = { description: "", durationMinutes: 30, price: 50, currency: "EUR" as const };

describe("archiving a service", () => {
  it("takes it out of the flow, keeps it on past bookings, and restoring brings it back", async () => {
    const { serviceId, providerId } = await addClinic(t);
    const ada = await addUser(t);
    const reference = await book(
      ada.as,
      await signedInTabAtReview(t, ada.as, { serviceId, providerChoice: "any", start: tuesdayAt(10) }),
    );
    const tab = newSession();
    await toReview(t, tab, { serviceId, providerChoice: "any", start: tuesdayAt(11) });

    await owner.as.mutation(api.serviceAdmin.setArchived, { serviceId, archived: true });
    expect(await t.query(api.catalog.services, {})).toEqual([]);
    expect(
      await t.query(api.availability.day, {
        serviceId,
        providerChoice: "any",
        timeZone: "UTC",
        date: "2026-11-03",
      }),
    ).toBeNull();
    expect(await t.mutation(api.drafts.chooseService, { sessionId: newSession(), serviceId })).toEqual({
      ok: false,
    });
    // The tab that held a time for it is told, and cannot book it.
    expect(await t.query(api.sessions.notice, { sessionId: tab })).toMatchObject({ kind: "closed" });
    expect((await t.mutation(api.bookings.confirm, { sessionId: tab })).ok).toBe(false);
    // The existing booking keeps its service's name.
    expect((await ada.as.query(api.myBookings.list, {}))?.[0]).toMatchObject({
      reference,
      status: "confirmed",
      serviceName: "Check-up",
    });
    expect((await owner.as.query(api.serviceAdmin.list, {}))[0]).toMatchObject({
      archived: true,
      providerIds: [providerId],
    });

    await owner.as.mutation(api.serviceAdmin.setArchived, { serviceId, archived: false });
    expect(await t.query(api.catalog.services, {})).toHaveLength(1);
    expect(await offeredStarts(t, serviceId)).toContain(tuesdayAt(11));
  });

  it("a created service is offered by the chosen providers, at its price and duration", async () => {
    const { providerId } = await addClinic(t, { slotStepMinutes: 60 });
    const { serviceId } = await owner.as.mutation(api.serviceAdmin.create, {
      name: "Hydrotherapy",
      ...EDIT,
      durationMinutes: 90,
      price: 55.5,
      providerIds: [providerId],
    });
    expect(await t.query(api.catalog.services, {})).toContainEqual(
      expect.objectContaining({
        _id: serviceId,
        name: "Hydrotherapy",
        priceCents: 5550,
        durationMinutes: 90,
      }),
    );
    expect(await t.query(api.catalog.providers, { serviceId })).toEqual([
      expect.objectContaining({ _id: providerId }),
    ]);
    // 09:00–17:00 in 60-minute steps, 90 minutes long: the last start is 15:00.
    expect((await offeredStarts(t, serviceId)).at(-1)).toBe(tuesdayAt(15));
  });

  it("a provider taken off a service lets go of the times held for it there", async () => {
    const { serviceId } = await addClinic(t);
    const tab = newSession();
    await toReview(t, tab, { serviceId, providerChoice: "any", start: tuesdayAt(10) });
    await owner.as.mutation(api.serviceAdmin.update, {
      serviceId,
      name: "Check-up",
      ...EDIT,
      providerIds: [],
    });
    expect((await rowsOf(t, tab)).holds).toEqual([]);
    expect(await t.query(api.catalog.providers, { serviceId })).toEqual([]);
  });
});

describe("changing hours with bookings in place", () => {
  async function agendaFlags(providerId: Id<"providers">) {
    const day = await owner.as.query(api.agenda.forProvider, { providerId, date: "2026-11-03", days: 1 });
    return day.bookings.map((b) => ({ start: b.start, status: b.status, outsideHours: b.outsideHours }));
  }

  it("keeps every booking, flags the ones now outside the hours, and unflags them when hours return", async () => {
    const { serviceId, providerId } = await addClinic(t);
    const ada = await addUser(t);
    const choice = { serviceId, providerChoice: "any" as const };
    await book(ada.as, await signedInTabAtReview(t, ada.as, { ...choice, start: tuesdayAt(10) }));
    await book(ada.as, await signedInTabAtReview(t, ada.as, { ...choice, start: tuesdayAt(14) }));
    const { settings } = await owner.as.query(api.providerAdmin.get, { providerId });

    await owner.as.mutation(api.providerAdmin.update, {
      providerId,
      ...settings,
      weeklyHours: hours([1, 2, 3, 4, 5], "13:00", "17:00"),
    });
    expect(await agendaFlags(providerId)).toEqual([
      { start: tuesdayAt(10), status: "confirmed", outsideHours: true },
      { start: tuesdayAt(14), status: "confirmed", outsideHours: false },
    ]);

    await owner.as.mutation(api.providerAdmin.setOverride, {
      providerId,
      date: "2026-11-03",
      closed: true,
      hours: [],
    });
    expect((await agendaFlags(providerId)).map((b) => b.outsideHours)).toEqual([true, true]);

    await owner.as.mutation(api.providerAdmin.removeOverride, { providerId, date: "2026-11-03" });
    await owner.as.mutation(api.providerAdmin.update, { providerId, ...settings });
    expect((await agendaFlags(providerId)).map((b) => b.outsideHours)).toEqual([false, false]);
  });

  it("flags a booking that time off now covers", async () => {
    const { serviceId, providerId } = await addClinic(t);
    const ada = await addUser(t);
    await book(
      ada.as,
      await signedInTabAtReview(t, ada.as, { serviceId, providerChoice: "any", start: tuesdayAt(10) }),
    );
    await owner.as.mutation(api.providerAdmin.addTimeOff, {
      providerId,
      start: "2026-11-03T10:15",
      end: "2026-11-03T11:00",
      reason: "Call",
    });
    expect(await agendaFlags(providerId)).toEqual([
      { start: tuesdayAt(10), status: "confirmed", outsideHours: true },
    ]);
  });
});

describe("a held time the business closes", () => {
  /** A clinic and a tab at review holding Tuesday 10:00. */
  async function heldAtTen() {
    const { serviceId, providerId } = await addClinic(t);
    const tab = newSession();
    await toReview(t, tab, { serviceId, providerChoice: "any", start: tuesdayAt(10) });
    const { settings } = await owner.as.query(api.providerAdmin.get, { providerId });
    const update = (changes: Partial<typeof settings>) =>
      owner.as.mutation(api.providerAdmin.update, { providerId, ...settings, ...changes });
    const closeDay = (date: string) =>
      owner.as.mutation(api.providerAdmin.setOverride, { providerId, date, closed: true, hours: [] });
    return { serviceId, tab, update, closeDay };
  }

  it("is released with a 'closed' notice and cannot be confirmed; the draft goes back to the time step", async () => {
    const { serviceId, tab, closeDay } = await heldAtTen();
    await closeDay("2026-11-03");
    const rows = await rowsOf(t, tab);
    expect(rows.holds).toEqual([]);
    expect(rows.draft).toMatchObject({ step: "time", serviceId });
    expect(rows.draft?.start).toBeUndefined();
    expect(await t.query(api.sessions.notice, { sessionId: tab })).toMatchObject({ kind: "closed" });
    expect(await t.mutation(api.bookings.confirm, { sessionId: tab })).toMatchObject({ ok: false });
    expect(await t.run((ctx) => ctx.db.query("bookings").collect())).toEqual([]);
  });

  it("is released too when a new rule means confirm would refuse it (notice counted from the hold)", async () => {
    const { tab, update } = await heldAtTen();
    await update({ minNoticeMinutes: 3 * 24 * 60 });
    expect((await rowsOf(t, tab)).holds).toEqual([]);
    expect(await t.query(api.sessions.notice, { sessionId: tab })).toMatchObject({ kind: "closed" });
  });

  it("is kept, and can be confirmed, when the change leaves the time open (hours elsewhere, buffer, notice)", async () => {
    const { tab, update, closeDay } = await heldAtTen();
    await update({
      minNoticeMinutes: 60,
      bufferMinutes: 30,
      weeklyHours: hours([1, 2, 3, 4, 5], "09:00", "12:00"),
    });
    await closeDay("2026-11-04");
    expect((await rowsOf(t, tab)).holds).toHaveLength(1);
    expect(await t.query(api.sessions.notice, { sessionId: tab })).toBeNull();
    expect(await t.mutation(api.bookings.confirm, { sessionId: tab })).toMatchObject({ ok: true });
  });
});

describe("cancelling for the business", () => {
  it("frees the time at once and shows the customer who cancelled and why", async () => {
    const { serviceId, providerId } = await addClinic(t);
    const ada = await addUser(t);
    const tab = await signedInTabAtReview(t, ada.as, {
      serviceId,
      providerChoice: "any",
      start: tuesdayAt(10),
    });
    const reference = await book(ada.as, tab);
    expect(await offeredStarts(t, serviceId)).not.toContain(tuesdayAt(10));

    const result = await owner.as.mutation(api.agenda.cancel, {
      providerId,
      reference,
      reason: "  Ann is ill today.  ",
    });
    expect(result).toEqual({ ok: true });
    expect(await offeredStarts(t, serviceId)).toContain(tuesdayAt(10));
    const expected = {
      reference,
      status: "cancelled",
      cancelledBy: "business",
      cancelReason: "Ann is ill today.",
    };
    expect((await ada.as.query(api.myBookings.list, {}))?.[0]).toMatchObject(expected);
    expect(await ada.as.query(api.bookings.confirmation, { sessionId: tab, reference })).toMatchObject(
      expected,
    );
    // The customer is emailed, with the reason.
    const emails = await t.run((ctx) => ctx.db.query("outbox").collect());
    expect(emails.filter((e) => e.kind === "cancelled")).toEqual([
      expect.objectContaining({
        to: VALID_DETAILS.email,
        cancelledBy: "business",
        cancelReason: "Ann is ill today.",
      }),
    ]);
    // Twice is a no-op, and a customer's own cancellation says so.
    expect(await owner.as.mutation(api.agenda.cancel, { providerId, reference, reason: "Again" })).toEqual({
      ok: false,
    });
  });

  it("can revoke a booking's manage links: the old ones stop working and a new one is emailed", async () => {
    const { serviceId, providerId } = await addClinic(t);
    const reference = await book(t, await toReviewTab(serviceId));
    const tokens = () => t.run((ctx) => ctx.db.query("manageTokens").collect());
    expect(await tokens()).not.toEqual([]);
    expect(await owner.as.mutation(api.agenda.revokeLink, { providerId, reference })).toEqual({ ok: true });
    expect(await tokens()).toEqual([]);
    const emails = await t.run((ctx) => ctx.db.query("outbox").collect());
    expect(emails.filter((e) => e.kind === "newLink")).toHaveLength(1);
  });

  it("requires a reason", async () => {
    const { serviceId, providerId } = await addClinic(t);
    const reference = await book(t, await toReviewTab(serviceId));
    const refused = await rejection(
      owner.as.mutation(api.agenda.cancel, { providerId, reference, reason: "   " }),
    );
    expect(JSON.stringify(refused)).toContain("Tell the customer why.");
  });

  it("records a customer's own cancellation as theirs", async () => {
    const { serviceId } = await addClinic(t);
    const ada = await addUser(t);
    const reference = await book(
      ada.as,
      await signedInTabAtReview(t, ada.as, { serviceId, providerChoice: "any", start: tuesdayAt(10) }),
    );
    await ada.as.mutation(api.myBookings.cancel, { reference });
    expect((await ada.as.query(api.myBookings.list, {}))?.[0]).toMatchObject({
      cancelledBy: "customer",
      cancelReason: null,
    });
  });
});

async function toReviewTab(serviceId: Id<"services">) {
  const tab = newSession();
  await toReview(t, tab, { serviceId, providerChoice: "any", start: tuesdayAt(10) });
  return tab;
}

describe("the agenda", () => {
  it("shows a time being booked in some tab, without who is booking it, and customers' details on bookings", async () => {
    const { serviceId, providerId } = await addClinic(t);
    await toReviewTab(serviceId);
    const ada = await addUser(t);
    await book(
      ada.as,
      await signedInTabAtReview(t, ada.as, { serviceId, providerChoice: "any", start: tuesdayAt(12) }),
    );
    const week = await owner.as.query(api.agenda.forProvider, { providerId, date: "2026-11-02", days: 7 });
    expect(week.beingBooked).toEqual([
      { start: tuesdayAt(10), end: tuesdayAt(10, 30), serviceName: "Check-up" },
    ]);
    expect(week.bookings).toEqual([
      expect.objectContaining({ start: tuesdayAt(12), name: "Ada Lovelace", email: "ada@example.com" }),
    ]);
    expect(week.windows).toHaveLength(5);
    const all = await owner.as.query(api.agenda.all, { date: "2026-11-03", days: 1 });
    expect(all.map((day) => [day.providerName, day.bookings.length, day.beingBooked.length])).toEqual([
      ["Pat Doe", 1, 1],
    ]);
  });
});

describe("invites", () => {
  it("stores only the token's hash, adds the staff member once, and refuses the link after", async () => {
    const { providerId } = await addClinic(t);
    const { token } = await owner.as.mutation(api.team.inviteStaff, { providerId });
    expect(token).toMatch(/^[\w-]{43}$/);
    const stored = await t.run((ctx) => ctx.db.query("invites").collect());
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored[0].tokenHash).toBe(await hashToken(token));

    const sam = await addUser(t, "sam@clinic.example");
    expect(await sam.as.mutation(api.team.acceptInvite, { token })).toEqual({ role: "staff" });
    expect(await sam.as.query(api.team.me, {})).toMatchObject({ role: "staff", providerId });
    const eve = await addUser(t, "eve@example.net");
    expect(await rejection(eve.as.mutation(api.team.acceptInvite, { token }))).toMatchObject({
      code: "INVITE_INVALID",
    });
    expect(await rejection(t.mutation(api.team.acceptInvite, { token }))).toMatchObject({
      code: "SIGNED_OUT",
    });
    expect(await eve.as.query(api.team.me, {})).toBeNull();
    expect((await owner.as.query(api.team.list, {})).members).toContainEqual({
      _id: expect.any(String),
      email: "sam@clinic.example",
      role: "staff",
      providerName: "Pat Doe",
    });
  });

  it("makes the first owner on purpose: a local invite while there is none, or by email from the CLI", async () => {
    const fresh = newBackend();
    const { token } = await fresh.mutation(internal.team.ensureLocalOwnerInvite, {});
    expect(token).not.toBeNull();
    // A second start revokes the first link.
    const second = await fresh.mutation(internal.team.ensureLocalOwnerInvite, {});
    const zoe = await addUser(fresh, "zoe@clinic.example");
    expect(await rejection(zoe.as.mutation(api.team.acceptInvite, { token: token! }))).toMatchObject({
      code: "INVITE_INVALID",
    });
    expect(await zoe.as.mutation(api.team.acceptInvite, { token: second.token! })).toEqual({ role: "owner" });
    expect(await fresh.mutation(internal.team.ensureLocalOwnerInvite, {})).toEqual({ token: null });

    const max = await addUser(fresh, "max@clinic.example");
    await fresh.mutation(internal.team.makeOwner, { email: "MAX@clinic.example" });
    expect(await max.as.query(api.team.me, {})).toMatchObject({ role: "owner" });
  });
});

it("records every console change in the audit trail, newest first, for the owner", async () => {
  const { providerId } = await addClinic(t);
  await owner.as.mutation(api.providerAdmin.setOverride, {
    providerId,
    date: "2026-11-03",
    closed: true,
    hours: [],
  });
  await owner.as.mutation(api.team.inviteStaff, { providerId });
  const trail = await owner.as.query(api.audit.list, {});
  expect(trail.map(({ actor, action, summary }) => ({ actor, action, summary }))).toEqual([
    { actor: "owner@clinic.example", action: "staff.invited", summary: "Invited a staff member for Pat Doe" },
    { actor: "owner@clinic.example", action: "override.set", summary: "Closed 2026-11-03 for Pat Doe" },
  ]);
});
