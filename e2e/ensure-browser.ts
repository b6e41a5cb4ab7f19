// Runs before the e2e tests: makes sure a Chromium exists, installing one if
// it can, and says what it does. Order: an existing browser; Playwright's
// installer when its download host answers; Debian's chromium via apt-get
// when running as root; otherwise a clear message on how to get one.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";
import { findChromium } from "./browser.js";

const say = (line: string) => console.log(`[e2e browser] ${line}`);

function playwrightChromium(): string | undefined {
  try {
    const path = chromium.executablePath();
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

async function downloadHostReachable(): Promise<boolean> {
  try {
    const response = await fetch("https://cdn.playwright.dev/", {
      method: "HEAD",
      signal: AbortSignal.timeout(4000),
    });
    return response.status < 500;
  } catch {
    return false;
  }
}

function run(command: string, args: string[]): boolean {
  say(`running: ${command} ${args.join(" ")}`);
  return spawnSync(command, args, { stdio: "inherit" }).status === 0;
}

function hasCommand(name: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<number> {
  const found = findChromium() ?? playwrightChromium();
  if (found) {
    say(`using ${found}`);
    return 0;
  }
  say("no Chromium found (PLAYWRIGHT_CHROMIUM_EXECUTABLE, /usr/bin/chromium, Playwright's own).");
  if (await downloadHostReachable()) {
    say("Playwright's download host is reachable: installing its Chromium.");
    if (run("npx", ["playwright", "install", "chromium"]) && playwrightChromium()) return 0;
    say("Playwright's installer did not succeed.");
  } else {
    say("Playwright's download host is not reachable.");
  }
  if (process.getuid?.() === 0 && hasCommand("apt-get")) {
    say("running as root with apt-get: installing Debian's chromium.");
    if (run("apt-get", ["update"]) && run("apt-get", ["install", "-y", "chromium"]) && findChromium())
      return 0;
    say("apt-get could not install chromium.");
  }
  console.error(
    "[e2e browser] No browser for the end-to-end tests. Install one of:\n" +
      "  npx playwright install chromium        (needs access to Playwright's download host)\n" +
      "  sudo apt-get install chromium          (Debian/Ubuntu; gives /usr/bin/chromium)\n" +
      "or point PLAYWRIGHT_CHROMIUM_EXECUTABLE at a Chromium binary.",
  );
  return 1;
}

process.exitCode = await main();
