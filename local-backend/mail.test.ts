// Integration: the app on the local backend (its own process) sends its
// email over real SMTP to the dev catcher (mailCatcher.ts, as `npm run dev`
// starts it). Bookings made through the sync protocol arrive as parsed
// messages with their .ics; the link in the email opens the booking in
// another client; cancelling through it sends the cancellation; and each
// outbox row arrives exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeFunctionReference } from "convex/server";
import { startAppBackend, waitFor, ClientPool, type Backend } from "./test/helpers.js";
import { Tab, detailsFor, followUpWith, freeTimes, app } from "./test/app/tabbook.js";
import { startMailCatcher, type CaughtMessage, type MailCatcher } from "./mailCatcher.js";

const confirm = makeFunctionReference<
  "mutation",
  { sessionId: string },
  { ok: true; reference: string; manageToken: string } | { ok: false }
>("bookings:confirm");
const open = makeFunctionReference<"mutation", { sessionId: string; token: string }, { ok: boolean }>(
  "manage:open",
);
const view = makeFunctionReference<
  "query",
  { sessionId: string },
  { reference: string; status: string } | null
>("manage:view");
const cancel = makeFunctionReference<"mutation", { sessionId: string }, { ok: boolean }>("manage:cancel");

const APP_URL = "http://app.example.test";
const clients = new ClientPool();
let catcher: MailCatcher;
let backend: Backend;

beforeAll(async () => {
  catcher = await startMailCatcher();
  backend = await startAppBackend({
    SMTP_URL: `smtp://127.0.0.1:${catcher.smtpPort}`,
    APP_URL,
    MAIL_FROM: "tabbook <bookings@clinic.test>",
  });
}, 120_000);

afterAll(async () => {
  await clients.closeAll();
  await backend?.stop();
  await catcher?.close();
}, 60_000);

const to = (address: string) => catcher.messages.filter((m) => m.to.includes(address));
const mailTo = (address: string, subject: RegExp, timeoutMs = 20_000) =>
  waitFor(() => to(address).find((m) => subject.test(m.subject)), {
    timeoutMs,
    message: `mail to ${address}`,
  });

function manageToken(message: CaughtMessage): string {
  const link = message.links.find((l) => l.startsWith(`${APP_URL}/manage/`));
  if (link === undefined) throw new Error(`no manage link in ${JSON.stringify(message.links)}`);
  return link.slice(`${APP_URL}/manage/`.length);
}

describe("email through the dev SMTP catcher", () => {
  it("a guest's booking arrives with its .ics and a link that manages it from another client", async () => {
    const tab = new Tab(clients.ws(backend));
    const { search } = await followUpWith(tab.client, "Maya Chen");
    const [start] = await freeTimes(tab.client, search, { count: 1, gapMs: 0 });
    const details = detailsFor("mail-1");
    await tab.start(search);
    await tab.mutation(app.hold, { start });
    await tab.fillDetails(details);
    const booked = await tab.client.mutation(confirm, { sessionId: tab.sessionId });
    if (!booked.ok) throw new Error("confirm failed");

    const confirmation = await mailTo(details.email, /^Booking confirmed/);
    expect(confirmation.from).toContain("bookings@clinic.test");
    expect(confirmation.text).toContain(booked.reference);
    expect(confirmation.html).toContain("/manage/");
    const ics = confirmation.attachments.find((a) => a.contentType.startsWith("text/calendar"));
    expect(ics?.content).toContain("BEGIN:VEVENT");

    // Another browser: a new client and tab, no account.
    const elsewhere = new Tab(clients.ws(backend));
    expect(
      await elsewhere.client.mutation(open, {
        sessionId: elsewhere.sessionId,
        token: manageToken(confirmation),
      }),
    ).toEqual({ ok: true });
    expect(await elsewhere.client.query(view, { sessionId: elsewhere.sessionId })).toEqual(
      expect.objectContaining({ reference: booked.reference, status: "confirmed" }),
    );
    expect(await elsewhere.client.mutation(cancel, { sessionId: elsewhere.sessionId })).toEqual({ ok: true });
    const cancelled = await mailTo(details.email, /^Booking cancelled/);
    expect(cancelled.text).toContain("You cancelled it.");
    // Each message once: the confirmation and the cancellation, nothing else to this address.
    expect(
      to(details.email)
        .map((m) => m.subject.split(":")[0])
        .sort(),
    ).toEqual(["Booking cancelled", "Booking confirmed"]);
    const ids = catcher.messages.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
