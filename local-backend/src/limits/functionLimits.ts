// Limits on one function call as a whole: its arguments' and return value's
// size, and how long its own code ran (queries and mutations), refused in a
// deployment's words (crates/udf/src/helpers.rs, crates/isolate/src/helpers.rs
// and termination.rs). These are system errors: user code cannot catch them.
import { performance } from "node:perf_hooks";
import { getConvexSize, type Value } from "convex/values";
import { SystemError } from "../systemError.js";
import { formatBytes, formatDuration, limits } from "./convexLimits.js";

/** A function path as Convex prints it in these messages ("messages.js:send"). */
function canonical(udfPath: string): string {
  const [module, name = "default"] = udfPath.split(":");
  return `${module}.js:${name}`;
}

export function checkArgumentsSize(udfPath: string, args: Record<string, Value>): void {
  const size = getConvexSize([args]);
  if (size > limits.argumentsBytes)
    throw new SystemError(
      `Arguments for ${canonical(udfPath)} are too large (actual: ${formatBytes(size)}, limit: ${formatBytes(limits.argumentsBytes)})`,
    );
}

export function checkReturnSize(udfPath: string, value: Value): void {
  const size = getConvexSize(value);
  if (size > limits.returnBytes)
    throw new SystemError(
      `Function ${canonical(udfPath)} return value is too large (actual: ${formatBytes(size)}, limit: ${formatBytes(limits.returnBytes)})`,
    );
}

/**
 * Time spent in a query's or mutation's own code: wall time less the time
 * spent in syscalls (database operations do not count, as on Convex). The
 * engine cannot stop JavaScript that never yields, so past the limit the next
 * syscall fails and the call is refused when it ends, whatever it caught.
 */
export class ExecutionClock {
  private readonly started = performance.now();
  private inSyscalls = 0;
  private open = 0;
  private openedAt = 0;
  private timedOut = false;

  enterSyscall(): void {
    this.check();
    if (this.open++ === 0) this.openedAt = performance.now();
  }

  exitSyscall(): void {
    if (--this.open === 0) this.inSyscalls += performance.now() - this.openedAt;
  }

  userMs(): number {
    const now = performance.now();
    return now - this.started - this.inSyscalls - (this.open > 0 ? now - this.openedAt : 0);
  }

  /** Throws once the user code has run past the limit (and from then on). */
  check(): void {
    if (this.timedOut || this.userMs() > limits.executionTimeMs) {
      this.timedOut = true;
      throw new SystemError(
        `Function execution timed out (maximum duration: ${formatDuration(limits.executionTimeMs)})`,
      );
    }
  }
}
