import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";
import { tanstackRouter } from "@tanstack/router-plugin/vite";

export default defineConfig({
  plugins: [tanstackRouter({ target: "react", autoCodeSplitting: true }), react()],
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
