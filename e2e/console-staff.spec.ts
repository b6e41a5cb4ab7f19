import { test, expect } from "./fixtures.js";
import { heading } from "./flow.js";
import { newEmail } from "./account.js";
import { joinTeam, providerIdOf, signInAs, signInAsOwner } from "./console.js";

test("a staff member sees only their own provider, and a direct URL to another provider's agenda is refused", async ({
  page: staff,
  browser,
  watchTab,
  expectConsoleError,
}) => {
  const owner = await (await browser.newContext()).newPage();
  watchTab(owner);
  await signInAsOwner(owner);
  const mayaId = await providerIdOf(owner, "Maya Chen");
  await owner.goto("/console/team");
  await owner.getByLabel("Provider").selectOption({ label: "Sam Ortiz" });
  await owner.getByRole("button", { name: "Create invite link" }).click();
  const link = await owner.getByLabel(/Invite link/).inputValue();
  expect(link).toMatch(/\/join\/[\w-]{43}$/);

  await signInAs(staff, newEmail("staff"), "staff e2e password", true);
  await joinTeam(staff, link);
  // Sam's agenda only: no calendar picker, no owner pages in the menu.
  await expect(staff.getByText("Times in Sam Ortiz's zone")).toBeVisible();
  await expect(staff.getByLabel("Calendar")).toHaveCount(0);
  const menu = staff.getByRole("navigation", { name: "Console" });
  await expect(menu.getByRole("link")).toHaveText(["Agenda", "Hours and time off"]);
  await menu.getByRole("link", { name: "Hours and time off" }).click();
  await expect(heading(staff, "Sam Ortiz")).toBeVisible();

  for (const url of [
    `/console/agenda?provider=${mayaId}`,
    "/console/agenda?provider=all",
    `/console/providers/${mayaId}`,
    "/console/services",
    "/console/audit",
  ]) {
    await staff.goto(url);
    await expect(heading(staff, "Not available"), url).toBeVisible();
    await expect(staff.getByText("Maya Chen")).toHaveCount(0);
  }
  await staff.getByRole("link", { name: "Go to your agenda" }).click();
  await expect(staff.getByText("Times in Sam Ortiz's zone")).toBeVisible();

  // The invite was used once: a second account cannot join with it.
  const other = await (await browser.newContext()).newPage();
  watchTab(other);
  await signInAs(other, newEmail("late"), "late e2e password", true);
  await other.goto(link);
  expectConsoleError(/INVITE_INVALID/);
  await other.getByRole("button", { name: "Join the team" }).click();
  await expect(other.getByRole("alert")).toHaveText(
    "This invite link is not valid any more. Ask the owner for a new one.",
  );
});
