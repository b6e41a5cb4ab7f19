import { test, expect } from "./fixtures.js";

test("a reopened tab (its sessionStorage restored) resumes its draft; a new tab starts empty", async ({
  page,
  newTab,
}) => {
  await page.goto("/");
  await page.getByLabel("Note for this tab").fill("resume me");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved on the server: “resume me”")).toBeVisible();
  const saved = await page.evaluate(() => JSON.stringify(sessionStorage));
  await page.close();

  // The browser restores a closed tab's sessionStorage before the app runs.
  const reopened = await newTab();
  await reopened.addInitScript((entries: string) => {
    for (const [key, value] of Object.entries(JSON.parse(entries) as Record<string, string>)) {
      sessionStorage.setItem(key, value);
    }
  }, saved);
  await reopened.goto("/");
  await expect(reopened.getByText("Saved on the server: “resume me”")).toBeVisible();
  await expect(reopened.getByLabel("Note for this tab")).toHaveValue("resume me");

  const fresh = await newTab();
  await fresh.goto("/");
  await expect(fresh.getByText("Nothing saved in this tab yet.")).toBeVisible();
});
