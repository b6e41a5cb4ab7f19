// `npm run bench`: measures tabbook's claims against the local backend and
// a production build in Chromium, prints a table and writes
// bench/results.json. Not part of `npm test`: it takes minutes and its
// figures depend on the machine. `npm run bench -- --help` for options.
import { execSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "../e2e/browser.js";
import { REPO_ROOT } from "../local-backend/test/helpers.js";
import { startAppBackend } from "./lib/backend.js";
import { startMailCatcher } from "../local-backend/mailCatcher.js";
import { APP_DIR, buildApp, buildBaseline, initialJsGzipKb, serveStatic } from "./lib/builds.js";
import { measureRestore } from "./restore.js";
import { measureLostChars } from "./lostChars.js";
import { measureAutosave } from "./autosave.js";
import { measureHeartbeatReruns } from "./heartbeatReruns.js";
import { measureAvailabilityReads } from "./availabilityReads.js";
import { measureLoad, type LoadResult } from "./load.js";
import { measureDurability } from "./durability.js";
import { measureStalls } from "./stalls.js";
import { printReport, verdicts } from "./report.js";
import { measureAuthTiming } from "./authTiming.js";

const PARTS = ["browser", "heartbeat", "availability", "load", "durability", "auth", "stalls"] as const;

const { values } = parseArgs({
  options: {
    only: { type: "string", multiple: true },
    reloads: { type: "string", default: "40" },
    "lost-rounds": { type: "string", default: "3" },
    tabs: { type: "string", default: "20" },
    "beat-seconds": { type: "string", default: "15" },
    loads: { type: "string", default: "50,200,500" },
    "load-seconds": { type: "string", default: "20" },
    "restart-docs": { type: "string", default: "0,100000,1000000" },
    out: { type: "string", default: path.join(REPO_ROOT, "bench", "results.json") },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log(`Usage: npm run bench -- [--only ${PARTS.join("|")} …] [--reloads 30] [--lost-rounds 3]
                 [--tabs 20] [--beat-seconds 15] [--loads 50,200,500] [--load-seconds 20]
                 [--restart-docs 0,100000,1000000] [--out FILE]`);
  process.exit(0);
}
const parts = new Set(values.only ?? PARTS);
const int = (name: keyof typeof values) => Number(values[name]);

const results: Record<string, unknown> = {
  machine: {
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model ?? "unknown",
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  },
  commit: execSync("git rev-parse --short HEAD", { cwd: REPO_ROOT }).toString().trim(),
  measured_at: new Date().toISOString(),
  /** 1-, 5- and 15-minute load averages when the run started (other work on the machine skews timings). */
  load_average_at_start: os.loadavg().map((load) => Math.round(load * 100) / 100),
};

if (parts.has("browser")) {
  console.log("Building the app and the baseline page, starting a backend and Chromium…");
  const catcher = await startMailCatcher(); // the signed-in tab's sign-up code arrives by email
  const app = await serveStatic(APP_DIR, catcher.httpUrl); // files read per request: built below
  const backend = await startAppBackend({
    SMTP_URL: `smtp://127.0.0.1:${catcher.smtpPort}`,
    APP_URL: app.url,
  });
  const appDir = await buildApp(backend);
  const baseline = await serveStatic(await buildBaseline());
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  try {
    const bundle = initialJsGzipKb(appDir);
    results.bundle_gzip_kb = bundle.kb;
    console.log(`  bundle: ${bundle.kb} kB gzipped (${bundle.files.join(", ")})`);
    console.log(`Restore: ${int("reloads")} reloads each of the app and the baseline…`);
    const restore = await measureRestore(
      browser,
      { app: app.url, baseline: baseline.url },
      { reloads: int("reloads") },
    );
    results.restore_ms = restore.guest;
    results.restore_signed_in_ms = restore.signedIn;
    console.log("Lost characters on reload…");
    results.lost_chars_on_reload = await measureLostChars(browser, app.url, { rounds: int("lost-rounds") });
    console.log("Autosave writes per 100 keystrokes…");
    const autosave = await measureAutosave(browser, app.url, backend);
    results.autosave_writes_per_100_keystrokes = autosave["200ms_per_key"];
    results.autosave_writes_by_pace = autosave;
  } finally {
    await browser.close();
    await app.close();
    await baseline.close();
    await backend.stop();
    await catcher.close();
  }
}

if (parts.has("heartbeat")) {
  console.log(
    `Heartbeat re-runs: ${int("tabs")} tabs beating for ${int("beat-seconds")} s, app and session-document variant…`,
  );
  const figures = await measureHeartbeatReruns({ tabs: int("tabs"), seconds: int("beat-seconds") });
  results.heartbeat_rerun_draft_queries = figures.heartbeat_rerun_draft_queries;
  results.session_doc_rerun_queries = figures.session_doc_rerun_queries;
  results.heartbeat_reruns_detail = figures;
}

if (parts.has("availability")) {
  console.log("Availability reads with 10, 100 and 1000 bookings…");
  results.availability_docs_read = await measureAvailabilityReads();
}

if (parts.has("load")) {
  const load: Record<string, LoadResult> = {};
  for (const n of values.loads.split(",").map(Number)) {
    console.log(`Load: ${n} tabs for ${int("load-seconds")} s…`);
    load[n] = await measureLoad(n, int("load-seconds"));
  }
  results.load = load;
}

if (parts.has("auth")) {
  console.log("Failed sign-in time, known and unknown emails…");
  results.auth_failed_sign_in_ms = await measureAuthTiming();
}

if (parts.has("durability")) {
  console.log("Durability: the tab load on the durable and the in-memory engine, then restarts…");
  results.durability = await measureDurability({
    loads: values.loads
      .split(",")
      .map(Number)
      .filter((n) => n > 0),
    seconds: int("load-seconds"),
    restartDocs: values["restart-docs"].split(",").map(Number),
  });
}

if (parts.has("stalls")) {
  console.log(
    "Stalls: a bystander's query during a 300-query batch and 40 sign-ups; RSS with a stalled reader…",
  );
  results.stalls = await measureStalls();
}

results.load_average_at_end = os.loadavg().map((load) => Math.round(load * 100) / 100);
writeFileSync(values.out, JSON.stringify(results, null, 2) + "\n");
printReport(results);
console.log(`\nWrote ${path.relative(process.cwd(), values.out)}`);
process.exit(verdicts(results).some((v) => v.hard && !v.ok) ? 1 : 0);
