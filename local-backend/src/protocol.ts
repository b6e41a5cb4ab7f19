// The sync protocol's messages, as `convex/browser` speaks it: every client
// frame is parsed and validated here once, into a typed union, so the rest of
// the backend switches over message types exhaustively and never touches raw
// JSON. A frame that is not the protocol is a ProtocolError (the connection is
// closed with its message), never an exception that reaches the server.
import { jsonToConvex, type JSONValue, type Value } from "convex/values";
import { encodeTs } from "./encoding.js";

export type Args = Record<string, Value>;

export type QueryAdd = { type: "Add"; queryId: number; udfPath: string; args: Args; journal: string | null };
export type QueryRemove = { type: "Remove"; queryId: number };

export type ClientMessage =
  | { type: "Connect"; sessionId: string; connectionCount: number }
  | {
      type: "ModifyQuerySet";
      baseVersion: number;
      newVersion: number;
      modifications: (QueryAdd | QueryRemove)[];
    }
  | { type: "Mutation"; requestId: number; udfPath: string; args: Args }
  | { type: "Action"; requestId: number; udfPath: string; args: Args }
  | { type: "Authenticate"; baseVersion: number; token: { type: "User"; value: string } | { type: "None" } }
  | { type: "Event" };

export type Version = { querySet: number; identity: number; ts: bigint };

export type Modification =
  | { type: "QueryUpdated"; queryId: number; value: JSONValue; logLines: string[]; journal: string | null }
  | {
      type: "QueryFailed";
      queryId: number;
      errorMessage: string;
      errorData?: JSONValue;
      logLines: string[];
      journal: string | null;
    }
  | { type: "QueryRemoved"; queryId: number };

type EncodedVersion = { querySet: number; identity: number; ts: string };
type FunctionResponse<T extends "MutationResponse" | "ActionResponse"> =
  | { type: T; requestId: number; success: true; result: JSONValue; logLines: string[]; ts?: string }
  | {
      type: T;
      requestId: number;
      success: false;
      result: string;
      errorData?: JSONValue;
      logLines: string[];
      ts?: string;
    };
export type MutationResponse = FunctionResponse<"MutationResponse">;
export type ActionResponse = FunctionResponse<"ActionResponse">;

export type ServerMessage =
  | {
      type: "Transition";
      startVersion: EncodedVersion;
      endVersion: EncodedVersion;
      modifications: Modification[];
    }
  | MutationResponse
  | ActionResponse
  | { type: "AuthError"; error: string; baseVersion: number; authUpdateAttempted: boolean }
  | { type: "Ping" };

export class ProtocolError extends Error {}

/** Limits on what one frame may ask for. */
const MAX_SESSION_ID_LENGTH = 100;
const MAX_UDF_PATH_LENGTH = 1024;
const MAX_JOURNAL_LENGTH = 64 * 1024;

export function encodeVersion(v: Version): EncodedVersion {
  return { querySet: v.querySet, identity: v.identity, ts: encodeTs(v.ts) };
}

/** Parses one text frame into a client message, or throws a ProtocolError saying what is wrong. */
export function parseClientMessage(text: string): ClientMessage {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ProtocolError("Malformed message: expected a JSON object");
  }
  const message = record(raw, "Malformed message: expected a JSON object");
  const type = message.type;
  try {
    switch (type) {
      case "Connect":
        return {
          type,
          sessionId: boundedString(message.sessionId, "sessionId", MAX_SESSION_ID_LENGTH),
          connectionCount: Number.isInteger(message.connectionCount)
            ? (message.connectionCount as number)
            : 0,
        };
      case "ModifyQuerySet":
        return {
          type,
          baseVersion: integer(message.baseVersion, "baseVersion"),
          newVersion: integer(message.newVersion, "newVersion"),
          modifications: list(message.modifications, "modifications").map(parseQueryModification),
        };
      case "Mutation":
      case "Action":
        return {
          type,
          requestId: integer(message.requestId, "requestId"),
          udfPath: boundedString(message.udfPath, "udfPath", MAX_UDF_PATH_LENGTH),
          args: decodeArgs(message.args),
        };
      case "Authenticate":
        return { type, baseVersion: integer(message.baseVersion, "baseVersion"), token: parseToken(message) };
      case "Event":
        return { type };
      default:
        throw new ProtocolError("unknown message type");
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ProtocolError(`Invalid ${String(type)} message: ${reason}`);
  }
}

function parseQueryModification(raw: unknown): QueryAdd | QueryRemove {
  const mod = record(raw, "each modification must be an object");
  const queryId = integer(mod.queryId, "queryId");
  switch (mod.type) {
    case "Add": {
      const journal = mod.journal;
      return {
        type: "Add",
        queryId,
        udfPath: boundedString(mod.udfPath, "udfPath", MAX_UDF_PATH_LENGTH),
        args: decodeArgs(mod.args),
        journal: typeof journal === "string" && journal.length <= MAX_JOURNAL_LENGTH ? journal : null,
      };
    }
    case "Remove":
      return { type: "Remove", queryId };
    default:
      throw new ProtocolError("modification type must be Add or Remove");
  }
}

function parseToken(message: Record<string, unknown>): { type: "User"; value: string } | { type: "None" } {
  switch (message.tokenType) {
    case "User":
      return { type: "User", value: boundedString(message.value, "value", 64 * 1024) };
    case "None":
      return { type: "None" };
    default:
      throw new ProtocolError(`Unsupported token type ${String(message.tokenType)}`);
  }
}

/** Function arguments as `convex/browser` sends them: `[argsObject]` in Convex's JSON encoding. */
export function decodeArgs(args: unknown): Args {
  const raw: unknown = Array.isArray(args) ? ((args as unknown[])[0] ?? {}) : args;
  let value: Value;
  try {
    value = jsonToConvex(raw as JSONValue);
  } catch (error) {
    throw new ProtocolError(error instanceof Error ? error.message : String(error));
  }
  if (typeof value !== "object" || value === null || Array.isArray(value) || value instanceof ArrayBuffer) {
    throw new ProtocolError("arguments must be an object");
  }
  return value as Args;
}

function record(value: unknown, message: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ProtocolError(message);
  return value as Record<string, unknown>;
}

function integer(value: unknown, name: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new ProtocolError(`${name} must be a non-negative integer`);
  }
  return value as number;
}

function boundedString(value: unknown, name: string, maxLength: number): string {
  if (typeof value !== "string") throw new ProtocolError(`${name} must be a string`);
  if (value.length > maxLength) throw new ProtocolError(`${name} is longer than ${maxLength} characters`);
  return value;
}

function list(value: unknown, name: string): unknown[] {
  if (!Array.isArray(value)) throw new ProtocolError(`${name} must be an array`);
  return value;
}
