// restore_ms and restore_signed_in_ms: navigation start of a reload until the
// details form shows the saved values, for a guest tab and a signed-in tab of
// the app (from the server) and for the localStorage baseline, reloaded in
// turn so all three see the same machine load. Each app reload also records
// the app's own performance marks (tabbook:*), so a missed goal shows where
// the time went.
import type { Browser, Page } from "@playwright/test";
import { RESTORED, appTabAtDetails, baselineTab } from "./lib/appPage.js";
import { shownAt } from "./lib/formProbe.js";
import { percentile, round } from "./lib/stats.js";
import { newEmail, signUp } from "../e2e/account.js";

export type RestoreResult = {
  p50: number;
  p95: number;
  baseline_p50: number;
  baseline_p95: number;
  ratio_p95: number;
  reloads: number;
  /** Median time from navigation start of each mark the app set, and of the form showing. */
  timeline_p50_ms: Record<string, number>;
};

type Reload = { shown: number; marks: Record<string, number> };

async function reloadAndTime(page: Page): Promise<Reload> {
  await page.reload();
  const shown = await shownAt(page, RESTORED);
  const marks = await page.evaluate(() => {
    const first: Record<string, number> = {};
    for (const mark of performance.getEntriesByType("mark")) {
      const name = mark.name.replace(/^tabbook:/, "");
      if (name !== mark.name && !(name in first)) first[name] = mark.startTime;
    }
    return first;
  });
  return { shown, marks };
}

function summarise(app: Reload[], baseline: number[]): RestoreResult {
  const times = app.map((reload) => reload.shown);
  const p95 = percentile(times, 95);
  const baselineP95 = percentile(baseline, 95);
  const names = [...new Set(app.flatMap((reload) => Object.keys(reload.marks)))];
  const timeline = Object.fromEntries(
    names.map((name) => [
      name,
      round(
        percentile(
          app.flatMap((reload) => reload.marks[name] ?? []),
          50,
        ),
      ),
    ]),
  );
  return {
    p50: round(percentile(times, 50)),
    p95: round(p95),
    baseline_p50: round(percentile(baseline, 50)),
    baseline_p95: round(baselineP95),
    ratio_p95: round(p95 / baselineP95, 2),
    reloads: times.length,
    timeline_p50_ms: { ...timeline, form_shown: round(percentile(times, 50)) },
  };
}

export async function measureRestore(
  browser: Browser,
  urls: { app: string; baseline: string },
  { reloads, warmups = 3 }: { reloads: number; warmups?: number },
): Promise<{ guest: RestoreResult; signedIn: RestoreResult }> {
  const guest = await appTabAtDetails(browser, urls.app, "Maya Chen");
  const member = await appTabAtDetails(browser, urls.app, "Sam Ortiz");
  await signUp(member, newEmail("restore"));
  const baseline = await baselineTab(browser, urls.baseline);
  const guestReloads: Reload[] = [];
  const memberReloads: Reload[] = [];
  const baselineTimes: number[] = [];
  for (let i = 0; i < warmups + reloads; i++) {
    const g = await reloadAndTime(guest);
    const m = await reloadAndTime(member);
    await baseline.reload();
    const b = await shownAt(baseline, RESTORED);
    if (i < warmups) continue;
    guestReloads.push(g);
    memberReloads.push(m);
    baselineTimes.push(b);
  }
  for (const page of [guest, member, baseline]) await page.context().close();
  return { guest: summarise(guestReloads, baselineTimes), signedIn: summarise(memberReloads, baselineTimes) };
}
