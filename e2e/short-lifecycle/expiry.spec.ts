import { test, expect } from "../fixtures.js";
import { chooseService, heading } from "../flow.js";

// This server's drafts live TABBOOK_DRAFT_TTL_SECONDS = 12 s after their last change.
const EXPIRED = "Your booking session expired";

test("a draft left alone past its lifetime is deleted, and the tab says so once and starts over", async ({
  page,
}) => {
  await page.goto("/");
  await chooseService(page, "Initial assessment");

  await expect(page.getByText(EXPIRED)).toHaveCount(1, { timeout: 30_000 });
  await expect(heading(page, "Choose a service")).toBeVisible();
  await expect(page.getByRole("radio", { checked: true })).toHaveCount(0);

  await page.reload();
  await expect(heading(page, "Choose a service")).toBeVisible();
  await expect(page.getByText(EXPIRED)).toHaveCount(0);
});
