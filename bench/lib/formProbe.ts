// Watches the details form from the first instant of each page load and
// records every change of its four values with performance.now(), which
// counts from the navigation's start. The script is a string: it runs in
// the page, and tsx's helpers would not exist there.
import type { Page } from "@playwright/test";
import type { DetailsDraft } from "../../convex/forms/detailsForm";

const FIELD_IDS = ["name", "email", "phone", "notes"] as const;

export const FORM_PROBE = `(() => {
  const ids = ${JSON.stringify(FIELD_IDS)};
  const timeline = (window.__formTimeline = []);
  let last = "";
  const check = () => {
    const inputs = ids.map((id) => document.getElementById(id));
    if (inputs.some((input) => input === null)) return;
    const values = Object.fromEntries(ids.map((id, i) => [id, inputs[i].value]));
    const key = JSON.stringify(values);
    if (key !== last) timeline.push({ at: performance.now(), values }), (last = key);
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
  const started = performance.now();
  const tick = () => { check(); if (performance.now() - started < 10000) setTimeout(tick, 1); };
  tick();
})()`;

export type Snapshot = { at: number; values: DetailsDraft };

export const timeline = (page: Page): Promise<Snapshot[]> =>
  page.evaluate(() => (window as unknown as { __formTimeline: Snapshot[] }).__formTimeline);

/** Waits until the form has shown `expected` since the last load; returns when it first did (ms from navigation start). */
export async function shownAt(page: Page, expected: DetailsDraft, timeoutMs = 10_000): Promise<number> {
  const handle = await page.waitForFunction(
    (want) => {
      const entries = (window as unknown as { __formTimeline?: Snapshot[] }).__formTimeline ?? [];
      const hit = entries.find((entry) =>
        Object.keys(want).every((id) => entry.values[id as "name"] === want[id as "name"]),
      );
      return hit?.at ?? false;
    },
    expected,
    { timeout: timeoutMs, polling: 20 },
  );
  return (await handle.jsonValue()) as number;
}
