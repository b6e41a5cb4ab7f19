/// <reference types="vite/client" />
// The email outbox: rows written in the booking change's own transaction,
// delivered once by the mailer action through retries, races and a run that
// died mid-send, failures kept visible, reminders moved or dropped with their
// booking, and mail only to the address typed in the details step.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { api, internal } from "./_generated/api";
import {
  HOUR,
  MINUTE,
  MONDAY_8AM,
  VALID_DETAILS,
  addBooking,
  book,
  elapse,
  newSession,
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
import { LEASE_MS, MAX_ATTEMPTS, retryDelayMs } from "./outbox";
import { cancelBooking } from "./lib/bookingChanges";

const box = vi.hoisted((): MailBox => ({ sent: [], failNext: 0 }));
vi.mock("nodemailer", () => fakeNodemailer(box));

const TEN = tuesdayAt(10);
const ELEVEN = tuesdayAt(11);
const STAFF = "ann@clinic.test";

const world = mailWorldEachTest(box, { email: STAFF });
let t: Backend;
let clinic: MailWorld["clinic"];
beforeEach(() => ({ t, clinic } = world));

const choice = (start: number) => ({ ...clinic, providerChoice: "any" as const, start });

async function guestBooks(start = TEN, details = VALID_DETAILS) {
  const tab = newSession();
  await toReview(t, tab, { ...choice(start), details });
  const reference = await book(t, tab);
  const booking = await t.run((ctx) =>
    ctx.db
      .query("bookings")
      .withIndex("by_reference", (q) => q.eq("reference", reference))
      .unique(),
  );
  return { tab, reference, booking: booking! };
}

const sentTo = (address: string) => box.sent.filter((mail) => mail.to === address);

describe("writing to the outbox", () => {
  it("confirm writes the customer's confirmation, their reminder and the staff email with the booking", async () => {
    const { booking } = await guestBooks();
    const rows = await outboxRows(t);
    expect(rows.map((row) => [row.kind, row.to, row.status, row.nextAttemptAt])).toEqual([
      ["confirmed", VALID_DETAILS.email, "pending", MONDAY_8AM],
      ["reminder", VALID_DETAILS.email, "pending", TEN - 24 * HOUR],
      ["staffBooked", STAFF, "pending", MONDAY_8AM],
    ]);
    expect(rows.every((row) => row.bookingId === booking._id && row.booking.start === TEN)).toBe(true);
  });

  it("a change that fails leaves no outbox row behind: the message and the change commit together", async () => {
    const { booking } = await guestBooks();
    const before = await outboxRows(t);
    await expect(
      t.run(async (ctx) => {
        await cancelBooking(ctx, booking, { cancelledBy: "business", cancelReason: "Closed for repairs" });
        throw new Error("the rest of the mutation failed");
      }),
    ).rejects.toThrow("the rest of the mutation failed");
    expect(await outboxRows(t)).toEqual(before);
    expect((await t.run((ctx) => ctx.db.get("bookings", booking._id)))!.status).toBe("confirmed");
  });

  it("a confirm that loses its time writes no email", async () => {
    const tab = newSession();
    await toReview(t, tab, choice(TEN));
    // Staff book 09:45–10:15 by phone while the tab sits on the review page.
    await addBooking(t, { ...clinic, start: TEN - 15 * MINUTE, end: TEN + 15 * MINUTE });
    expect(await t.mutation(api.bookings.confirm, { sessionId: tab })).toEqual({
      ok: false,
      reason: "taken",
    });
    expect(await outboxRows(t)).toEqual([]);
  });
});

describe("delivery", () => {
  it("sends each due message once, to the typed address, with the manage link and the .ics", async () => {
    await guestBooks();
    await elapse(t, 0);
    expect(box.sent.map((mail) => mail.to).sort()).toEqual([VALID_DETAILS.email, STAFF]);
    const [confirmation] = sentTo(VALID_DETAILS.email);
    expect(confirmation.subject).toMatch(/^Booking confirmed: Check-up/);
    const token = manageTokenIn(confirmation);
    expect(token).not.toBeNull();
    expect(confirmation.html).toContain(`http://app.test/manage/${token}`);
    expect(confirmation.icalEvent?.content).toContain("BEGIN:VEVENT");
    expect(confirmation.icalEvent?.content.replace(/\r\n /g, "")).toContain(`/manage/${token}`);
    const [staff] = sentTo(STAFF);
    expect(manageTokenIn(staff)).toBeNull();
    const rows = await outboxRows(t);
    expect(rows.filter((row) => row.kind !== "reminder").map((row) => row.status)).toEqual(["sent", "sent"]);
    await elapse(t, 10 * MINUTE);
    expect(box.sent).toHaveLength(2);
  });

  it("retries a failed send with backoff, keeps the last error meanwhile, and sends it once", async () => {
    box.failNext = 2;
    const { booking } = await guestBooks();
    await t.run((ctx) => ctx.db.patch("providers", booking.providerId, { email: undefined }));
    await elapse(t, 0);
    const confirmation = async () => (await outboxRows(t)).find((row) => row.kind === "confirmed")!;
    let row = await confirmation();
    expect(row.status).toBe("pending");
    expect(row.lastError).toMatch(/421/);
    expect(sentTo(VALID_DETAILS.email)).toHaveLength(0);
    expect(row.nextAttemptAt).toBe(MONDAY_8AM + retryDelayMs(row.attempts));

    await elapse(t, retryDelayMs(1));
    expect(box.failNext).toBe(0);
    await elapse(t, retryDelayMs(2));
    row = await confirmation();
    expect(row.status).toBe("sent");
    expect(row.lastError).toBeUndefined();
    expect(sentTo(VALID_DETAILS.email)).toHaveLength(1);
    // A stray duplicate schedule of the same row sends nothing more.
    await t.action(internal.mailer.deliver, { outboxId: row._id });
    await elapse(t, HOUR);
    expect(sentTo(VALID_DETAILS.email)).toHaveLength(1);
  });

  it("gives up after the last attempt and keeps the row visible as failed with its last error", async () => {
    box.failNext = 1000;
    await guestBooks();
    for (let attempt = 0; attempt <= MAX_ATTEMPTS; attempt++)
      await elapse(t, attempt === 0 ? 0 : retryDelayMs(attempt));
    const failed = await t.query(internal.outbox.failed, {});
    expect(failed.map((row) => [row.kind, row.attempts])).toEqual(
      expect.arrayContaining([
        ["confirmed", MAX_ATTEMPTS],
        ["staffBooked", MAX_ATTEMPTS],
      ]),
    );
    expect(failed.every((row) => /421/.test(row.lastError ?? ""))).toBe(true);
    // No link went out, so none of the tokens minted for the failed sends is kept.
    const tokens = await t.run((ctx) => ctx.db.query("manageTokens").collect());
    expect(tokens).toHaveLength(1); // the confirmation page's
  });

  it("two delivery runs racing for one row send it once", async () => {
    await guestBooks();
    const row = (await outboxRows(t)).find((r) => r.kind === "confirmed")!;
    await Promise.all([
      t.action(internal.mailer.deliver, { outboxId: row._id }),
      t.action(internal.mailer.deliver, { outboxId: row._id }),
    ]);
    await elapse(t, 0);
    expect(sentTo(VALID_DETAILS.email)).toHaveLength(1);
  });

  it("a run that died after claiming is retried by the sweeper once its lease lapses, and sent once", async () => {
    await guestBooks();
    const row = (await outboxRows(t)).find((r) => r.kind === "confirmed")!;
    // The run claims the row, then the process dies before sending.
    expect(await t.mutation(internal.outbox.claim, { outboxId: row._id })).not.toBeNull();
    await elapse(t, 0);
    expect(sentTo(VALID_DETAILS.email)).toHaveLength(0);
    await elapse(t, LEASE_MS + 1);
    await t.mutation(internal.outbox.sweep, {});
    await elapse(t, retryDelayMs(1));
    expect(sentTo(VALID_DETAILS.email)).toHaveLength(1);
    const after = (await outboxRows(t)).find((r) => r._id === row._id)!;
    expect(after.status).toBe("sent");
  });

  it("a pending row whose schedule was lost (a restart) is sent by the sweeper", async () => {
    await guestBooks();
    // Lose every scheduled run, as a backend restart without durable schedules would.
    await t.run(async (ctx) => {
      for (const job of await ctx.db.system.query("_scheduled_functions").collect()) {
        if (job.state.kind === "pending") await ctx.scheduler.cancel(job._id);
      }
    });
    await elapse(t, 2 * MINUTE);
    expect(box.sent).toHaveLength(0);
    await t.mutation(internal.outbox.sweep, {});
    await elapse(t, 0);
    expect(box.sent.map((mail) => mail.to).sort()).toEqual([VALID_DETAILS.email, STAFF]);
  });
});

describe("reminders", () => {
  const reminders = async () => (await outboxRows(t)).filter((row) => row.kind === "reminder");

  it("goes out 24 hours before the booking, with a manage link", async () => {
    await guestBooks();
    await elapse(t, 0);
    await elapse(t, TEN - 24 * HOUR - MONDAY_8AM - 1);
    expect(box.sent.filter((mail) => mail.subject.startsWith("Reminder"))).toHaveLength(0);
    await elapse(t, 1);
    const [reminder] = box.sent.filter((mail) => mail.subject.startsWith("Reminder"));
    expect(reminder.to).toBe(VALID_DETAILS.email);
    expect(manageTokenIn(reminder)).not.toBeNull();
  });

  it("moves with its booking when the booking is rescheduled", async () => {
    const { tab } = await guestBooks();
    await elapse(t, 0);
    const token = manageTokenIn(sentTo(VALID_DETAILS.email)[0])!;
    await t.mutation(api.manage.open, { sessionId: tab, token });
    await t.mutation(api.manage.startReschedule, { sessionId: tab });
    await t.mutation(api.holds.hold, { sessionId: tab, start: ELEVEN });
    await t.mutation(api.drafts.enterStep, { sessionId: tab, step: "review" });
    await book(t, tab);
    expect((await reminders()).map((row) => [row.status, row.nextAttemptAt, row.booking.start])).toEqual([
      ["dropped", TEN - 24 * HOUR, TEN],
      ["pending", ELEVEN - 24 * HOUR, ELEVEN],
    ]);
    await elapse(t, ELEVEN - 24 * HOUR - MONDAY_8AM);
    const sent = box.sent.filter((mail) => mail.subject.startsWith("Reminder"));
    expect(sent).toHaveLength(1);
    // 11:00 UTC, shown in the booking's zone (Paris).
    expect(sent[0].text).toContain("3 November 2026 at 12:00 (Europe/Paris)");
  });

  it("is dropped when its booking is cancelled", async () => {
    const { tab } = await guestBooks();
    await elapse(t, 0);
    const token = manageTokenIn(sentTo(VALID_DETAILS.email)[0])!;
    await t.mutation(api.manage.open, { sessionId: tab, token });
    expect(await t.mutation(api.manage.cancel, { sessionId: tab })).toEqual({ ok: true });
    expect((await reminders()).map((row) => row.status)).toEqual(["dropped"]);
    await elapse(t, TEN - MONDAY_8AM);
    expect(box.sent.filter((mail) => mail.subject.startsWith("Reminder"))).toHaveLength(0);
  });

  it("is not written for a booking less than a day away", async () => {
    await guestBooks(Date.UTC(2026, 10, 2, 15));
    expect(await reminders()).toEqual([]);
  });
});

describe("what the emails say, and to whom", () => {
  it("a cancellation by the business tells the customer and the staff why", async () => {
    const { booking } = await guestBooks();
    await t.run((ctx) =>
      cancelBooking(ctx, booking, { cancelledBy: "business", cancelReason: "Ann is ill" }),
    );
    await elapse(t, 0);
    const cancelled = box.sent.filter((mail) => mail.subject.startsWith("Booking cancelled"));
    expect(cancelled.map((mail) => mail.to)).toEqual([VALID_DETAILS.email]);
    expect(cancelled[0].text).toContain("The business cancelled it. Their reason: Ann is ill");
    expect(sentTo(STAFF).find((mail) => mail.subject.startsWith("Booking off"))?.text).toContain(
      "Ann is ill",
    );
  });

  it("keeps user text out of the headers: no line breaks reach the subject, markup is escaped in the HTML", async () => {
    await t.run((ctx) =>
      ctx.db.patch("services", clinic.serviceId, { name: "Check-up\r\nBcc: evil@attacker.test" }),
    );
    await guestBooks(TEN, { ...VALID_DETAILS, name: "<img src=x onerror=alert(1)>" });
    await elapse(t, 0);
    for (const mail of box.sent) {
      expect(mail.subject).not.toMatch(/[\r\n]/);
      expect(mail.to).not.toMatch(/[\r\n]/);
      expect(mail.html).not.toContain("<img");
    }
    expect(sentTo(VALID_DETAILS.email)[0].html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("sends to no address but the one typed in the details step and the calendar's staff address", async () => {
    await t.run((ctx) => ctx.db.patch("providers", clinic.providerId, { email: undefined }));
    const { tab } = await guestBooks(TEN, { ...VALID_DETAILS, email: "typed@example.net" });
    await elapse(t, 0);
    const token = manageTokenIn(box.sent[0])!;
    await t.mutation(api.manage.open, { sessionId: tab, token });
    await t.mutation(api.manage.cancel, { sessionId: tab });
    await elapse(t, 2 * HOUR);
    expect(new Set(box.sent.map((mail) => mail.to))).toEqual(new Set(["typed@example.net"]));
  });
});
