// Runs actions in worker threads (worker.ts), off the thread that serves the
// sync protocol and HTTP, so an action's CPU work (e.g. @convex-dev/auth's
// scrypt password hashing) never stalls other clients. It depends only on
// the Engine interface: the syscalls a worker forwards (ctx.runQuery,
// ctx.runMutation, ctx.runAction) run here through the engine's runQuery,
// runMutation and runAction, whatever engine that is.
import os from "node:os";
import path from "node:path";
import { Worker, SHARE_ENV } from "node:worker_threads";
import { convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import { normalizeUdfPath, type Engine, type Identity, type Outcome } from "../engine.js";
import type { FromWorker, ToWorker } from "./messages.js";
import type { VectorQuery } from "../search/vectorSearch.js";
import { checkArgumentsSize } from "../limits/functionLimits.js";
import { limits } from "../limits/convexLimits.js";
import { usesNode } from "../loader.js";

/** Convex's node_executor refusal of large arguments to a "use node" action. */
const NODE_ARGS_TOO_LARGE =
  "Node actions arguments size is too large. The maximum size is 5 MiB. Reduce the size of the arguments or consider using Convex runtime actions instead, which have a 16 MiB limit. See https://docs.convex.dev/functions/runtimes";

/** Why an action's arguments are refused for their size, or null. */
function actionArgumentsError(
  name: string,
  args: Record<string, Value>,
  argsJson: string,
  file: string,
): string | null {
  try {
    checkArgumentsSize(name, args);
  } catch (error) {
    return (error as Error).message;
  }
  if (Buffer.byteLength(argsJson) > limits.nodeActionArgumentsBytes && usesNode(file))
    return NODE_ARGS_TOO_LARGE;
  return null;
}

type Pending = { resolve: (outcome: Outcome) => void; identity: Identity; worker: Worker };
/** Where the runner finds a function's module file. */
export type ModuleFiles = { functionsDir: string; modulePaths(): string[] };
/**
 * The engine's own syscalls for what actions do besides calling functions
 * (scheduling, file storage), and where workers write stored blobs.
 */
export type HostSyscalls = {
  run(op: string, argsJson: string, identity: Identity): Promise<string>;
  blobTmpDir: string;
};

const WORKER_FILE = new URL(`./worker${path.extname(new URL(import.meta.url).pathname)}`, import.meta.url);
/**
 * A worker's first code: registers tsx in its thread (Node 20 does not apply
 * the parent's --import loaders to workers), then loads worker.ts.
 */
const WORKER_BOOT = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})
  .then(({ register }) => { register(); return import(${JSON.stringify(WORKER_FILE.href)}); });`;

export class ActionRunner {
  private workers: Worker[] = [];
  private next = 0;
  private nextRunId = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly engine: Pick<Engine, "runQuery" | "runMutation" | "executions" | "vectorSearch">,
    private readonly modules: ModuleFiles,
    private readonly log: (line: string) => void,
    private readonly host: HostSyscalls | null = null,
    private readonly size = Math.max(1, Math.min(2, os.availableParallelism() - 1)),
  ) {}

  /** Runs an action (internal ones too) by path, as the engine's runAction would. */
  runAction(udfPath: string, args: Record<string, Value>, identity: Identity): Promise<Outcome> {
    const [modulePath, exportName] = normalizeUdfPath(udfPath).split(":");
    const file = this.modules.modulePaths().find((p) => p.replace(/\.[^.]+$/, "") === modulePath);
    if (file === undefined) {
      return Promise.resolve({
        ok: false,
        errorMessage: `Could not find function for '${normalizeUdfPath(udfPath)}'. Did you forget to run \`npx convex dev\`?`,
        logLines: [],
      });
    }
    const name = `${modulePath}:${exportName}`;
    const argsJson = JSON.stringify(convexToJson(args));
    const tooLarge = actionArgumentsError(name, args, argsJson, path.join(this.modules.functionsDir, file));
    if (tooLarge !== null) return Promise.resolve({ ok: false, errorMessage: tooLarge, logLines: [] });
    this.engine.executions.set(name, (this.engine.executions.get(name) ?? 0) + 1);
    const worker = this.worker();
    const runId = this.nextRunId++;
    return new Promise((resolve) => {
      this.pending.set(runId, { resolve, identity, worker });
      this.send(worker, {
        type: "run",
        runId,
        file: path.join(this.modules.functionsDir, file),
        exportName,
        udfPath: name,
        args: argsJson,
        identity,
        blobTmpDir: this.host?.blobTmpDir ?? null,
      });
    });
  }

  /** Code changed: new workers load it fresh (a worker cannot unload modules). */
  restart(): void {
    const old = this.workers;
    this.workers = [];
    for (const worker of old) this.retire(worker);
  }

  close(): Promise<void> {
    const old = this.workers;
    this.workers = [];
    return Promise.all(old.map((w) => w.terminate())).then(() => undefined);
  }

  private worker(): Worker {
    if (this.workers.length < this.size) {
      const worker = new Worker(WORKER_BOOT, { eval: true, env: SHARE_ENV });
      worker.on("message", (message: FromWorker) => this.onMessage(worker, message));
      worker.on("error", (error) => this.onExit(worker, `crashed: ${error.message}`));
      worker.on("exit", (code) => this.onExit(worker, `exited with code ${code}`));
      worker.unref();
      this.workers.push(worker);
      return worker;
    }
    return this.workers[this.next++ % this.workers.length];
  }

  /** Stops a replaced worker once its running actions are done. */
  private retire(worker: Worker): void {
    const busy = [...this.pending.values()].some((p) => p.worker === worker);
    if (!busy) void worker.terminate();
    else (worker as Worker & { retiring?: boolean }).retiring = true;
  }

  private send(worker: Worker, message: ToWorker): void {
    worker.postMessage(message);
  }

  private onMessage(worker: Worker, message: FromWorker): void {
    switch (message.type) {
      case "syscall":
        void this.syscall(worker, message);
        return;
      case "done": {
        const run = this.pending.get(message.runId);
        this.pending.delete(message.runId);
        if (run === undefined) return;
        if (message.ok) {
          run.resolve({
            ok: true,
            value: jsonToConvex(JSON.parse(message.result) as JSONValue),
            logLines: message.logLines,
          });
        } else {
          const { errorMessage, errorData, logLines } = message;
          run.resolve({
            ok: false,
            errorMessage,
            ...(errorData !== undefined ? { errorData } : {}),
            logLines,
          });
        }
        if ((worker as Worker & { retiring?: boolean }).retiring) this.retire(worker);
        return;
      }
      default:
        message satisfies never;
    }
  }

  private onExit(worker: Worker, why: string): void {
    this.workers = this.workers.filter((w) => w !== worker);
    for (const [runId, run] of this.pending) {
      if (run.worker !== worker) continue;
      this.pending.delete(runId);
      run.resolve({ ok: false, errorMessage: `Action worker ${why}`, logLines: [] });
      this.log(`action worker ${why}`);
    }
  }

  /** Runs a syscall a worker's action made, and answers it. */
  private async syscall(worker: Worker, message: Extract<FromWorker, { type: "syscall" }>): Promise<void> {
    const { runId, callId, op } = message;
    const identity = this.pending.get(runId)?.identity ?? null;
    let outcome: Outcome;
    try {
      outcome = await this.runSyscall(op, JSON.parse(message.args) as SyscallArgs, identity);
    } catch (error) {
      outcome = {
        ok: false,
        errorMessage: error instanceof Error ? error.message : String(error),
        logLines: [],
      };
    }
    this.send(
      worker,
      outcome.ok
        ? {
            type: "syscallResult",
            runId,
            callId,
            ok: true,
            result: JSON.stringify(convexToJson(outcome.value)),
          }
        : {
            type: "syscallResult",
            runId,
            callId,
            ok: false,
            errorMessage: outcome.errorMessage,
            ...(outcome.errorData !== undefined ? { errorData: outcome.errorData } : {}),
          },
    );
  }

  private async hostSyscall(
    host: HostSyscalls,
    op: string,
    args: SyscallArgs,
    identity: Identity,
  ): Promise<Outcome> {
    const result = await host.run(op, JSON.stringify(args), identity);
    return { ok: true, value: jsonToConvex(JSON.parse(result) as JSONValue), logLines: [] };
  }

  private async vectorSearch(args: SyscallArgs): Promise<Outcome> {
    if (this.engine.vectorSearch === undefined || args.query === undefined)
      throw new Error("Vector search is not supported by this engine");
    const results = await this.engine.vectorSearch(args.query);
    return { ok: true, value: { results }, logLines: [] };
  }

  private runSyscall(op: string, args: SyscallArgs, identity: Identity): Promise<Outcome> {
    switch (op) {
      case "1.0/actions/query":
        return this.engine.runQuery(functionPath(args), callArgs(args), identity);
      case "1.0/actions/mutation":
        return this.engine.runMutation(functionPath(args), callArgs(args), identity);
      case "1.0/actions/action":
        return this.runAction(functionPath(args), callArgs(args), identity);
      case "1.0/actions/vectorSearch":
        return this.vectorSearch(args);
      default:
        if (this.host !== null) return this.hostSyscall(this.host, op, args, identity);
        throw new Error(
          `${op} is not supported in actions on the local backend yet (actions run in worker threads; ` +
            `only ctx.runQuery, ctx.runMutation, ctx.runAction and ctx.auth are available)`,
        );
    }
  }
}

type SyscallArgs = {
  name?: string;
  reference?: string;
  functionHandle?: string;
  args?: JSONValue;
  query?: VectorQuery;
};

function functionPath(args: SyscallArgs): string {
  const name = args.name ?? args.reference;
  if (typeof name !== "string")
    throw new Error("Function handles are not supported in actions on the local backend");
  return name;
}

function callArgs(args: SyscallArgs): Record<string, Value> {
  return jsonToConvex(args.args ?? {}) as Record<string, Value>;
}
