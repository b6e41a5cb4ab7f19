// The messages between the main thread and an action worker (see
// actionRunner.ts): the main thread asks a worker to run an action; the worker
// asks the main thread to run the syscalls an action makes (queries,
// mutations, nested actions, scheduling, storage), and reports the outcome.
// Values cross as Convex JSON strings, so nothing depends on structured clone.
import type { JSONValue } from "convex/values";
import type { Identity } from "../engine.js";

export type ToWorker =
  | {
      type: "run";
      runId: number;
      /** Absolute path of the function's module. */
      file: string;
      exportName: string;
      /** "module:export", as the action's messages name it. */
      udfPath: string;
      /** convexToJson(args), stringified. */
      args: string;
      identity: Identity;
      /** Where the action writes blobs it stores (file storage's temp folder); null without file storage. */
      blobTmpDir: string | null;
    }
  | { type: "syscallResult"; runId: number; callId: number; ok: true; result: string }
  | {
      type: "syscallResult";
      runId: number;
      callId: number;
      ok: false;
      errorMessage: string;
      errorData?: JSONValue;
    };

export type FromWorker =
  | { type: "syscall"; runId: number; callId: number; op: string; args: string }
  | { type: "done"; runId: number; ok: true; result: string; logLines: string[] }
  | {
      type: "done";
      runId: number;
      ok: false;
      errorMessage: string;
      errorData?: JSONValue;
      logLines: string[];
    };
