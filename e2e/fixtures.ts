// Every e2e test fails on a browser console error or an uncaught page error,
// in its main page and in any extra tab it opens with `newTab`.
import { test as base, expect, type Page } from "@playwright/test";

type Fixtures = {
  consoleErrors: string[];
  /**
   * Declares one console error the test provokes on purpose (the Convex
   * client logs every failed call, e.g. a refused password). It must occur.
   */
  expectConsoleError: (pattern: RegExp) => void;
  newTab: () => Promise<Page>;
  /** Watches a tab the app opened itself (window.open) for errors too. */
  watchTab: (page: Page) => void;
};

function watchErrors(page: Page, errors: string[]): void {
  page.on("console", (message) => {
    if (message.type() === "error")
      errors.push(`console.error: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their first argument
  consoleErrors: async ({}, use) => {
    const errors: string[] = [];
    await use(errors);
    expect(errors, "browser console errors").toEqual([]);
  },
  expectConsoleError: async ({ consoleErrors }, use) => {
    const expected: RegExp[] = [];
    await use((pattern) => expected.push(pattern));
    for (const pattern of expected) {
      const index = consoleErrors.findIndex((error) => pattern.test(error));
      expect(index, `expected a console error matching ${pattern}`).toBeGreaterThanOrEqual(0);
      consoleErrors.splice(index, 1);
    }
  },
  page: async ({ page, consoleErrors }, use) => {
    watchErrors(page, consoleErrors);
    await use(page);
  },
  newTab: async ({ context, consoleErrors }, use) => {
    await use(async () => {
      const page = await context.newPage();
      watchErrors(page, consoleErrors);
      return page;
    });
  },
  watchTab: async ({ consoleErrors }, use) => {
    await use((page) => watchErrors(page, consoleErrors));
  },
});

export { expect };
