// lost_chars_on_reload: type into the notes field, wait 0–500 ms, reload,
// and count the typed characters the restored form lacks, both when the form
// first appears and once late saves (the page-hide beacon) have landed.
import type { Browser } from "@playwright/test";
import { appTabAtDetails, RESTORED } from "./lib/appPage.js";
import { timeline } from "./lib/formProbe.js";
import { LIMITS } from "../convex/shared/constants.js";

const DELAYS_MS = [0, 10, 25, 50, 100, 150, 200, 300, 400, 500];

export type LostCharsResult = {
  lost_chars: number;
  lost_chars_at_first_render: number;
  trials: number;
  typed_chars: number;
  delays_ms: number[];
};

function missing(typed: string, shown: string): number {
  let common = 0;
  while (common < typed.length && typed[common] === shown[common]) common++;
  return typed.length - common;
}

export async function measureLostChars(
  browser: Browser,
  appUrl: string,
  { rounds }: { rounds: number },
): Promise<LostCharsResult> {
  const page = await appTabAtDetails(browser, appUrl, "Sam Ortiz");
  const notes = page.getByLabel("Anything we should know? (optional)");
  let lost = 0;
  let lostAtFirst = 0;
  let typedChars = 0;
  let trials = 0;
  for (let round = 0; round < rounds; round++) {
    for (const delay of DELAYS_MS) {
      const added = ` r${round}d${delay}${"abcdefghij".slice(0, 6 + (trials % 5))}`;
      const expected = (await notes.inputValue()) + added;
      await notes.focus();
      await notes.press("End");
      await page.keyboard.type(added, { delay: 15 });
      // The person's pause before reloading: the variable under test, not synchronisation.
      if (delay > 0) await page.waitForTimeout(delay);
      await page.reload();
      await notes.waitFor();
      const first = (await timeline(page))[0]?.values.notes ?? ""; // as the form first appeared
      // A late beacon is taken in after the first render; give it up to 3 s to arrive.
      await page
        .waitForFunction(
          (want) => (document.getElementById("notes") as HTMLTextAreaElement | null)?.value === want,
          expected,
          {
            timeout: 3000,
          },
        )
        .catch(() => undefined);
      const final = await notes.inputValue();
      lost += missing(added, final.slice(expected.length - added.length));
      lostAtFirst += missing(added, first.slice(expected.length - added.length));
      typedChars += added.length;
      trials++;
      if (final.length > LIMITS.notes - 100) await notes.fill(RESTORED.notes);
    }
  }
  await page.context().close();
  return {
    lost_chars: lost,
    lost_chars_at_first_render: lostAtFirst,
    trials,
    typed_chars: typedChars,
    delays_ms: DELAYS_MS,
  };
}
