// Checks an action's arguments and return value against its exported
// validators (the JSON that `exportArgs()` and `exportReturns()` return), as a
// deployment does: an action run in a worker is invoked directly, which
// checks nothing.
import { jsonToConvex, type JSONValue, type Value } from "convex/values";

type FieldType = { fieldType: JsonValidator; optional: boolean };
type JsonValidator =
  | { type: "null" | "number" | "bigint" | "boolean" | "string" | "bytes" | "any" }
  | { type: "literal"; value: JSONValue }
  | { type: "id"; tableName: string }
  | { type: "array"; value: JsonValidator }
  | { type: "record"; keys: JsonValidator; values: FieldType }
  | { type: "object"; value: Record<string, FieldType> }
  | { type: "union"; value: JsonValidator[] };

/** Null if `value` matches `validator`, otherwise why not. */
export function argumentsError(validatorJson: string, value: Value): string | null {
  const validator = JSON.parse(validatorJson) as JsonValidator;
  return mismatch(validator, value, "");
}

function describe(value: Value): string {
  return value instanceof ArrayBuffer
    ? "bytes"
    : JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
}

function mismatch(validator: JsonValidator, value: Value | undefined, path: string): string | null {
  const at = path === "" ? "" : ` at path ${path}`;
  const expected = (what: string) =>
    `Value does not match validator${at}: expected ${what}, got ${value === undefined ? "undefined" : describe(value)}`;
  switch (validator.type) {
    case "any":
      return value === undefined ? expected("a value") : null;
    case "null":
      return value === null ? null : expected("null");
    case "number":
      return typeof value === "number" ? null : expected("a number");
    case "bigint":
      return typeof value === "bigint" ? null : expected("a bigint");
    case "boolean":
      return typeof value === "boolean" ? null : expected("a boolean");
    case "string":
      return typeof value === "string" ? null : expected("a string");
    case "bytes":
      return value instanceof ArrayBuffer ? null : expected("bytes");
    case "id":
      return typeof value === "string" ? null : expected(`an ID of table ${validator.tableName}`);
    case "literal": {
      const literal = jsonToConvex(validator.value);
      return value === literal ? null : expected(describe(literal));
    }
    case "array":
      if (!Array.isArray(value)) return expected("an array");
      for (const [i, item] of value.entries()) {
        const error = mismatch(validator.value, item, `${path}[${i}]`);
        if (error !== null) return error;
      }
      return null;
    case "union":
      return validator.value.some((member) => mismatch(member, value, path) === null)
        ? null
        : expected("one of a union's members");
    case "record":
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value) || value instanceof ArrayBuffer)
        return expected("an object");
      const fields = value as Record<string, Value | undefined>;
      if (validator.type === "record") {
        for (const [key, field] of Object.entries(fields)) {
          const error =
            mismatch(validator.keys, key, `${path}.${key}`) ??
            mismatch(validator.values.fieldType, field, `${path}.${key}`);
          if (error !== null) return error;
        }
        return null;
      }
      for (const [key, field] of Object.entries(validator.value)) {
        if (fields[key] === undefined) {
          if (field.optional) continue;
          return `Object is missing the required field \`${key}\`${at}`;
        }
        const error = mismatch(field.fieldType, fields[key], `${path}.${key}`);
        if (error !== null) return error;
      }
      const extra = Object.keys(fields).find((key) => !(key in validator.value));
      return extra === undefined
        ? null
        : `Object contains extra field \`${extra}\` that is not in the validator${at}`;
    }
    default:
      validator satisfies never;
      return null;
  }
}
