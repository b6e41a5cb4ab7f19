// A London viewer booking a Tokyo provider is told where and how the
// appointment happens, and sees the provider's clock next to their own.
import { test, expect } from "./fixtures.js";
import { seriousA11yViolations } from "./a11y.js";
import { chooseService, freeTimes, heading, openFreeDay } from "./flow.js";

test.use({ timezoneId: "Europe/London" });

test("services and providers say in person or online and where; a provider on another clock shows theirs", async ({
  page,
}) => {
  await page.goto("/");
  await expect(heading(page, "Choose a service")).toBeVisible();
  await expect(page.getByText(/30 min · .* · Online \(video call\)/)).toBeVisible();
  await expect(page.getByText(/1 h · .* · In person/)).toBeVisible();
  await chooseService(page, "Follow-up session");

  const aiko = page.getByRole("radio", { name: "Aiko Tanaka" });
  await expect(aiko).toHaveAccessibleDescription(/Online \(video call\) · from Shibuya, Tokyo/);
  await expect(aiko).toHaveAccessibleDescription(/Local time in Tokyo: \d+:\d\d [AP]M, 9 h ahead of you/);
  // Maya works in London: no clock of her own to show.
  const maya = page.getByRole("radio", { name: "Maya Chen" });
  await expect(maya).toHaveAccessibleDescription(/Online \(video call\) · from Marylebone, London$/);
  expect(await seriousA11yViolations(page)).toEqual([]);

  await aiko.check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(heading(page, "Choose a date and time")).toBeVisible();
  await expect(page.getByText("Aiko Tanaka works in Tokyo, 9 h ahead of you.")).toBeVisible();
  await openFreeDay(page);
  const text = (await freeTimes(page).first().textContent())!.replace(/\s+/g, " ");
  const [, mine, theirs] = /^(\d+:\d\d [AP]M), (\d+:\d\d [AP]M) in Tokyo$/.exec(text)!;
  expect((hoursOf(theirs) - hoursOf(mine) + 24) % 24).toBe(9);
  expect(await seriousA11yViolations(page)).toEqual([]);
});

/** Hours since midnight of "9:30 AM", wrapping a next-day time past midnight. */
function hoursOf(label: string): number {
  const [, h, m, ampm] = /(\d+):(\d\d) ([AP]M)/.exec(label)!;
  return (Number(h) % 12) + (ampm === "PM" ? 12 : 0) + Number(m) / 60;
}
