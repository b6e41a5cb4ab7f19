import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { createServer, type Plugin, type Rollup, type ViteDevServer } from "vite";
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

// The tab imports convex/ as "@convex/…" (see tsconfig.app.json); eslint limits what it may import.
const alias = [{ find: /^@convex\//, replacement: fileURLToPath(new URL("./convex/", import.meta.url)) }];

const PREPAINT_MODULE = "/src/routes/book/-components/DetailsPrepaint.tsx";

/** DetailsPrepaint's markup, rendered by the dev server, or (in a build) by a short-lived one. */
async function renderPrepaint(dev: ViteDevServer | undefined): Promise<string> {
  const server =
    dev ??
    (await createServer({
      configFile: false,
      root: fileURLToPath(new URL(".", import.meta.url)),
      logLevel: "error",
      appType: "custom",
      server: { middlewareMode: true, hmr: false, ws: false },
      optimizeDeps: { noDiscovery: true, include: [] },
      plugins: [react()],
      resolve: { alias },
    }));
  try {
    const module = (await server.ssrLoadModule(PREPAINT_MODULE)) as { renderDetailsPrepaint(): string };
    return module.renderDetailsPrepaint();
  } finally {
    if (dev === undefined) await server.close();
  }
}

/**
 * Puts the details step's static markup into index.html as a <template>, for
 * the inline script to paint from the server's answer before the app's code
 * has run (see index.html and src/lib/prepaint.ts).
 */
function detailsPrepaint(): Plugin {
  let dev: ViteDevServer | undefined;
  return {
    name: "tabbook-details-prepaint",
    configureServer(server) {
      dev = server;
    },
    transformIndexHtml: {
      order: "pre",
      async handler(html) {
        const markup = await renderPrepaint(dev);
        return html.replace(
          "<!--details-prepaint-->",
          `<template id="prepaint-details">${markup}</template>`,
        );
      },
    },
  };
}

/**
 * Hands the start of the app's code to index.html's inline script: the entry's
 * <script type="module"> becomes a modulepreload (fetched and compiled as
 * before), and the script imports it once the details prepaint is done, so
 * the app's first long task does not hold the prepaint up.
 */
function entryStartedByInlineScript(): Plugin {
  return {
    name: "tabbook-entry-started-by-inline-script",
    transformIndexHtml: {
      order: "post",
      handler(html, { bundle }) {
        const entry = Object.values(bundle ?? {}).find(
          (chunk): chunk is Rollup.OutputChunk => chunk.type === "chunk" && chunk.isEntry,
        );
        const src = entry ? `/${entry.fileName}` : "/src/main.tsx";
        const tag = new RegExp(`<script type="module"( crossorigin)? src="${src}"></script>`);
        if (!tag.test(html)) throw new Error(`index.html: no entry <script> for ${src}`);
        return html
          .replace(tag, `<link rel="modulepreload"$1 href="${src}">`)
          .replace("__TABBOOK_ENTRY__", JSON.stringify(src));
      },
    },
  };
}

export default defineConfig({
  plugins: [
    tanstackRouter({ target: "react", autoCodeSplitting: true }),
    react(),
    bookingChunkPreloads(),
    detailsPrepaint(),
    entryStartedByInlineScript(),
  ],
  resolve: { alias },
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
