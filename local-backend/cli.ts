// `npm run backend -- [--dir convex] [--port 3210] [--site-port 3211]`: runs
// the local Convex-compatible backend in the foreground.
// `npm run backend -- env set|get|list|remove …`: its deployment env vars.
// `npm run backend -- export|import --path file.zip`, `wipe`: its data.
import path from "node:path";
import { parseArgs } from "node:util";
import { BackendError, defaultDataDir, startBackend } from "./src/server.js";
import { EnvStore } from "./src/envStore.js";
import { exportSnapshot, importSnapshot } from "./src/store/snapshot.js";
import { wipeData } from "./src/store/sqliteStore.js";

const USAGE = `Usage:
  npm run backend -- [--dir convex] [--port 3210] [--site-port 3211] [--data-dir DIR] [--host 127.0.0.1]
                     [--env NAME=VALUE …]   (env vars for this run only, over the stored ones)
                     [--run module:function …]   (run once after loading, e.g. seed:ensureDemoData)
                     [--engine sqlite|memory]   (memory: the old non-durable engine, for comparison only)
  npm run backend -- env set NAME VALUE | env get NAME | env list | env remove NAME  [--dir convex]
  npm run backend -- export --path snapshot.zip     (Convex snapshot ZIP, for \`npx convex import\`)
  npm run backend -- import --path snapshot.zip [--replace]   (from \`npx convex export\`; backend stopped)
  npm run backend -- wipe     (deletes all local data: documents, scheduled functions; env vars stay)`;

function fail(message: string): never {
  console.error(`local-backend: ${message}`);
  process.exit(1);
}

function parsePort(text: string, flag: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`${flag} must be a port number (0-65535), got "${text}"`);
  return port;
}

function parseEnvPairs(pairs: string[]): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0) fail(`--env takes NAME=VALUE, got "${pair}"`);
    vars[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return vars;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        dir: { type: "string", default: "convex" },
        port: { type: "string", default: "3210" },
        "site-port": { type: "string", default: "3211" },
        "data-dir": { type: "string" },
        host: { type: "string", default: "127.0.0.1" },
        env: { type: "string", multiple: true, default: [] },
        run: { type: "string", multiple: true, default: [] },
        engine: { type: "string", default: "sqlite" },
        path: { type: "string" },
        replace: { type: "boolean", default: false },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.engine !== "sqlite" && values.engine !== "memory") fail(`--engine must be sqlite or memory`);
  const projectRoot = process.cwd();
  const functionsDir = path.resolve(projectRoot, values.dir);
  const dataDir = path.resolve(values["data-dir"] ?? defaultDataDir(projectRoot, functionsDir));

  if (positionals[0] === "env") {
    const store = new EnvStore(dataDir);
    const [, command, name, value] = positionals;
    if (command === "set" && name && value !== undefined) {
      store.set(name, value);
      console.log(`Set ${name}`);
    } else if (command === "get" && name) {
      const current = store.read()[name];
      if (current === undefined) fail(`Environment variable ${name} is not set`);
      console.log(current);
    } else if (command === "list") {
      for (const [key, val] of Object.entries(store.read())) console.log(`${key}=${val}`);
    } else if (command === "remove" && name) {
      console.log(store.remove(name) ? `Removed ${name}` : `${name} was not set`);
    } else {
      fail(`unknown env command.\n${USAGE}`);
    }
    return;
  }
  if (positionals[0] === "export" || positionals[0] === "import") {
    if (values.path === undefined) fail(`${positionals[0]} needs --path FILE.zip`);
    const file = path.resolve(values.path);
    const counts =
      positionals[0] === "export"
        ? await exportSnapshot(dataDir, file)
        : importSnapshot(dataDir, file, values.replace);
    for (const [table, n] of Object.entries(counts)) console.log(`${table}: ${n} document(s)`);
    console.log(`${positionals[0] === "export" ? "Exported to" : "Imported from"} ${file}`);
    return;
  }
  if (positionals[0] === "wipe") {
    wipeData(dataDir);
    console.log(`Wiped the local data in ${path.relative(projectRoot, dataDir) || dataDir}`);
    return;
  }
  if (positionals.length > 0) fail(`unexpected argument "${positionals[0]}".\n${USAGE}`);

  const backend = await startBackend({
    functionsDir,
    projectRoot,
    dataDir,
    port: parsePort(values.port, "--port"),
    sitePort: parsePort(values["site-port"], "--site-port"),
    host: values.host,
    envOverrides: parseEnvPairs(values.env),
    run: values.run,
    engine: values.engine === "memory" ? "memory" : "sqlite",
  });
  console.log(`Convex local backend ready: ${backend.url} (site: ${backend.siteUrl})`);
  console.log(
    `Functions: ${path.relative(projectRoot, functionsDir) || "."}  Data: ${path.relative(projectRoot, backend.dataDir)}`,
  );
  const stop = () => {
    void backend.close().finally(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  if (error instanceof BackendError || (error instanceof Error && "code" in error)) fail(error.message);
  fail(error instanceof Error ? (error.stack ?? error.message) : String(error));
});
