// restore_ms: navigation start of a reload until the details form shows the
// saved values, for the app (from the server) and for the localStorage
// baseline, reloaded alternately so both see the same machine load.
import type { Browser } from "@playwright/test";
import { RESTORED, appTabAtDetails, baselineTab } from "./lib/appPage.js";
import { shownAt } from "./lib/formProbe.js";
import { percentile, round } from "./lib/stats.js";

export type RestoreResult = {
  p50: number;
  p95: number;
  baseline_p50: number;
  baseline_p95: number;
  ratio_p95: number;
  reloads: number;
};

export async function measureRestore(
  browser: Browser,
  urls: { app: string; baseline: string },
  { reloads, warmups = 3 }: { reloads: number; warmups?: number },
): Promise<RestoreResult> {
  const app = await appTabAtDetails(browser, urls.app, "Maya Chen");
  const baseline = await baselineTab(browser, urls.baseline);
  const appTimes: number[] = [];
  const baselineTimes: number[] = [];
  for (let i = 0; i < warmups + reloads; i++) {
    for (const [page, times] of [
      [app, appTimes],
      [baseline, baselineTimes],
    ] as const) {
      await page.reload();
      const at = await shownAt(page, RESTORED);
      if (i >= warmups) times.push(at);
    }
  }
  await app.context().close();
  await baseline.context().close();
  const p95 = percentile(appTimes, 95);
  const baselineP95 = percentile(baselineTimes, 95);
  return {
    p50: round(percentile(appTimes, 50)),
    p95: round(p95),
    baseline_p50: round(percentile(baselineTimes, 50)),
    baseline_p95: round(baselineP95),
    ratio_p95: round(p95 / baselineP95, 2),
    reloads,
  };
}
