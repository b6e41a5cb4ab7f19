// `npm run bench:mail`: delivery delay of the confirmation email, from the
// moment bookings.confirm is acknowledged to the moment the dev SMTP catcher
// has the parsed message, over N guest bookings made one after another on
// the local backend (outbox row → scheduled Node action → nodemailer → SMTP).
// Prints p50/p95/max; not part of `npm test`.
import { parseArgs } from "node:util";
import { makeFunctionReference } from "convex/server";
import { ClientPool, startAppBackend } from "./lib/backend.js";
import { latencySummary, round } from "./lib/stats.js";
import { Tab, app, detailsFor, followUpWith, freeTimes } from "../local-backend/test/app/tabbook.js";
import { startMailCatcher } from "../local-backend/mailCatcher.js";

const { values } = parseArgs({ options: { bookings: { type: "string", default: "20" } } });
const count = Number(values.bookings);

const confirm = makeFunctionReference<"mutation", { sessionId: string }, { ok: boolean }>("bookings:confirm");

const catcher = await startMailCatcher();
const backend = await startAppBackend({
  SMTP_URL: `smtp://127.0.0.1:${catcher.smtpPort}`,
  APP_URL: "http://127.0.0.1:5173",
});
const clients = new ClientPool();
try {
  const probe = new Tab(clients.ws(backend));
  const { search, durationMs } = await followUpWith(probe.client, "Sam Ortiz");
  const starts = await freeTimes(probe.client, search, { count, gapMs: durationMs + 30 * 60_000 });
  const delays: number[] = [];
  for (let i = 0; i < count; i++) {
    const tab = new Tab(clients.ws(backend));
    const details = detailsFor(`delay-${i}`);
    await tab.start(search);
    await tab.mutation(app.hold, { start: starts[i] });
    await tab.fillDetails(details);
    const result = await tab.client.mutation(confirm, { sessionId: tab.sessionId });
    const acknowledged = Date.now();
    if (!result.ok) throw new Error(`booking ${i} was not confirmed`);
    const caught = await new Promise<number>((resolve, reject) => {
      const deadline = acknowledged + 30_000;
      const poll = () => {
        const message = catcher.messages.find(
          (m) => m.to.includes(details.email) && m.subject.startsWith("Booking confirmed"),
        );
        if (message) resolve(message.receivedAt);
        else if (Date.now() > deadline) reject(new Error(`no confirmation for booking ${i} in 30 s`));
        else setTimeout(poll, 2);
      };
      poll();
    });
    delays.push(caught - acknowledged);
  }
  const summary = latencySummary(delays);
  console.log(
    `Confirmation email delay over ${count} bookings (confirm acknowledged → caught): ` +
      `p50 ${summary.p50} ms, p95 ${summary.p95} ms, max ${round(Math.max(...delays))} ms`,
  );
  console.log(`All delays (ms): ${delays.join(", ")}`);
} finally {
  await clients.closeAll();
  await backend.stop();
  await catcher.close();
}
