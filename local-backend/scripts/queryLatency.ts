// How long the local backend takes to answer the HTTP query that restores a
// tab after a reload (index.html's inline `drafts:get` fetch, which the page
// waits for), for a guest and for a signed-in tab, idle and while other tabs
// autosave through WebSocket mutations (as a reload's page-hide beacon and
// socket close land at the same moment):
//
//   npx tsx local-backend/scripts/queryLatency.ts [--samples 400] [--spaced 60] [--load-tabs 60] [--load-interval 4]
//
// Prints p50/p95/p99/max in ms per case: back-to-back requests (kept-alive
// or each on a new connection), and "spaced" ones (a new connection after a
// 100 ms pause, as a reload sends it). The numbers in commit messages about
// this path come from here.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import WebSocket from "ws";
import { startMailCatcher } from "../mailCatcher.js";
import { startAppBackend, waitFor } from "../test/helpers.js";

const PASSWORD = "correct horse battery staple";
const CODE_SUBJECT = /^Your tabbook code: (\d{8})$/;
/** The pause before each spaced request. */
const SPACING_MS = 100;
const details = (name: string) => ({ name, email: "", phone: "", notes: "" });

const { values } = parseArgs({
  options: {
    samples: { type: "string", default: "400" },
    spaced: { type: "string", default: "60" },
    "load-tabs": { type: "string", default: "60" },
    "load-interval": { type: "string", default: "4" },
    load: { type: "string" },
  },
});

const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });

/**
 * The restore fetch, as index.html sends it: the answer's time in ms, over a
 * kept-alive connection or a new one. `check` refuses a wrong answer.
 */
function timedQuery(
  url: string,
  sessionId: string,
  token: string | null,
  fresh: boolean,
  check = (answer: { status?: string; value?: unknown }) =>
    answer.status === "success" && answer.value !== null,
): Promise<number> {
  const body = JSON.stringify({ path: "drafts:get", format: "convex_encoded_json", args: [{ sessionId }] });
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const agent = fresh ? false : keepAlive;
    const req = request(`${url}/api/query`, { method: "POST", headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const elapsed = performance.now() - started;
        const text = Buffer.concat(chunks).toString();
        if (check(JSON.parse(text) as { status?: string; value?: unknown })) resolve(elapsed);
        else reject(new Error(text));
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** A bare Node HTTP server answering a fixed JSON body: what the client and loopback cost alone. */
async function bareServer(): Promise<{ url: string; close(): void }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.setHeader("Content-Type", "application/json");
      res.end('{"status":"success","value":{"step":"service"},"logLines":[]}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

function summary(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))].toFixed(2);
  return `p50 ${at(0.5)}  p95 ${at(0.95)}  p99 ${at(0.99)}  max ${sorted[sorted.length - 1].toFixed(2)}`;
}

async function measure(): Promise<void> {
  const samples = Number(values.samples);
  const spaced = Number(values.spaced);
  const spacedTimes = async (url: string, sessionId: string, token: string | null) => {
    const times: number[] = [];
    for (let i = 0; i < spaced; i++) {
      await new Promise((resolve) => setTimeout(resolve, SPACING_MS));
      times.push(await timedQuery(url, sessionId, token, true, () => true));
    }
    return times;
  };
  const catcher = await startMailCatcher();
  const backend = await startAppBackend({
    SMTP_URL: `smtp://127.0.0.1:${catcher.smtpPort}`,
    APP_URL: "http://127.0.0.1:9",
  });
  let load: ReturnType<typeof spawn> | null = null;
  try {
    const http = new ConvexHttpClient(backend.url, { logger: false });
    const [service] = (await http.query(anyApi.catalog.services, {})) as { _id: string }[];
    const guestSession = randomUUID();
    await http.mutation(anyApi.drafts.chooseService, { sessionId: guestSession, serviceId: service._id });
    await http.mutation(anyApi.drafts.saveDetails, {
      sessionId: guestSession,
      details: details("Guest"),
      rev: 1,
    });

    const email = `latency-${Date.now()}@bench.example`;
    const signIn = (params: Record<string, string>) =>
      http.action(anyApi.auth.signIn, { provider: "password", params }) as Promise<{
        tokens: { token: string } | null;
      }>;
    await signIn({ flow: "signUp", email, password: PASSWORD });
    const code = await waitFor(
      () => catcher.messages.find((m) => m.to.includes(email) && CODE_SUBJECT.test(m.subject))?.subject,
      { timeoutMs: 20_000, message: "the sign-up code email" },
    );
    const { tokens } = await signIn({ flow: "email-verification", email, code: CODE_SUBJECT.exec(code)![1] });
    const token = tokens!.token;
    const signedIn = new ConvexHttpClient(backend.url, { logger: false });
    signedIn.setAuth(token);
    const userSession = randomUUID();
    await signedIn.mutation(anyApi.drafts.chooseService, { sessionId: userSession, serviceId: service._id });

    const cases = [
      { name: "guest", sessionId: guestSession, token: null },
      { name: "signed-in", sessionId: userSession, token },
    ];
    const bare = await bareServer();
    for (const fresh of [false, true]) {
      const times: number[] = [];
      for (let i = 0; i < samples + 30; i++) times.push(await timedQuery(bare.url, "-", null, fresh));
      console.log(
        `${"bare server".padEnd(25)} ${(fresh ? "new conn" : "keep-alive").padEnd(10)} ${summary(times.slice(30))}`,
      );
    }
    console.log(
      `${"bare server".padEnd(25)} ${"spaced".padEnd(10)} ${summary(await spacedTimes(bare.url, "-", null))}`,
    );
    bare.close();
    const run = async (label: string) => {
      for (const fresh of [false, true]) {
        for (const c of cases) {
          for (let i = 0; i < 30; i++) await timedQuery(backend.url, c.sessionId, c.token, fresh);
          const times: number[] = [];
          for (let i = 0; i < samples; i++)
            times.push(await timedQuery(backend.url, c.sessionId, c.token, fresh));
          const conn = fresh ? "new conn" : "keep-alive";
          console.log(`${label.padEnd(14)} ${c.name.padEnd(10)} ${conn.padEnd(10)} ${summary(times)}`);
        }
      }
      // One request now and then, as a reload sends it: after a pause, on a new connection.
      for (const c of cases) {
        const times = await spacedTimes(backend.url, c.sessionId, c.token);
        console.log(`${label.padEnd(14)} ${c.name.padEnd(10)} ${"spaced".padEnd(10)} ${summary(times)}`);
      }
    };
    await run("idle");

    const script = fileURLToPath(import.meta.url);
    load = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        script,
        "--load",
        backend.url,
        "--load-tabs",
        values["load-tabs"],
        "--load-interval",
        values["load-interval"],
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve, reject) => {
      load!.stdout!.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("load: running")) resolve();
      });
      load!.on("exit", (code) => reject(new Error(`load generator exited (${code})`)));
    });
    await run("under writes");
    load.kill("SIGTERM");
    const done = await backend.metrics();
    console.log(`commits during the run: ${done.commits}`);
  } finally {
    load?.kill("SIGTERM");
    await backend.stop();
    await catcher.close();
  }
}

/**
 * Other tabs: each a WebSocket client subscribed to its own draft, taking
 * turns to autosave its details every `--load-interval` ms (all tabs
 * together), under the draft-write rate limit per tab.
 */
async function runLoad(url: string): Promise<void> {
  const tabs = Number(values["load-tabs"]);
  const interval = Number(values["load-interval"]);
  const http = new ConvexHttpClient(url, { logger: false });
  const [service] = (await http.query(anyApi.catalog.services, {})) as { _id: string }[];
  const clients = Array.from({ length: tabs }, () => ({
    client: new ConvexClient(url, {
      webSocketConstructor: WebSocket as never,
      unsavedChangesWarning: false,
      logger: false,
    }),
    sessionId: randomUUID(),
    rev: 0,
  }));
  for (const tab of clients) {
    await tab.client.mutation(anyApi.drafts.chooseService, {
      sessionId: tab.sessionId,
      serviceId: service._id,
    });
    tab.client.onUpdate(anyApi.drafts.get, { sessionId: tab.sessionId }, () => undefined);
  }
  console.log("load: running");
  let next = 0;
  setInterval(() => {
    const tab = clients[next++ % clients.length];
    tab.rev += 1;
    void tab.client
      .mutation(anyApi.drafts.saveDetails, {
        sessionId: tab.sessionId,
        details: details(`Tab ${tab.rev}`),
        rev: tab.rev,
      })
      .catch((error: unknown) => console.error(`load: ${String(error)}`));
  }, interval);
  process.on("SIGTERM", () => process.exit(0));
}

if (values.load !== undefined) await runLoad(values.load);
else await measure();
