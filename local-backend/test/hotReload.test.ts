// Hot reload: edits to a running backend's functions dir take effect without
// a restart, keep the data, and re-run offline codegen for `_generated`.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { anyApi } from "convex/server";
import { ClientPool, FIXTURE_FUNCTIONS_DIR, startBackend, waitFor, watch, type Backend } from "./helpers.js";

const api = anyApi;
let projectDir: string;
let functionsDir: string;
let backend: Backend;
const clients = new ClientPool();

const versionModule = (version: string) => `import { action, query } from "./_generated/server";
export const version = query({ args: {}, handler: async () => "${version}" });
export const actionVersion = action({ args: {}, handler: async () => "${version}" });
`;

beforeAll(async () => {
  // Inside the repo, so the copy resolves `convex` from the project's node_modules.
  projectDir = mkdtempSync(path.join(import.meta.dirname, ".hot-"));
  cpSync(path.dirname(FIXTURE_FUNCTIONS_DIR), projectDir, { recursive: true });
  functionsDir = path.join(projectDir, "convex");
  writeFileSync(path.join(functionsDir, "hot.ts"), versionModule("v1"));
  backend = await startBackend({ functionsDir });
});

afterAll(async () => {
  await clients.closeAll();
  await backend?.stop();
  rmSync(projectDir, { recursive: true, force: true });
});

test("an edited function takes effect live, and the data stays", async () => {
  const client = clients.ws(backend);
  const http = clients.http(backend);
  await http.mutation(api.messages.send, { channel: "hot", author: "a", body: "kept" });
  const version = watch(client, api.hot.version, {});
  await version.waitFor((v) => v === "v1");
  expect(await client.action(api.hot.actionVersion, {})).toBe("v1");

  writeFileSync(path.join(functionsDir, "hot.ts"), versionModule("v2"));
  await version.waitFor((v) => v === "v2", { what: "the subscription to show the edited code's result" });
  // Actions run in worker threads, which load the edited module afresh.
  expect(await client.action(api.hot.actionVersion, {})).toBe("v2");
  const messages = (await http.query(api.messages.list, { channel: "hot" })) as { body: string }[];
  expect(messages.map((m) => m.body)).toEqual(["kept"]);
});

const echoModule = (validator: string) => `import { v } from "convex/values";
import { query } from "./_generated/server";
export const echo = query({ args: { value: ${validator} }, handler: async (_ctx, { value }) => value });
`;

test("an edited function's argument validator applies from the next call", async () => {
  const http = clients.http(backend);
  const file = path.join(functionsDir, "echo.ts");
  writeFileSync(file, echoModule("v.number()"));
  await waitFor(() => http.query(api.echo.echo, { value: 1 }), { message: "echo.ts to load" });
  await expect(http.query(api.echo.echo, { value: "one" })).rejects.toThrow(/ArgumentValidationError/);

  writeFileSync(file, echoModule("v.string()"));
  expect(
    await waitFor(() => http.query(api.echo.echo, { value: "one" }), {
      message: "the edited validator to accept a string",
    }),
  ).toBe("one");
  await expect(http.query(api.echo.echo, { value: 1 })).rejects.toThrow(/ArgumentValidationError/);
});

test("a new module becomes callable and codegen adds it to _generated", async () => {
  const http = clients.http(backend);
  writeFileSync(
    path.join(functionsDir, "added.ts"),
    `import { query } from "./_generated/server";\nexport const hello = query({ args: {}, handler: async () => "hi" });\n`,
  );
  await waitFor(async () => (await http.query(api.added.hello, {})) === "hi", {
    message: "added:hello to answer",
  });
  const apiTypes = path.join(functionsDir, "_generated", "api.d.ts");
  await waitFor(() => existsSync(apiTypes) && readFileSync(apiTypes, "utf8").includes("added"), {
    message: "codegen to list the new module",
    timeoutMs: 30_000,
  });
});

test("a schema edit keeps documents with their IDs and creation times", async () => {
  const http = clients.http(backend);
  await http.mutation(api.messages.send, { channel: "schema", author: "a", body: "before" });
  const before = (await http.query(api.messages.list, { channel: "schema" })) as Record<string, unknown>[];
  const schemaFile = path.join(functionsDir, "schema.ts");
  writeFileSync(
    schemaFile,
    readFileSync(schemaFile, "utf8").replace(
      "body: v.string(),",
      "body: v.string(),\n    edited: v.optional(v.boolean()),",
    ),
  );
  await waitFor(() => backend.output().includes("schema.ts changed"), { message: "the schema reload" });
  const after = (await http.query(api.messages.list, { channel: "schema" })) as Record<string, unknown>[];
  expect(after).toEqual(before);
});

test("a schema push that existing documents violate is refused, the previous schema keeps serving and no document is lost", async () => {
  const http = clients.http(backend);
  for (const author of ["keep", "drop", "keep"]) {
    await http.mutation(api.messages.send, { channel: "narrowed", author, body: author });
  }
  const before = (await http.query(api.messages.list, { channel: "narrowed" })) as { author: string }[];
  const schemaFile = path.join(functionsDir, "schema.ts");
  writeFileSync(
    schemaFile,
    readFileSync(schemaFile, "utf8").replace(
      "author: v.string(),",
      'author: v.union(v.literal("keep"), v.literal("a")),',
    ),
  );
  await waitFor(() => backend.output().includes("Schema validation failed"), { message: "the refusal" });
  expect(backend.output()).toMatch(
    /1 existing document\(s\) do not match the new schema, so it was not applied/,
  );
  expect(backend.output()).toMatch(/Path: \.author Value: "drop"/);
  expect(await http.query(api.messages.list, { channel: "narrowed" })).toEqual(before);
  // The previous schema still holds: an author the refused schema forbids is still accepted.
  await http.mutation(api.messages.send, { channel: "narrowed", author: "drop", body: "after" });
  expect((await http.query(api.messages.list, { channel: "narrowed" })) as unknown[]).toHaveLength(4);
});
