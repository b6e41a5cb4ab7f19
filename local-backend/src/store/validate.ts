// Checks a value against a validator's JSON form (what `exportArgs()`,
// `exportReturns()` and a schema's `export()` give), as a deployment does for
// function arguments, return values and documents written under a schema.
import { convexToJson, type Value } from "convex/values";

export type ValidatorJson =
  | { type: "any" | "null" | "number" | "bigint" | "boolean" | "string" | "bytes" | "commitTs" }
  | { type: "id"; tableName: string }
  | { type: "literal"; value: unknown }
  | { type: "array"; value: ValidatorJson }
  | { type: "union"; value: ValidatorJson[] }
  | { type: "object"; value: Record<string, { fieldType: ValidatorJson; optional: boolean }> }
  | { type: "record"; keys: ValidatorJson; values: { fieldType: ValidatorJson; optional: boolean } };

export class ValidationError extends Error {}

/**
 * Checks `value`; `tableOfId` says which table an ID string belongs to (null:
 * not an ID), or is null where tables are not known (an action worker): then
 * any string passes as an ID.
 */
export function validate(
  validator: ValidatorJson,
  value: Value | undefined,
  tableOfId: ((id: string) => string | null) | null,
  path = "",
): void {
  const fail = (expected: string): never => {
    throw new ValidationError(
      `Value does not match validator.\n${path === "" ? "" : `Path: ${path}`}\nValue: ${show(value)}\nValidator: ${expected}`,
    );
  };
  switch (validator.type) {
    case "any":
      return;
    case "null":
      if (value !== null) fail("v.null()");
      return;
    case "number":
      if (typeof value !== "number") fail("v.float64()");
      return;
    case "bigint":
    case "commitTs":
      if (typeof value !== "bigint") fail("v.int64()");
      return;
    case "boolean":
      if (typeof value !== "boolean") fail("v.boolean()");
      return;
    case "string":
      if (typeof value !== "string") fail("v.string()");
      return;
    case "bytes":
      if (!(value instanceof ArrayBuffer)) fail("v.bytes()");
      return;
    case "id":
      if (typeof value !== "string" || (tableOfId !== null && tableOfId(value) !== validator.tableName))
        fail(`v.id("${validator.tableName}")`);
      return;
    case "literal":
      if (value === undefined || JSON.stringify(convexToJson(value)) !== JSON.stringify(validator.value))
        fail(`v.literal(${JSON.stringify(validator.value)})`);
      return;
    case "array":
      if (!Array.isArray(value)) return fail("v.array(...)");
      value.forEach((element, i) => validate(validator.value, element, tableOfId, `${path}[${i}]`));
      return;
    case "union":
      for (const member of validator.value) {
        try {
          validate(member, value, tableOfId, path);
          return;
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
        }
      }
      return fail(`v.union(${validator.value.map((m) => m.type).join(", ")})`);
    case "object": {
      const object = plainObject(value) ?? fail("v.object(...)");
      for (const [field, { fieldType, optional }] of Object.entries(validator.value)) {
        if (object[field] === undefined) {
          if (!optional)
            throw new ValidationError(
              `Object is missing the required field \`${field}\`. Consider wrapping the field validator in \`v.optional(...)\` if this is expected.\n${path === "" ? "" : `Path: ${path}`}\nObject: ${show(value)}`,
            );
        } else validate(fieldType, object[field], tableOfId, `${path}.${field}`);
      }
      for (const field of Object.keys(object)) {
        if (!(field in validator.value) && object[field] !== undefined)
          throw new ValidationError(
            `Object contains extra field \`${field}\` that is not in the validator.\n${path === "" ? "" : `Path: ${path}`}\nObject: ${show(value)}`,
          );
      }
      return;
    }
    case "record": {
      const object = plainObject(value) ?? fail("v.record(...)");
      for (const [key, field] of Object.entries(object)) {
        validate(validator.keys, key, tableOfId, `${path}.${key}`);
        if (field !== undefined) validate(validator.values.fieldType, field, tableOfId, `${path}.${key}`);
      }
      return;
    }
  }
}

function plainObject(value: Value | undefined): Record<string, Value | undefined> | null {
  if (typeof value !== "object" || value === null || Array.isArray(value) || value instanceof ArrayBuffer)
    return null;
  return value as Record<string, Value | undefined>;
}

function show(value: Value | undefined): string {
  if (value === undefined) return "undefined";
  const text = JSON.stringify(convexToJson(value));
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
