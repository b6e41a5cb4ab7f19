// Console output of a running function becomes its log lines ("[LOG] 'x'"),
// which clients print like a deployment's; the host echoes them labelled.
// Outside a function, console calls go to the host console unchanged.
import { inspect } from "node:util";
import { host } from "./hostContext.js";
import { execStorage } from "./execContext.js";

const LEVELS = { log: "LOG", info: "INFO", warn: "WARN", error: "ERROR", debug: "DEBUG" } as const;

function formatLogArgs(args: unknown[]): string {
  return args
    .map((a) => (typeof a === "string" ? `'${a}'` : inspect(a, { depth: 4, breakLength: Infinity })))
    .join(" ");
}

let echo: ((line: string) => void) | null = (line) => host.console.log(line);

/** Where function console output is echoed on the host (null: nowhere). */
export function setFunctionLogEcho(fn: ((line: string) => void) | null): void {
  echo = fn;
}

const capturingConsole: Console = Object.create(host.console) as Console;
for (const [method, level] of Object.entries(LEVELS)) {
  (capturingConsole as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
    const context = execStorage.getStore();
    if (context === undefined) {
      (host.console[method as keyof typeof LEVELS] as (...a: unknown[]) => void)(...args);
      return;
    }
    const line = `[${level}] ${formatLogArgs(args)}`;
    context.logs.push(line);
    echo?.(`[${context.label}] ${line}`);
  };
}
globalThis.console = capturingConsole;
