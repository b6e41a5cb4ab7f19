import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import type { Plugin, Rollup } from "vite";
import react from "@vitejs/plugin-react";
import { tanstackRouter } from "@tanstack/router-plugin/vite";

/** A chunk's file and every chunk it imports statically. */
function withImports(
  chunk: Rollup.OutputChunk,
  bundle: Rollup.OutputBundle,
  seen = new Set<string>(),
): Set<string> {
  if (seen.has(chunk.fileName)) return seen;
  seen.add(chunk.fileName);
  for (const file of chunk.imports) {
    const imported = bundle[file];
    if (imported?.type === "chunk") withImports(imported, bundle, seen);
  }
  return seen;
}

/**
 * Writes into index.html's inline script (__BOOKING_CHUNKS__) which chunks each
 * booking step's page needs beyond the entry's, so a reload fetches and compiles
 * them alongside the entry instead of after it has run. `{}` in dev.
 */
function bookingChunkPreloads(): Plugin {
  return {
    name: "tabbook-booking-chunk-preloads",
    transformIndexHtml: {
      order: "post",
      handler(html, { bundle }) {
        const byPath: Record<string, string[]> = {};
        const chunks = Object.values(bundle ?? {}).filter((c): c is Rollup.OutputChunk => c.type === "chunk");
        const entry = chunks.find((chunk) => chunk.isEntry);
        const inEntry = entry && bundle ? withImports(entry, bundle) : new Set<string>();
        const files = (chunk: Rollup.OutputChunk) =>
          [...withImports(chunk, bundle!)].filter((file) => !inEntry.has(file)).map((file) => `/${file}`);
        let layout: string[] = []; // book/route.tsx: the steps' shared layout
        for (const chunk of chunks) {
          const name = /\/src\/routes\/book\/(\w+)\.tsx\?tsr-split=component/.exec(
            chunk.facadeModuleId ?? "",
          )?.[1];
          if (name === "route") layout = files(chunk);
          else if (name !== undefined) byPath[`/book/${name}`] = files(chunk);
        }
        for (const path of Object.keys(byPath)) byPath[path] = [...new Set([...layout, ...byPath[path]])];
        return html.replace("__BOOKING_CHUNKS__", JSON.stringify(byPath));
      },
    },
  };
}

export default defineConfig({
  plugins: [tanstackRouter({ target: "react", autoCodeSplitting: true }), react(), bookingChunkPreloads()],
  // The tab imports convex/ as "@convex/…" (see tsconfig.app.json); eslint limits what it may import.
  resolve: {
    alias: [{ find: /^@convex\//, replacement: fileURLToPath(new URL("./convex/", import.meta.url)) }],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "convex",
          include: ["convex/**/*.test.ts"],
          environment: "edge-runtime",
          server: { deps: { inline: ["convex-test"] } },
          // Sign-in cases hash passwords (scrypt, ~150 ms each, more on a busy machine).
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: "src",
          include: ["src/**/*.test.{ts,tsx}"],
          environment: "jsdom",
        },
      },
      {
        test: {
          name: "backend",
          include: ["local-backend/**/*.test.ts"],
          exclude: ["**/node_modules/**", "local-backend/test/.hot-*/**"],
          environment: "node",
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
