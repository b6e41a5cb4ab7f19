/// <reference types="vite/client" />
// Manage links: tokens stored only as hashes and found by index; wrong,
// malformed, unknown and revoked tokens answered alike and rate-limited;
// view, cancel and reschedule through a link; revocation by the business.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { api, internal } from "./_generated/api";
import {
  HOUR,
  MINUTE,
  MONDAY_8AM,
  VALID_DETAILS,
  addAdaAndBob,
  book,
  elapse,
  newSession,
  offeredStarts,
  rejection,
  signedInTabAtReview,
  toReview,
  tuesdayAt,
  type Backend,
} from "./test.fixtures";
import {
  fakeNodemailer,
  mailWorldEachTest,
  manageTokenIn,
  outboxRows,
  type MailBox,
  type MailWorld,
} from "./mail.fixtures";
import { hashToken } from "./lib/manageTokens";

const box = vi.hoisted((): MailBox => ({ sent: [], failNext: 0 }));
vi.mock("nodemailer", () => fakeNodemailer(box));

const TEN = tuesdayAt(10);
const ELEVEN = tuesdayAt(11);
const INVALID = { ok: false, reason: "invalid" };

const world = mailWorldEachTest(box);
let t: Backend;
let clinic: MailWorld["clinic"];
beforeEach(() => ({ t, clinic } = world));

const choice = (start: number) => ({ ...clinic, providerChoice: "any" as const, start });

/** A guest books TEN; returns the token the confirmation page showed. */
async function guestBooks(start = TEN) {
  const tab = newSession();
  await toReview(t, tab, choice(start));
  const result = await t.mutation(api.bookings.confirm, { sessionId: tab });
  if (!result.ok || result.manageToken === null) throw new Error("confirm failed");
  return { tab, reference: result.reference, token: result.manageToken };
}

const open = (sessionId: string, token: string) =>
  t.mutation(api.manage.open, { sessionId: sessionId as never, token });
const view = (sessionId: string) => t.query(api.manage.view, { sessionId: sessionId as never });

/** A fresh browser (new tab, no account) that opened the link. */
async function freshTabWith(token: string) {
  const tab = newSession();
  expect(await open(tab, token)).toEqual({ ok: true });
  return tab;
}

/** The same token with one character changed. */
function tampered(token: string): string {
  const last = token.at(-2) === "A" ? "B" : "A";
  return token.slice(0, -2) + last + token.at(-1);
}

describe("tokens", () => {
  it("are 256 random bits, stored only as their SHA-256 and found through the hash index", async () => {
    const { token } = await guestBooks();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const everything = await t.run(async (ctx) =>
      JSON.stringify({
        bookings: await ctx.db.query("bookings").collect(),
        tokens: await ctx.db.query("manageTokens").collect(),
        outbox: await ctx.db.query("outbox").collect(),
      }),
    );
    expect(everything).not.toContain(token);
    expect(everything).toContain(await hashToken(token));
    const second = await guestBooks(ELEVEN);
    expect(second.token).not.toBe(token);
  });

  it("the link opens the booking in any tab without an account, and no query answers without it", async () => {
    const { token, reference } = await guestBooks();
    const stranger = newSession();
    expect(await view(stranger)).toBeNull();
    const tab = await freshTabWith(token);
    expect(await view(tab)).toEqual(
      expect.objectContaining({
        reference,
        status: "confirmed",
        start: TEN,
        serviceName: "Check-up",
        providerName: "Ann",
        name: VALID_DETAILS.name,
        email: VALID_DETAILS.email,
        cancelledBy: null,
      }),
    );
    expect(await view(stranger)).toBeNull();
  });

  it("wrong, malformed and unknown tokens all get the same answer", async () => {
    const { token } = await guestBooks();
    const tab = newSession();
    for (const wrong of [
      tampered(token),
      token.slice(1),
      `${token}x`,
      "",
      "../../etc/passwd",
      "A".repeat(43),
    ]) {
      expect(await open(tab, wrong)).toEqual(INVALID);
    }
    expect(await view(tab)).toBeNull();
  });

  it("limits how often one tab tries links", async () => {
    const { token } = await guestBooks();
    const tab = newSession();
    for (let i = 0; i < 10; i++) expect(await open(tab, tampered(token))).toEqual(INVALID);
    expect(await rejection(open(tab, token))).toEqual(expect.objectContaining({ code: "RATE_LIMITED" }));
    await elapse(t, MINUTE);
    expect(await open(tab, token)).toEqual({ ok: true });
  });

  it("limits wrong links across the whole deployment, so new tab IDs buy no more guesses", async () => {
    const { token } = await guestBooks();
    for (let i = 0; i < 120; i++) expect(await open(newSession(), tampered(token))).toEqual(INVALID);
    expect(await rejection(open(newSession(), tampered(token)))).toEqual(
      expect.objectContaining({ code: "RATE_LIMITED" }),
    );
    // Opening a good link spends none of that budget.
    await elapse(t, MINUTE);
    for (let i = 0; i < 20; i++) await freshTabWith(token);
    expect(await open(newSession(), tampered(token))).toEqual(INVALID);
  });
});

describe("managing through the link", () => {
  it("cancels (the time frees at once for everyone) and then shows the cancelled state", async () => {
    const { token } = await guestBooks();
    expect(await offeredStarts(t, clinic.serviceId)).not.toContain(TEN);
    const tab = await freshTabWith(token);
    expect(await t.mutation(api.manage.cancel, { sessionId: tab })).toEqual({ ok: true });
    expect(await offeredStarts(t, clinic.serviceId)).toContain(TEN);
    expect(await view(tab)).toEqual(
      expect.objectContaining({ status: "cancelled", cancelledBy: "customer" }),
    );
    expect(await t.mutation(api.manage.cancel, { sessionId: tab })).toEqual({ ok: false });
    expect((await outboxRows(t)).filter((row) => row.kind === "cancelled")).toHaveLength(1);
  });

  it("shows a past booking, and no longer changes it", async () => {
    const { token } = await guestBooks();
    await elapse(t, TEN - MONDAY_8AM + HOUR);
    const tab = await freshTabWith(token);
    expect(await view(tab)).toEqual(expect.objectContaining({ status: "confirmed", start: TEN }));
    expect(await t.mutation(api.manage.cancel, { sessionId: tab })).toEqual({ ok: false });
    expect(await t.mutation(api.manage.startReschedule, { sessionId: tab })).toEqual({ ok: false });
  });

  it("reschedules through the normal flow in the tab; the old link then opens the new booking", async () => {
    const { token, reference } = await guestBooks();
    const tab = await freshTabWith(token);
    expect(await t.mutation(api.manage.startReschedule, { sessionId: tab })).toEqual({ ok: true });
    const draft = await t.query(api.drafts.get, { sessionId: tab });
    expect(draft).toEqual(
      expect.objectContaining({ step: "time", rescheduling: expect.objectContaining({ reference }) }),
    );
    await t.mutation(api.holds.hold, { sessionId: tab, start: ELEVEN });
    await t.mutation(api.drafts.enterStep, { sessionId: tab, step: "review" });
    const moved = await book(t, tab);
    const old = await freshTabWith(token);
    expect(await view(old)).toEqual(
      expect.objectContaining({ reference: moved, start: ELEVEN, status: "confirmed" }),
    );
    expect(await offeredStarts(t, clinic.serviceId)).toContain(TEN);
    const rescheduled = (await outboxRows(t)).find((row) => row.kind === "rescheduled")!;
    expect([rescheduled.previousStart, rescheduled.booking.start]).toEqual([TEN, ELEVEN]);
  });

  it("a signed-in user's booking rescheduled from its link stays theirs", async () => {
    const { ada } = await addAdaAndBob(t);
    const adaTab = await signedInTabAtReview(t, ada.as, choice(TEN));
    const result = await ada.as.mutation(api.bookings.confirm, { sessionId: adaTab });
    if (!result.ok || result.manageToken === null) throw new Error("confirm failed");
    const tab = await freshTabWith(result.manageToken);
    await t.mutation(api.manage.startReschedule, { sessionId: tab });
    await t.mutation(api.holds.hold, { sessionId: tab, start: ELEVEN });
    await t.mutation(api.drafts.enterStep, { sessionId: tab, step: "review" });
    await book(t, tab);
    const mine = await ada.as.query(api.myBookings.list, {});
    expect(mine!.map((b) => [b.start, b.status])).toEqual([
      [ELEVEN, "confirmed"],
      [TEN, "rescheduled"],
    ]);
  });
});

describe("revoking (for the owner console)", () => {
  it("stops every link at once, in open tabs too, and emails a new one that works", async () => {
    const { token, reference } = await guestBooks();
    const tab = await freshTabWith(token);
    const bookingId = (await outboxRows(t))[0].bookingId;
    await t.mutation(internal.manage.revokeLink, { bookingId });
    expect(await view(tab)).toBeNull();
    expect(await open(newSession(), token)).toEqual(INVALID);
    await elapse(t, 0);
    const newLink = box.sent.find((mail) => mail.subject === `A new link for your booking ${reference}`)!;
    expect(newLink.to).toBe(VALID_DETAILS.email);
    const fresh = await freshTabWith(manageTokenIn(newLink)!);
    expect(await view(fresh)).toEqual(expect.objectContaining({ reference }));
  });

  it("a reschedule started from a link that is revoked before confirm does not replace the booking", async () => {
    const { token } = await guestBooks();
    const tab = await freshTabWith(token);
    await t.mutation(api.manage.startReschedule, { sessionId: tab });
    await t.mutation(api.holds.hold, { sessionId: tab, start: ELEVEN });
    await t.mutation(api.drafts.enterStep, { sessionId: tab, step: "review" });
    const bookingId = (await outboxRows(t))[0].bookingId;
    await t.mutation(internal.manage.revokeLink, { bookingId });
    await book(t, tab);
    const original = await t.run((ctx) => ctx.db.get("bookings", bookingId));
    expect(original!.status).toBe("confirmed");
  });
});
