// Index keys as bytes whose order is Convex's value order (the order of
// `compareValues`, across types too), so SQLite's BLOB comparison answers
// index ranges. Self-delimiting and tagged, in the manner of Convex's
// sort keys (crates/value/src/sorting.rs): a tag per value, escaped
// zero-terminated strings and bytes, terminated arrays and objects.
import type { Value } from "convex/values";

const TAG = {
  undefined: 0x01,
  null: 0x03,
  int64: 0x08,
  float64: 0x0d,
  false: 0x0e,
  true: 0x0f,
  string: 0x10,
  bytes: 0x11,
  array: 0x12,
  object: 0x15,
} as const;
const TERMINATOR = 0x00;
const ESCAPE = 0xff;

class Writer {
  private chunks: number[] = [];
  byte(b: number): void {
    this.chunks.push(b);
  }
  escaped(bytes: Uint8Array): void {
    for (const b of bytes) {
      this.chunks.push(b);
      if (b === TERMINATOR) this.chunks.push(ESCAPE);
    }
    this.chunks.push(TERMINATOR);
  }
  raw(bytes: Uint8Array): void {
    for (const b of bytes) this.chunks.push(b);
  }
  done(): Buffer {
    return Buffer.from(this.chunks);
  }
}

const utf8 = new TextEncoder();

function writeValue(w: Writer, value: Value | undefined): void {
  if (value === undefined) return w.byte(TAG.undefined);
  if (value === null) return w.byte(TAG.null);
  switch (typeof value) {
    case "bigint": {
      w.byte(TAG.int64);
      const buf = new DataView(new ArrayBuffer(8));
      buf.setBigUint64(0, BigInt.asUintN(64, value) ^ (1n << 63n));
      return w.raw(new Uint8Array(buf.buffer));
    }
    case "number": {
      // IEEE-754 total order: negatives flip every bit, positives the sign bit.
      w.byte(TAG.float64);
      const buf = new DataView(new ArrayBuffer(8));
      buf.setFloat64(0, value);
      const bits = buf.getBigUint64(0);
      buf.setBigUint64(0, bits & (1n << 63n) ? ~bits & 0xffffffffffffffffn : bits | (1n << 63n));
      return w.raw(new Uint8Array(buf.buffer));
    }
    case "boolean":
      return w.byte(value ? TAG.true : TAG.false);
    case "string":
      w.byte(TAG.string);
      return w.escaped(utf8.encode(value));
  }
  if (value instanceof ArrayBuffer) {
    w.byte(TAG.bytes);
    return w.escaped(new Uint8Array(value));
  }
  if (Array.isArray(value)) {
    w.byte(TAG.array);
    for (const element of value) writeValue(w, element);
    return w.byte(TERMINATOR);
  }
  // Objects compare as their (key, value) pairs in sorted key order.
  w.byte(TAG.object);
  for (const key of Object.keys(value).sort()) {
    const field = (value as Record<string, Value>)[key];
    if (field === undefined) continue;
    w.byte(TAG.array);
    writeValue(w, key);
    writeValue(w, field);
    w.byte(TERMINATOR);
  }
  w.byte(TERMINATOR);
}

/** The key of a tuple of values (an index's fields, then _creationTime and _id). */
export function encodeKey(values: (Value | undefined)[]): Buffer {
  const w = new Writer();
  for (const value of values) writeValue(w, value);
  return w.done();
}

/** A byte string above every key that starts with `prefix` (no tag is 0xFF). */
export function afterPrefix(prefix: Buffer): Buffer {
  return Buffer.concat([prefix, Buffer.from([ESCAPE])]);
}
