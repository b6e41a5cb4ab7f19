// One template per email kind. Each says what the message is (subject,
// heading, paragraphs, an optional link button); `renderEmail` turns that one
// description into both the HTML and the plain-text part, escaping every
// value, and adds the .ics to confirmations.
import { buildIcs } from "../shared/ics";
import type { EmailBooking, EmailKind } from "../schema";
import { verifyWindowMs } from "./config";

export type EmailInput = {
  kind: EmailKind;
  booking: EmailBooking;
  previousStart?: number;
  cancelledBy?: "customer" | "business";
  cancelReason?: string;
  /** The manage link's token, when this email carries one. */
  manageToken: string | null;
  /** verifyBooking: the confirm-your-email link's token. */
  verifyToken?: string | null;
};

export type Content = {
  subject: string;
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string };
};

export type RenderedEmail = {
  subject: string;
  text: string;
  html: string;
  ics: string | null;
};

export function formatWhen(instant: number, timeZone: string): string {
  const when = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(instant);
  return `${when} (${timeZone.replace(/_/g, " ")})`;
}

export function manageUrl(appUrl: string, token: string): string {
  return `${appUrl}/manage/${token}`;
}

function what(b: EmailBooking): string {
  return `${b.serviceName} with ${b.providerName}`;
}

type Template = (input: EmailInput, appUrl: string) => Content;

function manageAction(input: EmailInput, appUrl: string): Content["action"] {
  return input.manageToken === null
    ? undefined
    : { label: "View, change or cancel", url: manageUrl(appUrl, input.manageToken) };
}

const KEEP_LINK = "This link is private: anyone who has it can change your booking.";

export function verifyUrl(appUrl: string, token: string): string {
  return `${appUrl}/verify/${token}`;
}

const TEMPLATES: Record<EmailKind, Template> = {
  verifyBooking: (input, appUrl) => ({
    subject: `Confirm your booking: ${input.booking.serviceName}, ${formatWhen(input.booking.start, input.booking.timeZone)}`,
    heading: "Confirm your booking",
    paragraphs: [
      `Hello ${input.booking.name}, to finish booking ${what(input.booking)} on ${formatWhen(input.booking.start, input.booking.timeZone)}, confirm this is your email address within ${Math.round(verifyWindowMs() / 60_000)} minutes.`,
      "The time is held for you until then. If you didn't book it, ignore this email and the time is let go.",
    ],
    action:
      input.verifyToken == null
        ? undefined
        : { label: "Confirm my booking", url: verifyUrl(appUrl, input.verifyToken) },
  }),
  confirmed: (input, appUrl) => ({
    subject: `Booking confirmed: ${input.booking.serviceName}, ${formatWhen(input.booking.start, input.booking.timeZone)}`,
    heading: "You're booked",
    paragraphs: [
      `Hello ${input.booking.name}, your booking ${input.booking.reference} is confirmed.`,
      `${what(input.booking)}, ${formatWhen(input.booking.start, input.booking.timeZone)}.`,
      "The calendar file attached adds it to your calendar.",
      KEEP_LINK,
    ],
    action: manageAction(input, appUrl),
  }),
  rescheduled: (input, appUrl) => ({
    subject: `Booking moved: ${input.booking.serviceName}, ${formatWhen(input.booking.start, input.booking.timeZone)}`,
    heading: "Your booking has a new time",
    paragraphs: [
      `Hello ${input.booking.name}, your booking is now ${input.booking.reference}.`,
      `New time: ${formatWhen(input.booking.start, input.booking.timeZone)}, ${what(input.booking)}.`,
      ...(input.previousStart === undefined
        ? []
        : [`It replaces ${formatWhen(input.previousStart, input.booking.timeZone)}, which is now free.`]),
      // On a rescheduled email, cancelledBy says who changed the time.
      ...(input.cancelledBy === "business"
        ? [`The business moved it. Their reason: ${input.cancelReason ?? "none given"}`]
        : []),
      KEEP_LINK,
    ],
    action: manageAction(input, appUrl),
  }),
  cancelled: (input, appUrl) => ({
    subject: `Booking cancelled: ${input.booking.serviceName}, ${formatWhen(input.booking.start, input.booking.timeZone)}`,
    heading: "Your booking is cancelled",
    paragraphs: [
      `Hello ${input.booking.name}, your booking ${input.booking.reference} (${what(input.booking)}, ${formatWhen(input.booking.start, input.booking.timeZone)}) is cancelled.`,
      input.cancelledBy === "business"
        ? `The business cancelled it. Their reason: ${input.cancelReason ?? "none given"}`
        : "You cancelled it.",
    ],
    action: { label: "Book another time", url: `${appUrl}/book/service` },
  }),
  reminder: (input, appUrl) => ({
    subject: `Reminder: ${input.booking.serviceName} tomorrow, ${formatWhen(input.booking.start, input.booking.timeZone)}`,
    heading: "See you tomorrow",
    paragraphs: [
      `Hello ${input.booking.name}, a reminder of your booking ${input.booking.reference}:`,
      `${what(input.booking)}, ${formatWhen(input.booking.start, input.booking.timeZone)}.`,
    ],
    action: manageAction(input, appUrl),
  }),
  newLink: (input, appUrl) => ({
    subject: `A new link for your booking ${input.booking.reference}`,
    heading: "Your new manage link",
    paragraphs: [
      `Hello ${input.booking.name}, the earlier links to your booking ${input.booking.reference} no longer work. Use this one instead.`,
      `${what(input.booking)}, ${formatWhen(input.booking.start, input.booking.timeZone)}.`,
      KEEP_LINK,
    ],
    action: manageAction(input, appUrl),
  }),
  staffBooked: (input) => ({
    subject: `New booking: ${input.booking.serviceName}, ${formatWhen(input.booking.start, input.booking.timeZone)}`,
    heading: "A new booking on your calendar",
    paragraphs: [
      `${input.booking.name} booked ${what(input.booking)} (${input.booking.reference}).`,
      `${formatWhen(input.booking.start, input.booking.timeZone)}.`,
    ],
  }),
  staffCancelled: (input) => ({
    subject: `Booking off your calendar: ${input.booking.serviceName}, ${formatWhen(input.booking.start, input.booking.timeZone)}`,
    heading: "A booking left your calendar",
    paragraphs: [
      `${input.booking.name}'s booking ${input.booking.reference} (${what(input.booking)}, ${formatWhen(input.booking.start, input.booking.timeZone)}) ${
        input.cancelledBy === "customer"
          ? "was cancelled by the customer."
          : input.cancelledBy === "business"
            ? `was cancelled by the business: ${input.cancelReason ?? ""}`
            : "was moved to another time."
      }`,
    ],
  }),
};

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * Text safe in a header: no line breaks or other control characters (which
 * could start a new header), runs of space collapsed, capped in length.
 * Non-ASCII is left to nodemailer, which encodes it (RFC 2047).
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it removes
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

export function headerText(text: string, max = 200): string {
  const flat = text.replace(CONTROL, " ").replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function html(content: Content): string {
  const paragraphs = content.paragraphs
    .map((p) => `<p style="margin:0 0 12px">${escapeHtml(p)}</p>`)
    .join("");
  const action = content.action
    ? `<p style="margin:20px 0"><a href="${escapeHtml(content.action.url)}" style="background:#1d4ed8;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(content.action.label)}</a></p>` +
      `<p style="margin:0 0 12px;font-size:13px;color:#555">Or open: ${escapeHtml(content.action.url)}</p>`
    : "";
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(content.subject)}</title></head>`,
    '<body style="font-family:system-ui,sans-serif;color:#111;max-width:560px;margin:0 auto;padding:16px">',
    `<h1 style="font-size:20px">${escapeHtml(content.heading)}</h1>`,
    paragraphs,
    action,
    '<p style="font-size:12px;color:#555">tabbook</p>',
    "</body></html>",
  ].join("");
}

function text(content: Content): string {
  const action = content.action ? [`${content.action.label}: ${content.action.url}`, ""] : [];
  return [content.heading, "", ...content.paragraphs.flatMap((p) => [p, ""]), ...action, "tabbook", ""].join(
    "\n",
  );
}

/** Subject, HTML and text of an email that is not about a booking (accounts). */
export function renderContent(content: Content): Omit<RenderedEmail, "ics"> {
  return { subject: headerText(content.subject), text: text(content), html: html(content) };
}

export function renderEmail(input: EmailInput, appUrl: string): RenderedEmail {
  const content = TEMPLATES[input.kind](input, appUrl);
  const b = input.booking;
  const ics =
    input.kind === "confirmed" || input.kind === "rescheduled"
      ? buildIcs({
          uid: `${b.reference}@tabbook`,
          start: b.start,
          end: b.end,
          summary: what(b),
          description: [
            `tabbook booking ${b.reference}`,
            ...(input.manageToken === null ? [] : [`Manage: ${manageUrl(appUrl, input.manageToken)}`]),
          ].join("\n"),
        })
      : null;
  return { subject: headerText(content.subject), text: text(content), html: html(content), ics };
}
