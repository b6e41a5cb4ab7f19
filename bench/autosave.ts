// autosave_writes_per_100_keystrokes: type 100 characters into the notes
// field at a steady pace and count the draft saves the backend executed.
import { expect, type Browser, type Page } from "@playwright/test";
import { ConvexHttpClient } from "convex/browser";
import { api } from "../convex/_generated/api.js";
import type { Backend } from "./lib/backend.js";
import { appTabAtDetails } from "./lib/appPage.js";
import { sessionIdOf } from "../e2e/account.js";
import type { SessionId } from "convex-helpers/server/sessions";

const PACES_MS = [200, 100, 50];

async function saves(backend: Backend): Promise<number> {
  const { executions } = await backend.metrics();
  return (executions["drafts:saveDetails"] ?? 0) + (executions["drafts:saveDetailsFromBeacon"] ?? 0);
}

/** The notes the server holds for the tab, read with the tab's own session ID. */
async function savedNotes(page: Page, client: ConvexHttpClient): Promise<string | undefined> {
  const sessionId = (await sessionIdOf(page)) as SessionId;
  const draft = await client.query(api.drafts.get, { sessionId });
  return draft?.details.notes;
}

/** Saves per 100 keystrokes at each pace (ms between keys), the last one included. */
export async function measureAutosave(
  browser: Browser,
  appUrl: string,
  backend: Backend,
): Promise<Record<string, number>> {
  const page = await appTabAtDetails(browser, appUrl, "Any available");
  const notes = page.getByLabel("Anything we should know? (optional)");
  const client = new ConvexHttpClient(backend.url, { logger: false });
  const result: Record<string, number> = {};
  for (const pace of PACES_MS) {
    await notes.fill("");
    await page.getByLabel("Full name").focus();
    await expect.poll(() => savedNotes(page, client)).toBe("");
    await notes.focus();
    const before = await saves(backend);
    await page.keyboard.type("x".repeat(100), { delay: pace });
    // The trailing save lands 400 ms after the last key, without a blur.
    await expect.poll(() => savedNotes(page, client), { timeout: 10_000 }).toBe("x".repeat(100));
    result[`${pace}ms_per_key`] = (await saves(backend)) - before;
  }
  await page.context().close();
  return result;
}
