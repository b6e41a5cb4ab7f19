// Loads a Convex functions dir's TypeScript modules unchanged, through Vite's
// SSR module loader, and watches the dir: edits invalidate the changed
// modules (data is kept), new or removed files and schema edits are reported
// so the engine can start over, and offline codegen keeps `_generated` current.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { createServer, type ViteDevServer } from "vite";
import { host, inRoot } from "./hostContext.js";

const RECHECK_MS = 300;
const WATCHER_READY_TIMEOUT_MS = 5000;
const MODULE_FILE = /\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/;
const NOT_A_FUNCTION_MODULE = /(\.d\.ts|\.(test|spec)\.[cm]?[jt]sx?)$/;
/** Modules Node loads as CommonJS (the CLI's esbuild bundles them; Vite's SSR loader cannot). */
const COMMONJS_FILE = /\.c[jt]s$/;
/** Modules that Convex reads as config or schema, never pushed as functions, so never "use node". */
const MUST_BE_ISOLATE = ["http", "crons", "schema", "auth.config"];
const USE_NODE_LINE = /^\s*("|')use node("|');?\s*$/m;

/**
 * The Convex CLI's own rule for which files it pushes (its bundler's
 * `entryPoints`): JS/TS files outside `_generated/`, not dotfiles or editor
 * temp files, with one dot in the name and no space in the path, and .ts files
 * only if they import or export something. `schema` and `auth.config` are
 * read too (as schema and config, not pushed as functions).
 */
function isFunctionModule(rel: string, base: string, full: string): boolean {
  if (!MODULE_FILE.test(base) || base.startsWith(".") || base.startsWith("#")) return false;
  if (rel.startsWith("_generated/")) return false;
  if (/^auth\.config\.[cm]?[jt]s$/.test(rel)) return true;
  if ((base.match(/\./g) ?? []).length !== 1 || rel.includes(" ")) return false;
  if (/\.tsx?$/.test(base) && !/^\s{0,100}(import|export)/m.test(readFileSync(full, "utf8"))) return false;
  return true;
}

/** The CLI's "use node" test (its fallback when the file does not parse): a directive line. */
export function usesNode(file: string): boolean {
  const source = contents(file) ?? "";
  return source.includes("use node") && USE_NODE_LINE.test(source);
}

/**
 * The modules of a functions dir, relative and sorted: what the CLI would
 * push, plus schema and auth.config. Throws, as the CLI does, on "use node"
 * in a module that must run in Convex's own runtime.
 */
export function functionModulePaths(functionsDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir)) {
      if (entry.startsWith(".") || entry === "node_modules") continue;
      const full = path.join(dir, entry);
      const rel = prefix ? `${prefix}/${entry}` : entry;
      if (statSync(full).isDirectory()) walk(full, rel);
      else if (isFunctionModule(rel, entry, full)) out.push(rel);
    }
  };
  walk(functionsDir, "");
  for (const rel of out) {
    if (MUST_BE_ISOLATE.includes(rel.replace(MODULE_FILE, "")) && usesNode(path.join(functionsDir, rel)))
      throw new Error(`"use node" directive is not allowed for ${rel}.`);
  }
  return out.sort();
}

export type ChangeKind = "code" | "structure";

export class FunctionsLoader {
  private vite!: ViteDevServer;
  private paths: string[] = [];
  private cache = new Map<string, Promise<Record<string, unknown>>>();
  private listeners: ((kind: ChangeKind, file: string) => void)[] = [];
  private codegenRunning: Promise<void> | null = null;
  private codegenAgain = false;

  constructor(
    readonly functionsDir: string,
    private readonly projectRoot: string,
    private readonly options: { watch: boolean; codegen: boolean; log: (line: string) => void },
  ) {}

  async start(): Promise<void> {
    this.paths = this.scan();
    this.vite = await createServer({
      root: this.functionsDir,
      configFile: false,
      logLevel: "silent",
      appType: "custom",
      clearScreen: false,
      optimizeDeps: { noDiscovery: true, include: [] },
      server: { middlewareMode: true, hmr: false, ws: false, watch: this.options.watch ? {} : null },
    });
    if (this.options.watch) {
      const onFsEvent = (kind: "change" | "add" | "unlink") => (file: string) => this.onFileEvent(kind, file);
      this.vite.watcher.on("change", onFsEvent("change"));
      this.vite.watcher.on("add", onFsEvent("add"));
      this.vite.watcher.on("unlink", onFsEvent("unlink"));
      await watcherReady(this.vite.watcher);
    }
  }

  async close(): Promise<void> {
    await this.vite?.close();
  }

  onChange(listener: (kind: ChangeKind, file: string) => void): void {
    this.listeners.push(listener);
  }

  modulePaths(): string[] {
    return this.paths;
  }

  has(relativePath: string): boolean {
    return this.paths.includes(relativePath);
  }

  /** The module whose path, without extension, is `name` (e.g. "schema"), if any. */
  find(name: string): string | undefined {
    return this.paths.find((p) => p.replace(MODULE_FILE, "") === name);
  }

  load(relativePath: string): Promise<Record<string, unknown>> {
    let module = this.cache.get(relativePath);
    if (module === undefined) {
      const file = path.join(this.functionsDir, relativePath);
      module = COMMONJS_FILE.test(file)
        ? Promise.resolve().then(() => loadCommonJs(file))
        : (inRoot(() => this.vite.ssrLoadModule(file)) as Promise<Record<string, unknown>>);
      this.cache.set(relativePath, module);
      module.catch(() => this.cache.delete(relativePath));
    }
    return module;
  }

  private scan(): string[] {
    return functionModulePaths(this.functionsDir);
  }

  private onFileEvent(event: "change" | "add" | "unlink", file: string): void {
    const rel = path.relative(this.functionsDir, file).split(path.sep).join("/");
    if (rel.startsWith("..") || !MODULE_FILE.test(rel) || NOT_A_FUNCTION_MODULE.test(rel)) return;
    this.cache.clear();
    this.vite.moduleGraph.invalidateAll();
    forgetCommonJs(this.functionsDir);
    const generated = rel.startsWith("_generated/");
    let kind: ChangeKind = "code";
    if (event !== "change") {
      try {
        this.paths = this.scan();
      } catch (error) {
        this.options.log(`${(error as Error).message} Its functions keep the previous version.`);
        return;
      }
      kind = "structure";
    } else if (rel.replace(MODULE_FILE, "") === "schema") {
      kind = "structure";
    }
    if (!generated && this.options.codegen) this.runCodegen();
    for (const listener of this.listeners) listener(kind, rel);
    if (event === "change") this.recheck(file);
  }

  // The file watcher can fold two quick saves of one file into one event;
  // look again shortly and report the second save if it was missed.
  private recheck(file: string): void {
    const seen = contents(file);
    host
      .setTimeout(() => {
        if (contents(file) !== seen) this.onFileEvent("change", file);
      }, RECHECK_MS)
      .unref();
  }

  /** Offline codegen, as `npx convex dev` would run it after an edit. */
  private runCodegen(): void {
    if (!existsSync(path.join(this.functionsDir, "_generated"))) return;
    if (this.codegenRunning) {
      this.codegenAgain = true;
      return;
    }
    const cwd = codegenProjectDir(this.functionsDir);
    if (cwd === null) return;
    const cli = path.join(this.projectRoot, "node_modules", "convex", "bin", "main.js");
    this.codegenRunning = new Promise<void>((resolve) => {
      const child = spawn(process.execPath, [cli, "codegen", "--system-udfs", "--typecheck", "disable"], {
        cwd,
        env: { ...process.env, CI: "1" },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("exit", (code) => {
        if (code !== 0)
          this.options.log(`codegen failed (exit ${code}): ${stderr.trim().split("\n").pop() ?? ""}`);
        resolve();
      });
    }).then(() => {
      this.codegenRunning = null;
      if (this.codegenAgain) {
        this.codegenAgain = false;
        this.runCodegen();
      }
    });
  }
}

/**
 * The Convex project dir whose codegen writes this functions dir's
 * `_generated`: its parent, when that has a package.json and either a
 * convex.json naming the dir or no convex.json and the default name "convex".
 */
function codegenProjectDir(functionsDir: string): string | null {
  const dir = path.dirname(functionsDir);
  if (!existsSync(path.join(dir, "package.json"))) return null;
  const configFile = path.join(dir, "convex.json");
  if (!existsSync(configFile)) return path.basename(functionsDir) === "convex" ? dir : null;
  try {
    const configured =
      (JSON.parse(readFileSync(configFile, "utf8")) as { functions?: string }).functions ?? "convex/";
    return path.resolve(dir, configured) === functionsDir ? dir : null;
  } catch {
    return null;
  }
}

const requireHere = createRequire(import.meta.url);

/** A CommonJS module, as Node loads it (tsx's hook compiles a .cts one). */
function loadCommonJs(file: string): Record<string, unknown> {
  return requireHere(file) as Record<string, unknown>;
}

/** Drops the dir's CommonJS modules from Node's cache, so an edit is loaded fresh. */
function forgetCommonJs(dir: string): void {
  for (const key of Object.keys(requireHere.cache))
    if (key.startsWith(dir + path.sep) && !key.includes(`${path.sep}node_modules${path.sep}`))
      delete requireHere.cache[key];
}

function contents(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/** Resolves once the watcher has scanned the dir, so no edit after start-up is missed. */
function watcherReady(watcher: ViteDevServer["watcher"]): Promise<void> {
  // chokidar marks this once its initial scan is done; `ready` is emitted only then.
  if ((watcher as unknown as { _readyEmitted?: boolean })._readyEmitted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = host.setTimeout(resolve, WATCHER_READY_TIMEOUT_MS);
    watcher.once("ready", () => {
      host.clearTimeout(timer);
      resolve();
    });
  });
}
