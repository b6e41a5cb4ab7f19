// Entry point of an action worker thread: registers tsx in this thread (Node
// 20 does not apply the parent's --import loaders to workers), then loads the
// worker itself, which is TypeScript.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
