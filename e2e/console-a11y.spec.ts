import { test, expect } from "./fixtures.js";
import { heading } from "./flow.js";
import { seriousA11yViolations } from "./a11y.js";
import { tabTo } from "./keyboard.js";
import { providerIdOf, signInAsOwner } from "./console.js";

for (const width of [1280, 390]) {
  test(`every console page has no serious or critical axe violations at ${width} px`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height: 900 });
    await signInAsOwner(page);
    const mayaId = await providerIdOf(page, "Maya Chen");
    const pages: [string, string][] = [
      ["/console/agenda", "Agenda"],
      ["/console/agenda?provider=all&view=week", "Agenda"],
      [`/console/agenda?provider=${mayaId}`, "Agenda"],
      ["/console/services", "Services"],
      ["/console/providers", "Providers"],
      [`/console/providers/${mayaId}`, "Maya Chen"],
      ["/console/team", "Team"],
      ["/console/audit", "Audit trail"],
    ];
    for (const [url, title] of pages) {
      await page.goto(url);
      await expect(heading(page, title)).toBeVisible();
      await expect(page.locator("[aria-busy=true]")).toHaveCount(0);
      expect(await seriousA11yViolations(page), `${url} at ${width} px`).toEqual([]);
    }
  });
}

test("the owner can run the main console tasks with the keyboard alone", async ({ page }) => {
  await signInAsOwner(page);
  await page.goto("/console/agenda");
  await expect(heading(page, "Agenda")).toBeFocused();
  // Switch to the week view and move a week on.
  await tabTo(page, page.getByRole("button", { name: "Week", exact: true }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Week", exact: true })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await tabTo(page, page.getByRole("button", { name: "Next week" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/date=\d{4}-\d{2}-\d{2}/);

  // Create a service and archive it again, from the keyboard alone (offered by no one, it books nothing).
  const name = `Keyboard check ${Date.now().toString(36)}`;
  await page.goto("/console/services");
  await expect(heading(page, "Services")).toBeFocused();
  await tabTo(page, page.getByRole("button", { name: "New service" }));
  await page.keyboard.press("Enter");
  await tabTo(page, page.getByLabel("Name"));
  await page.keyboard.type(name);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Description")).toBeFocused();
  await page.keyboard.type("Made without a mouse.");
  await tabTo(page, page.getByRole("button", { name: "Create service" }));
  await page.keyboard.press("Enter");
  const row = page.getByRole("listitem", { name });
  await expect(row).toContainText("No provider offers it");
  await tabTo(page, row.getByRole("button", { name: `Archive ${name}` }));
  await page.keyboard.press("Enter");
  await expect(row).toContainText("Archived");
});
