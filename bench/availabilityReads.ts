// availability_docs_read: documents the day view's availability query reads
// with 10, 100 and 1000 bookings in the table, four of them on the day
// viewed and the rest on other days. Bookings are inserted by a bench-only
// module in a temporary copy of convex/ (the public API cannot backdate).
import { cpSync, rmSync } from "node:fs";
import path from "node:path";
import { api } from "../convex/_generated/api.js";
import { REPO_ROOT, count, startBackend } from "../local-backend/test/helpers.js";
import { ClientPool } from "./lib/backend.js";
import { dayArgs, demoClinic } from "./lib/appTabs.js";

const BOOKING_COUNTS = [10, 100, 1000];

/** A Wednesday one to two weeks ahead: a working day for the demo providers, inside their booking windows. */
function dayViewed(): string {
  const date = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000);
  while (date.getUTCDay() !== 3) date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

export async function measureAvailabilityReads(): Promise<Record<string, number>> {
  // Inside the repo, so the copy resolves `convex` and friends from node_modules.
  const functionsDir = path.join(REPO_ROOT, "bench", ".out", "availability", "convex");
  rmSync(functionsDir, { recursive: true, force: true });
  cpSync(path.join(REPO_ROOT, "convex"), functionsDir, {
    recursive: true,
    filter: (source) => !source.endsWith(".test.ts"),
  });
  cpSync(
    path.join(REPO_ROOT, "bench", "availabilitySeed", "benchSeed.ts"),
    path.join(functionsDir, "benchSeed.ts"),
  );
  const result: Record<string, number> = {};
  const day = dayViewed();
  const pool = new ClientPool();
  try {
    for (const bookings of BOOKING_COUNTS) {
      const backend = await startBackend({
        functionsDir,
        extraArgs: [
          ...["BENCH_BOOKINGS=" + bookings, "BENCH_DAY=" + day, "BENCH_PROVIDER=maya-chen"].flatMap(
            (pair) => ["--env", pair],
          ),
          ...["seed:ensureDemoData", "benchSeed:insertBookings"].flatMap((fn) => ["--run", fn]),
        ],
      });
      try {
        const client = pool.ws(backend);
        const clinic = await demoClinic(client);
        const before = count((await backend.metrics()).docsRead, "availability:day");
        await client.query(api.availability.day, dayArgs(clinic, day));
        result[String(bookings)] = count((await backend.metrics()).docsRead, "availability:day") - before;
      } finally {
        await pool.closeAll();
        await backend.stop();
      }
    }
  } finally {
    rmSync(functionsDir, { recursive: true, force: true });
  }
  return result;
}
