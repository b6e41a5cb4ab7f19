// A tab of the built app at the details step, holding a time, with every
// field filled in and saved to the server: the state a reload must restore.
import { expect, type Browser, type Page } from "@playwright/test";
import type { DetailsDraft } from "../../convex/forms/detailsForm";
import { fillDetails, holdFirstFreeTime, startBooking } from "../../e2e/flow.js";
import { FORM_PROBE } from "./formProbe.js";

export const RESTORED: DetailsDraft = {
  name: "Ada Restore",
  email: "ada.restore@example.com",
  phone: "+44 20 7946 0000",
  notes: "Left knee, since March.",
};

export async function appTabAtDetails(browser: Browser, baseURL: string, provider: string): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.addInitScript(FORM_PROBE);
  await startBooking(page, { service: "Initial assessment", provider });
  await holdFirstFreeTime(page);
  await fillDetails(page, RESTORED);
  await page.getByLabel("Full name").focus(); // blur the last field: saves at once
  await expect(page.getByText("All changes saved.")).toBeVisible();
  return page;
}

/** The baseline page (bench/baseline) with the same values in its localStorage. */
export async function baselineTab(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.addInitScript(FORM_PROBE);
  await page.goto("/");
  await fillDetails(page, RESTORED);
  return page;
}
