import { test, expect } from "./fixtures.js";
import {
  confirmBooking,
  fillDetails,
  heading,
  holdFirstTimeShown,
  openFreeDay,
  startBooking,
  toReview,
} from "./flow.js";
import { signInAsOwner } from "./console.js";

test("a service created in the console can be booked end to end, and archiving takes it out of the flow", async ({
  page: customer,
  browser,
  watchTab,
}) => {
  const name = `Dry needling ${Date.now().toString(36)}`;
  const owner = await (await browser.newContext()).newPage();
  watchTab(owner);
  await signInAsOwner(owner);
  await owner.goto("/console/services");
  await owner.getByRole("button", { name: "New service" }).click();
  await owner.getByLabel("Name").fill(name);
  await owner.getByLabel("Description").fill("Short sessions for trigger points.");
  await owner.getByLabel("Duration (minutes)").fill("20");
  await owner.getByLabel("Price").fill("25.50");
  await owner.getByRole("checkbox", { name: "Sam Ortiz" }).check();
  await owner.getByRole("button", { name: "Create service" }).click();
  const row = owner.getByRole("listitem", { name });
  await expect(row).toContainText("20 min");
  await expect(row).toContainText("With Sam Ortiz");

  await startBooking(customer, { service: name, provider: "Sam Ortiz" });
  await openFreeDay(customer, 6);
  await holdFirstTimeShown(customer);
  await fillDetails(customer, { name: "Nell Needle", email: "nell@example.com" });
  await toReview(customer);
  await expect(customer.getByText(name)).toBeVisible();
  await confirmBooking(customer);

  await row.getByRole("button", { name: `Archive ${name}` }).click();
  await expect(row).toContainText("Archived");
  await customer.goto("/book/service");
  await expect(heading(customer, "Choose a service")).toBeVisible();
  await expect(customer.getByRole("radio", { name: "Follow-up session" })).toBeVisible();
  await expect(customer.getByRole("radio", { name })).toHaveCount(0);
});
