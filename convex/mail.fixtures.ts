/// <reference types="vite/client" />
// Mail helpers for the convex-test suites: the fake nodemailer transport the
// suites install with vi.mock (it records what would have gone over SMTP and
// can be told to fail), and readers for the outbox and the links in a mail.
// Two dots in the name: not pushed as a function module.
import { vi } from "vitest";
import type { Backend } from "./test.fixtures";

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
