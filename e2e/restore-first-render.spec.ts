// A reload right after typing, for a guest and for a signed-in tab: the form's
// very first render already holds every character, even though the last ones
// reached the server by page-hide beacon while the new page was starting (it
// asks for the draft from index.html, before the app's code has loaded).
import { test, expect } from "./fixtures.js";
import { fillDetails, holdFirstFreeTime, startBooking } from "./flow.js";
import { newEmail, signUp } from "./account.js";

/** Records the notes field's value when it first appears after each load. */
const FIRST_NOTES = `(() => {
  const observer = new MutationObserver(() => {
    const notes = document.getElementById("notes");
    if (notes === null) return;
    window.__firstNotes = notes.value;
    observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true });
})()`;

for (const who of ["guest", "signed-in"] as const) {
  test(`a ${who} tab reloaded right after typing shows every character from the first render`, async ({
    page,
  }) => {
    await page.addInitScript(FIRST_NOTES);
    await page.goto("/");
    if (who === "signed-in") await signUp(page, newEmail("first-render"));
    await startBooking(page, { service: "Initial assessment", provider: "Maya Chen" });
    await holdFirstFreeTime(page);
    await fillDetails(page, { name: "Fay Render", email: "fay@example.com" });
    await expect(page.getByText("All changes saved.")).toBeVisible();

    const notes = page.getByLabel("Anything we should know? (optional)");
    await notes.focus();
    const typed = "Typed just before the reload";
    await page.keyboard.type(typed);
    await page.reload();
    await expect(notes).toHaveValue(typed);
    expect(await page.evaluate(() => (window as unknown as { __firstNotes?: string }).__firstNotes)).toBe(
      typed,
    );
  });
}
