/// <reference types="vite/client" />
// Booker email verification: the owner's switch, a guest's booking held
// pending until the emailed link confirms it (once), let go after 15 minutes
// if nobody clicks, signed-in customers with a confirmed email skipping it,
// and the agenda showing the held time without anyone's details.
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SessionId } from "convex-helpers/server/sessions";
import { api } from "./_generated/api";
import { verifyTokenFor } from "./mail.fixtures";
import type { Id } from "./_generated/dataModel";
import { hashToken } from "./lib/manageTokens";
import {
  MINUTE,
  MONDAY_8AM,
  addClinic,
  addMember,
  addUser,
  freezeClockEachTest,
  newBackend,
  newSession,
  signedInTabAtReview,
  toReview,
  toTimeStep,
  tuesdayAt,
  type Backend,
  type User,
} from "./test.fixtures";

const TEN = tuesdayAt(10);
/** TABBOOK_VERIFY_SECONDS is unset: the default 15 minutes. */
const VERIFY_MINUTES = 15;

freezeClockEachTest(MONDAY_8AM);
let t: Backend;
let clinic: { serviceId: Id<"services">; providerId: Id<"providers"> };
let owner: User;
beforeEach(async () => {
  t = newBackend();
  clinic = await addClinic(t, { name: "Ann" }, { name: "Check-up" });
  owner = await addMember(t, "owner@clinic.example", "owner");
});

const turnOn = () => owner.as.mutation(api.settings.setVerifyGuestEmail, { on: true });
const confirm = (sessionId: SessionId) => t.mutation(api.bookings.confirm, { sessionId });
const verify = (token: string, sessionId = newSession()) =>
  t.mutation(api.bookingVerification.verify, { sessionId, token });
const confirmation = (sessionId: SessionId, reference: string) =>
  t.query(api.bookings.confirmation, { sessionId, reference });
const outboxKinds = () =>
  t.run(async (ctx) => (await ctx.db.query("outbox").collect()).map((row) => row.kind));

async function guestBooks(start = TEN) {
  const tab = newSession();
  await toReview(t, tab, { serviceId: clinic.serviceId, providerChoice: "any", start });
  const result = await confirm(tab);
  if (!result.ok) throw new Error(`confirm failed: ${JSON.stringify(result)}`);
  return { tab, reference: result.reference, manageToken: result.manageToken };
}

/** The link's token, as the mailer gets it when it sends the email (outbox claim). */
async function emailedToken(): Promise<string> {
  const token = await verifyTokenFor(t);
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return token;
}

/** Whether a fresh tab can hold `start` (other tabs' pending bookings keep it). */
async function someoneElseCanHold(start = TEN): Promise<boolean> {
  const tab = newSession();
  await toTimeStep(t, tab, { serviceId: clinic.serviceId, providerChoice: "any" });
  return (await t.mutation(api.holds.hold, { sessionId: tab, start })).ok;
}

describe("the owner's switch", () => {
  it("is off by default: a guest's booking is confirmed at once, with its manage link", async () => {
    expect(await owner.as.query(api.settings.get, {})).toEqual({ verifyGuestEmail: false });
    const { tab, reference, manageToken } = await guestBooks();
    expect(manageToken).not.toBeNull();
    expect((await confirmation(tab, reference))?.status).toBe("confirmed");
  });

  it("only the owner can read or turn it, and each change lands in the audit trail", async () => {
    const staff = await addMember(t, "staff@clinic.example", "staff", clinic.providerId);
    const customer = await addUser(t, "customer@example.com");
    for (const caller of [staff.as, customer.as, t]) {
      await expect(caller.mutation(api.settings.setVerifyGuestEmail, { on: true })).rejects.toThrow();
      await expect(caller.query(api.settings.get, {})).rejects.toThrow();
    }
    expect(await turnOn()).toEqual({ verifyGuestEmail: true });
    await owner.as.mutation(api.settings.setVerifyGuestEmail, { on: false });
    expect(await owner.as.query(api.settings.get, {})).toEqual({ verifyGuestEmail: false });
    const audit = await owner.as.query(api.audit.list, {});
    expect(audit.map((row) => row.summary)).toEqual([
      "Turned off email verification for guest bookings",
      "Turned on email verification for guest bookings",
    ]);
  });
});

describe("with verification on", () => {
  beforeEach(turnOn);

  it("a guest's booking waits pending with its time held, until the emailed link confirms it, once", async () => {
    const { tab, reference, manageToken } = await guestBooks();
    expect(manageToken).toBeNull();
    expect(await confirmation(tab, reference)).toMatchObject({
      status: "pending",
      verifyBy: MONDAY_8AM + VERIFY_MINUTES * MINUTE,
    });
    // Only the "confirm your email" email: no confirmation, reminder or staff email yet.
    expect(await outboxKinds()).toEqual(["verifyBooking"]);
    expect(await someoneElseCanHold()).toBe(false);

    const token = await emailedToken();
    const stored = await t.run(async (ctx) =>
      JSON.stringify(await ctx.db.query("bookingVerifications").collect()),
    );
    expect(stored).not.toContain(token);
    expect(stored).toContain(await hashToken(token));

    const answer = await verify(token);
    expect(answer).toMatchObject({ ok: true, booking: { reference, status: "confirmed" } });
    expect(await confirmation(tab, reference)).toMatchObject({ status: "confirmed", verifyBy: null });
    expect(await outboxKinds()).toEqual(expect.arrayContaining(["verifyBooking", "confirmed", "reminder"]));
    // Single use.
    expect(await verify(token)).toEqual({ ok: false, reason: "invalid" });
    expect(await someoneElseCanHold()).toBe(false);
  });

  it("unclicked, it is let go after 15 minutes: the time is free again and a late click says so", async () => {
    const { tab, reference } = await guestBooks();
    const token = await emailedToken();
    vi.advanceTimersByTime(VERIFY_MINUTES * MINUTE - 1);
    await t.finishInProgressScheduledFunctions();
    expect((await confirmation(tab, reference))?.status).toBe("pending");
    vi.advanceTimersByTime(1);
    await t.finishInProgressScheduledFunctions();
    expect((await confirmation(tab, reference))?.status).toBe("expired");
    expect(await someoneElseCanHold()).toBe(true);
    expect(await verify(token)).toEqual({ ok: false, reason: "expired" });
    expect((await confirmation(tab, reference))?.status).toBe("expired");
  });

  it("wrong, tampered and manage-link tokens confirm nothing", async () => {
    const { tab, reference } = await guestBooks();
    const token = await emailedToken();
    const tampered = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    for (const wrong of [tampered, "A".repeat(43), "", token.slice(1)]) {
      expect(await verify(wrong)).toEqual({ ok: false, reason: "invalid" });
    }
    expect((await confirmation(tab, reference))?.status).toBe("pending");
  });

  it("a signed-in customer whose email is confirmed skips it; an account without one does not", async () => {
    const verified = await addUser(t, "verified@example.com");
    await t.run((ctx) => ctx.db.patch("users", verified.userId, { emailVerificationTime: MONDAY_8AM }));
    const unverified = await addUser(t, "unverified@example.com");
    const choice = { serviceId: clinic.serviceId, providerChoice: "any" as const };
    const first = await verified.as.mutation(api.bookings.confirm, {
      sessionId: await signedInTabAtReview(t, verified.as, { ...choice, start: TEN }),
    });
    const second = await unverified.as.mutation(api.bookings.confirm, {
      sessionId: await signedInTabAtReview(t, unverified.as, { ...choice, start: tuesdayAt(11) }),
    });
    const statuses = await t.run(async (ctx) =>
      (await ctx.db.query("bookings").collect()).map((b) => [b.userId, b.status]),
    );
    expect(first.ok && second.ok).toBe(true);
    expect(statuses).toEqual([
      [verified.userId, "confirmed"],
      [unverified.userId, "pending"],
    ]);
  });

  it("the agenda shows a pending booking as held, with nobody's details", async () => {
    await guestBooks();
    const day = await owner.as.query(api.agenda.forProvider, {
      providerId: clinic.providerId,
      date: "2026-11-03",
      days: 1,
    });
    expect(day?.bookings).toHaveLength(1);
    expect(day?.bookings[0]).toMatchObject({ status: "pending", name: "", email: "", phone: "", notes: "" });
  });
});
