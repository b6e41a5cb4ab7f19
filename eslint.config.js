// Type-aware linting for the app, the Convex functions, the local backend and
// the tests; Convex's own rules for convex/; React hooks rules for src/.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import convexPlugin from "@convex-dev/eslint-plugin";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

export default tseslint.config(
  {
    ignores: [
      "**/_generated/**",
      "src/routeTree.gen.ts",
      "dist/**",
      "test-results/**",
      "playwright-report/**",
      ".local-backend/**",
      ".scratch/**",
      "bench/.out/**",
      "local-backend/test/.hot-*/**",
      // A dotfile the conformance fixture holds to prove it is never loaded.
      "local-backend/test/fixtures/conformance/convex/.scratch.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // TanStack Router guards throw `redirect(...)`, a Response, by design.
      "@typescript-eslint/only-throw-error": [
        "error",
        { allow: [{ from: "package", package: "@tanstack/router-core", name: "Redirect" }] },
      ],
    },
  },
  ...convexPlugin.configs.recommended,
  {
    // Convex handlers are async by contract, whether or not they await.
    files: ["**/convex/**/*.ts"],
    rules: { "@typescript-eslint/require-await": "off" },
  },
  {
    // Evaluated at deploy time, before the typed `env` exists; @convex-dev/auth documents this form.
    files: ["convex/auth.config.ts"],
    rules: { "@convex-dev/no-process-env": "off" },
  },
  {
    // The backend's conformance fixture reads env vars the way many apps do.
    files: ["local-backend/test/fixtures/**"],
    rules: { "@convex-dev/no-process-env": "off" },
  },
  {
    // expect.any() and friends are typed `any`; test helpers often satisfy async signatures.
    files: ["**/*.test.{ts,tsx}", "e2e/**", "local-backend/test/**"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Import direction: the tab reaches convex/ only through "@convex/", and only for the
    // generated API, the shared zod forms and the dependency-free shared/ modules, so the
    // server's schema and code never land in the bundle. Types from the data model are free.
    files: ["src/**/*.{ts,tsx}", "bench/baseline/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(\\.\\./)+convex/",
              message: 'Import convex/ through the "@convex/" alias.',
            },
            {
              regex: "^@convex/(?!_generated/api$|_generated/dataModel$|forms/|shared/)",
              message: "The tab may import from convex/ only _generated/api, forms/ and shared/.",
            },
            {
              regex: "^@convex/_generated/dataModel$",
              allowTypeImports: true,
              message: "Only types come from the data model; the tab ships no server code.",
            },
          ],
        },
      ],
    },
  },
  {
    // The other direction: server code never imports the tab, and the alias is for the tab only
    // (Convex bundles convex/ on its own).
    files: ["convex/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "(^|/)src/", message: "convex/ must not import from the tab's src/." },
            { regex: "^@convex/", message: "Inside convex/, import with relative paths." },
          ],
        },
      ],
    },
  },
  {
    // shared/ is what the tab may load before anything else: it imports nothing but itself.
    files: ["convex/shared/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [{ regex: "^(?!\\./)", message: "convex/shared/ is dependency-free: only ./ imports." }],
        },
      ],
    },
  },
  {
    files: ["**/*.js"],
    ...tseslint.configs.disableTypeChecked,
  },
);
