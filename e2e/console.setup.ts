// Runs before the specs: makes sure the e2e deployment has its owner. The
// first run signs the owner account up and uses the one-use owner invite
// that `npm run dev` printed (and wrote to the data directory); later runs
// find the account and its role already there.
import { test as setup } from "@playwright/test";
import { ensureOwner, ownerInviteLink } from "./console.js";

setup("the e2e deployment has an owner", async ({ page }) => {
  await ensureOwner(page, ownerInviteLink);
});
