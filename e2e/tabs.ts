// Browser tab life that Playwright has no button for: closing a tab so it
// can be restored later (URL + sessionStorage), and restoring it.
import type { Page } from "@playwright/test";

export type ClosedTab = { url: string; storage: string };

export async function closeTab(page: Page): Promise<ClosedTab> {
  const closed = { url: page.url(), storage: await page.evaluate(() => JSON.stringify(sessionStorage)) };
  await page.close();
  return closed;
}

/** What "Reopen closed tab" does: the same URL, with the closed tab's sessionStorage before any app code runs. */
export async function reopenTab(fresh: Page, { url, storage }: ClosedTab): Promise<Page> {
  await fresh.addInitScript((entries: string) => {
    for (const [key, value] of Object.entries(JSON.parse(entries) as Record<string, string>)) {
      sessionStorage.setItem(key, value);
    }
  }, storage);
  await fresh.goto(url);
  return fresh;
}
