// Which Chromium the e2e tests drive: an explicit PLAYWRIGHT_CHROMIUM_EXECUTABLE,
// else Debian's /usr/bin/chromium when installed, else Playwright's own
// browser (undefined), the normal path on machines that can download it.
import { existsSync } from "node:fs";

export const DEBIAN_CHROMIUM = "/usr/bin/chromium";

export function findChromium(): string | undefined {
  const explicit = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  if (explicit && existsSync(explicit)) return explicit;
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  return undefined;
}

/** Flags for headless runs in containers and closed networks; harmless elsewhere. */
export const CHROMIUM_ARGS = [
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
];
