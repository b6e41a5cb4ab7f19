import { test, expect } from "./fixtures.js";
import {
  chooseProvider,
  chooseService,
  confirmBooking,
  fillDetails,
  heading,
  heldTime,
  holdFirstFreeTime,
  toReview,
} from "./flow.js";

test("two tabs book two different appointments in parallel, each keeping its own step and data", async ({
  page: tabA,
  newTab,
}) => {
  const tabB = await newTab();
  await tabA.goto("/");
  await tabB.goto("/");

  await chooseService(tabA, "Follow-up session");
  await expect(heading(tabB, "Choose a service")).toBeVisible();
  await chooseService(tabB, "Sports massage");
  await expect(heading(tabA, "Who would you like to see?")).toBeVisible();

  await chooseProvider(tabA, "Maya Chen");
  await expect(heading(tabB, "Who would you like to see?")).toBeVisible();
  await chooseProvider(tabB, "Sam Ortiz");

  const timeA = await holdFirstFreeTime(tabA);
  await expect(heading(tabB, "Choose a date and time")).toBeVisible();
  const timeB = await holdFirstFreeTime(tabB);
  await expect(heldTime(tabA)).toContainText(timeA);
  await expect(heldTime(tabB)).toContainText(timeB);

  await fillDetails(tabA, { name: "Alice Tab", email: "alice@example.com" });
  await fillDetails(tabB, { name: "Bob Tab", email: "bob@example.com", notes: "Left knee" });
  await toReview(tabA);
  await expect(tabB.getByLabel("Full name")).toHaveValue("Bob Tab");
  await toReview(tabB);

  await expect(tabA.getByRole("definition").filter({ hasText: "Alice Tab" })).toBeVisible();
  await expect(tabA.getByText("Bob Tab")).toHaveCount(0);
  await expect(tabB.getByRole("definition").filter({ hasText: "Left knee" })).toBeVisible();
  await expect(tabB.getByText("Alice Tab")).toHaveCount(0);

  const refA = await confirmBooking(tabA);
  await expect(heading(tabB, "Review and confirm")).toBeVisible();
  const refB = await confirmBooking(tabB);
  expect(refA).not.toEqual(refB);
  await expect(tabA.getByText("Follow-up session with Maya Chen")).toBeVisible();
  await expect(tabA.getByText("alice@example.com")).toBeVisible();
  await expect(tabB.getByText("Sports massage with Sam Ortiz")).toBeVisible();
  await expect(tabB.getByText("bob@example.com")).toBeVisible();
});
