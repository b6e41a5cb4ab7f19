// An error the deployment itself raises about a call (its arguments, its
// running time, its size), as opposed to one thrown by the function's code:
// Convex reports these with their bare message, never as "Uncaught Error: …".
export class SystemError extends Error {
  override name = "SystemError";
}

export function isSystemError(error: unknown): error is SystemError {
  return error instanceof Error && error.name === "SystemError";
}
