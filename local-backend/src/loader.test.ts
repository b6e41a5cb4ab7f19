// Which files of a functions dir the backend loads: exactly what the Convex
// CLI's bundler pushes (node_modules/convex/dist/cjs/bundler/index.js,
// `entryPoints`), plus schema and auth.config, checked on the conformance
// fixture, which holds one file of each kind the CLI skips.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { functionModulePaths } from "./loader.js";

const FIXTURE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "../test/fixtures/conformance/convex",
);

test('skips _generated/ (with its generateCommonJSApi .cjs), dotfiles and multi-dot files; keeps .cjs and "use node" modules', () => {
  expect(functionModulePaths(FIXTURE)).toEqual([
    "actions.ts",
    "auth.config.ts",
    "counters.ts",
    "crons.ts",
    "events.ts",
    "files.ts",
    "http.ts",
    "items.ts",
    "jobs.ts",
    "legacy.cjs",
    "limits.ts",
    "load.ts",
    "messages.ts",
    "misc.ts",
    "nodeActions.ts",
    "schema.ts",
    "search.ts",
  ]);
});
