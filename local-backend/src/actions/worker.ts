// An action worker: runs actions off the sync loop, in their own thread, as
// Convex runs functions in their own isolates. It loads the function's module
// here, checks its arguments, and gives it a `globalThis.Convex` whose
// syscalls (queries, mutations, nested actions, scheduling, storage) are
// forwarded to the main thread, where the engine runs them. Only the
// identity is answered here, from the run's own request.
import { AsyncLocalStorage } from "node:async_hooks";
import { pathToFileURL } from "node:url";
import { parentPort } from "node:worker_threads";
import { ConvexError, convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import { execStorage } from "../execContext.js";
import { setFunctionLogEcho } from "../functionLogs.js";
import type { Identity } from "../engine.js";
import { validate, ValidationError, type ValidatorJson } from "../store/validate.js";
import { SystemError, isSystemError } from "../systemError.js";
import { checkReturnSize } from "../limits/functionLimits.js";
import type { FromWorker, ToWorker } from "./messages.js";
import { workerJsSyscall } from "./workerStorage.js";

type RunningAction = { runId: number; identity: Identity; blobTmpDir: string | null };
type ActionExport = {
  isAction?: boolean;
  exportArgs?: () => string;
  exportReturns?: () => string;
  invokeAction?: (requestId: string, args: string) => Promise<string>;
};

const port = parentPort!;
const current = new AsyncLocalStorage<RunningAction>();
const pendingCalls = new Map<number, { resolve: (json: string) => void; reject: (error: Error) => void }>();
let nextCallId = 0;
setFunctionLogEcho(null);

function post(message: FromWorker): void {
  port.postMessage(message);
}

function forward(op: string, args: string): Promise<string> {
  const run = current.getStore();
  if (run === undefined) return Promise.reject(new Error(`${op} called outside an action`));
  const callId = nextCallId++;
  return new Promise((resolve, reject) => {
    pendingCalls.set(callId, { resolve, reject });
    post({ type: "syscall", runId: run.runId, callId, op, args });
  });
}

(globalThis as unknown as { Convex: unknown }).Convex = {
  syscall(op: string): string {
    throw new Error(`The synchronous syscall ${op} is not available in an action`);
  },
  asyncSyscall(op: string, args: string): Promise<string> {
    if (op === "1.0/getUserIdentity")
      return Promise.resolve(JSON.stringify(current.getStore()?.identity ?? null));
    return forward(op, args);
  },
  jsSyscall(op: string, args: Record<string, unknown>): Promise<unknown> {
    return workerJsSyscall(forward, current.getStore()?.blobTmpDir ?? null, op, args);
  },
};

async function run(message: Extract<ToWorker, { type: "run" }>): Promise<void> {
  const logs: string[] = [];
  try {
    const module = (await import(pathToFileURL(message.file).href)) as Record<string, unknown>;
    const fn = module[message.exportName] as ActionExport | undefined;
    if (fn?.isAction !== true || fn.invokeAction === undefined)
      throw new Error(`${message.exportName} is not an action`);
    const args = jsonToConvex(JSON.parse(message.args) as JSONValue);
    if (fn.exportArgs !== undefined) checkValue("ArgumentValidationError", fn.exportArgs(), args);
    const running = { runId: message.runId, identity: message.identity, blobTmpDir: message.blobTmpDir };
    const result = await current.run(running, () =>
      execStorage.run({ label: `A ${message.exportName}`, logs }, () =>
        // Convex passes the arguments as a one-element array.
        fn.invokeAction!(String(message.runId), `[${message.args}]`),
      ),
    );
    checkReturnSize(message.udfPath, jsonToConvex(JSON.parse(result) as JSONValue));
    const returns = fn.exportReturns?.() ?? "null";
    checkValue("ReturnsValidationError", returns, jsonToConvex(JSON.parse(result) as JSONValue));
    post({ type: "done", runId: message.runId, ok: true, result, logLines: logs });
  } catch (error) {
    post({ type: "done", runId: message.runId, ok: false, ...errorFields(error), logLines: logs });
  }
}

/** Checks a value against an exported validator ("null": none), as the deployment does. */
function checkValue(what: string, validatorJson: string, value: Value): void {
  const validator = JSON.parse(validatorJson) as ValidatorJson | null;
  if (validator === null) return;
  try {
    validate(validator, value, null);
  } catch (error) {
    if (error instanceof ValidationError) throw new SystemError(`${what}: ${error.message}`);
    throw error;
  }
}

function errorFields(error: unknown): { errorMessage: string; errorData?: JSONValue } {
  if (isSystemError(error)) return { errorMessage: error.message };
  if (error instanceof ConvexError || (error instanceof Error && error.name === "ConvexError")) {
    // Convex's invokeAction has already serialized the data (convexToJson, stringified).
    const data = (error as ConvexError<Value>).data;
    const errorData =
      "ConvexErrorSymbol" in error && typeof data === "string"
        ? (JSON.parse(data) as JSONValue)
        : convexToJson(data ?? null);
    return {
      errorMessage: `Uncaught ConvexError: ${typeof errorData === "string" ? errorData : JSON.stringify(errorData)}`,
      errorData,
    };
  }
  if (error instanceof Error) return { errorMessage: `Uncaught ${error.name}: ${error.message}` };
  return { errorMessage: `Uncaught ${String(error)}` };
}

port.on("message", (message: ToWorker) => {
  switch (message.type) {
    case "run":
      void run(message);
      return;
    case "syscallResult": {
      const call = pendingCalls.get(message.callId);
      pendingCalls.delete(message.callId);
      if (call === undefined) return;
      if (message.ok) call.resolve(message.result);
      else if (message.errorData !== undefined) call.reject(new ConvexError(jsonToConvex(message.errorData)));
      else call.reject(new Error(message.errorMessage));
      return;
    }
    default:
      message satisfies never;
  }
});
