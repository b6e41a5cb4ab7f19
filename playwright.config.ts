import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "./e2e/browser.js";

// Two app servers: the normal one, and one whose deployment holds a time for
// only a few seconds (TABBOOK_HOLD_SECONDS), for the specs about lapsed holds.
const MAIN = { port: 5199, backend: 3299, site: 3298 };
const SHORT_HOLDS = { port: 5197, backend: 3297, site: 3296, holdSeconds: 5 };
const url = (port: number) => `http://127.0.0.1:${port}`;
const SHORT_HOLD_SPECS = /short-holds?\/.*\.spec\.ts$/;

const chromium = {
  ...devices["Desktop Chrome"],
  launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: "list",
  use: { trace: "retain-on-failure" },
  projects: [
    { name: "chromium", testIgnore: SHORT_HOLD_SPECS, use: { ...chromium, baseURL: url(MAIN.port) } },
    {
      name: "chromium-short-holds",
      testMatch: SHORT_HOLD_SPECS,
      use: { ...chromium, baseURL: url(SHORT_HOLDS.port) },
    },
  ],
  webServer: [
    {
      command: `npm run dev -- --port ${MAIN.port} --backend-port ${MAIN.backend} --site-port ${MAIN.site} --data-dir .local-backend/e2e`,
      url: url(MAIN.port),
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
      stdout: "pipe",
    },
    {
      command: `npm run dev -- --port ${SHORT_HOLDS.port} --backend-port ${SHORT_HOLDS.backend} --site-port ${SHORT_HOLDS.site} --data-dir .local-backend/e2e-short-holds --env TABBOOK_HOLD_SECONDS=${SHORT_HOLDS.holdSeconds}`,
      url: url(SHORT_HOLDS.port),
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
      stdout: "pipe",
    },
  ],
});
