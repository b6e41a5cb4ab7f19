/// <reference types="vite/client" />
// Mail helpers for the convex-test suites: the fake nodemailer transport the
// suites install with vi.mock (it records what would have gone over SMTP and
// can be told to fail), and readers for the outbox and the links in a mail.
// Two dots in the name: not pushed as a function module.
import { beforeEach, vi } from "vitest";
import { internal } from "./_generated/api";
import type { Doc, Id } from "./_generated/dataModel";
import { mintManageToken } from "./lib/manageTokens";
import { MONDAY_8AM, addClinic, freezeClockEachTest, newBackend, type Backend } from "./test.fixtures";

export type SentMail = {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  icalEvent?: { content: string };
};

/** What the fake transport sent, and how many sends it should still fail. */
export type MailBox = { sent: SentMail[]; failNext: number };

/** The `nodemailer` module the suites mock in: createTransport returns a recorder of `box`. */
export function fakeNodemailer(box: MailBox) {
  const createTransport = () => ({
    sendMail: (message: SentMail) => {
      if (box.failNext > 0) {
        box.failNext--;
        return Promise.reject(new Error("421 4.3.2 Service not available, try again later"));
      }
      box.sent.push(message);
      return Promise.resolve({ messageId: message.messageId });
    },
    close: () => undefined,
  });
  return { default: { createTransport } };
}

/** Deployment settings the mailer needs, as `npm run dev` sets them. */
export function stubMailEnv(): void {
  vi.stubEnv("SMTP_URL", "smtp://127.0.0.1:2525");
  vi.stubEnv("APP_URL", "http://app.test");
  vi.stubEnv("MAIL_FROM", "tabbook <bookings@clinic.test>");
}

export function outboxRows(t: Backend) {
  return t.run((ctx) => ctx.db.query("outbox").collect());
}

/** The manage token in a mail's text (its /manage/ link), if any. */
export function manageTokenIn(mail: SentMail): string | null {
  return /\/manage\/([A-Za-z0-9_-]{43})\b/.exec(mail.text)?.[1] ?? null;
}

export type MailWorld = { t: Backend; clinic: { serviceId: Id<"services">; providerId: Id<"providers"> } };

/**
 * For each test of the file: the clock frozen on Monday 08:00, an empty mailbox,
 * the mail settings, and a fresh backend with one clinic (Ann, a check-up).
 */
export function mailWorldEachTest(box: MailBox, provider: Partial<Doc<"providers">> = {}): MailWorld {
  const world = {} as MailWorld;
  freezeClockEachTest(MONDAY_8AM);
  beforeEach(async () => {
    box.sent = [];
    box.failNext = 0;
    stubMailEnv();
    world.t = newBackend();
    world.clinic = await addClinic(world.t, { name: "Ann", ...provider }, { name: "Check-up" });
  });
  return world;
}

/** A new manage token for the booking, as an email would carry it. */
export function manageTokenFor(t: Backend, reference: string): Promise<string> {
  return t.run(async (ctx) => {
    const booking = await ctx.db
      .query("bookings")
      .withIndex("by_reference", (q) => q.eq("reference", reference))
      .unique();
    return (await mintManageToken(ctx, booking!._id)).token;
  });
}

/** The email-confirmation link's token of the (only) pending booking, as its email carries it. */
export async function verifyTokenFor(t: Backend): Promise<string> {
  const row = await t.run(async (ctx) =>
    (await ctx.db.query("outbox").collect()).find((r) => r.kind === "verifyBooking"),
  );
  const claim = await t.mutation(internal.outbox.claim, { outboxId: row!._id });
  return claim!.verifyToken!;
}
