// Document IDs in Convex's own format, so that nobody can guess one: a VInt
// table number, 16 bytes from the CSPRNG, and a two-byte footer (a Fletcher-16
// checksum of the rest, XOR'd with the format version), written in lowercase
// Crockford base32. The layout follows the open-source Convex backend's
// `crates/value/src/id_v6.rs`; this is an independent implementation of it.
// Table numbers are this deployment's own; `TableNumbers` maps them to names.
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const DECODE = new Map([...ALPHABET].map((char, index) => [char, index]));
const INTERNAL_ID_BYTES = 16;
const VERSION = 0;
/** Convex numbers user tables from 10001 up; system tables sit below. */
export const FIRST_USER_TABLE_NUMBER = 10001;
const SYSTEM_TABLE_NUMBERS: Record<string, number> = { _scheduled_functions: 1, _storage: 2 };
// A 1-byte table number gives 19 bytes (31 characters); a 5-byte one, 23 (37).
const MIN_LENGTH = encodedLength(1 + INTERNAL_ID_BYTES + 2);
const MAX_LENGTH = encodedLength(5 + INTERNAL_ID_BYTES + 2);

export type DecodedId = { tableNumber: number; internalId: Uint8Array };

/** Which number each table's IDs carry; numbers are handed out on first use and never reused. */
export class TableNumbers {
  private readonly byName = new Map<string, number>();
  private readonly byNumber = new Map<number, string>();
  private next = FIRST_USER_TABLE_NUMBER;

  constructor(known: Iterable<[string, number]> = []) {
    for (const [name, number] of Object.entries(SYSTEM_TABLE_NUMBERS)) this.assign(name, number);
    for (const [name, number] of known) this.assign(name, number);
  }

  numberOf(table: string): number {
    const known = this.byName.get(table);
    if (known !== undefined) return known;
    const number = this.next;
    this.assign(table, number);
    return number;
  }

  nameOf(tableNumber: number): string | null {
    return this.byNumber.get(tableNumber) ?? null;
  }

  entries(): [string, number][] {
    return [...this.byName.entries()];
  }

  private assign(table: string, number: number): void {
    this.byName.set(table, number);
    this.byNumber.set(number, table);
    if (number >= this.next) this.next = number + 1;
  }
}

/** A new, unguessable ID for a document in `table`. */
export function newDocumentId(tables: TableNumbers, table: string): string {
  return encodeDocumentId({
    tableNumber: tables.numberOf(table),
    internalId: randomBytes(INTERNAL_ID_BYTES),
  });
}

/** The table an ID belongs to, or null for anything that is not a well-formed ID of a known table. */
export function tableOfDocumentId(tables: TableNumbers, id: string): string | null {
  const decoded = decodeDocumentId(id);
  return decoded === null ? null : tables.nameOf(decoded.tableNumber);
}

export function encodeDocumentId({ tableNumber, internalId }: DecodedId): string {
  if (internalId.length !== INTERNAL_ID_BYTES) throw new Error("An internal ID has 16 bytes");
  const body = [...vintEncode(tableNumber), ...internalId];
  const footer = fletcher16(body) ^ VERSION;
  return base32Encode(Uint8Array.from([...body, footer & 0xff, footer >> 8]));
}

export function decodeDocumentId(id: string): DecodedId | null {
  if (id.length < MIN_LENGTH || id.length > MAX_LENGTH) return null;
  const bytes = base32Decode(id);
  if (bytes === null) return null;
  const vint = vintDecode(bytes);
  if (vint === null || vint.value === 0) return null;
  const end = vint.length + INTERNAL_ID_BYTES;
  if (bytes.length !== end + 2) return null;
  const footer = bytes[end] | (bytes[end + 1] << 8);
  if ((fletcher16(bytes.subarray(0, end)) ^ VERSION) !== footer) return null;
  const decoded = { tableNumber: vint.value, internalId: bytes.slice(vint.length, end) };
  // Only the canonical spelling of an ID is that ID.
  return encodeDocumentId(decoded) === id ? decoded : null;
}

function vintEncode(value: number): number[] {
  const out: number[] = [];
  let rest = value >>> 0;
  while (rest >= 0x80) {
    out.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  out.push(rest);
  return out;
}

function vintDecode(bytes: Uint8Array): { value: number; length: number } | null {
  let value = 0;
  for (let i = 0; i < 5 && i < bytes.length; i++) {
    value += (bytes[i] & 0x7f) * 2 ** (7 * i);
    if (bytes[i] < 0x80) return value > 0xffffffff ? null : { value, length: i + 1 };
  }
  return null;
}

function fletcher16(bytes: Iterable<number>): number {
  let c0 = 0;
  let c1 = 0;
  for (const byte of bytes) {
    c0 = (c0 + byte) & 0xff;
    c1 = (c1 + c0) & 0xff;
  }
  return (c1 << 8) | c0;
}

function encodedLength(bytes: number): number {
  return Math.ceil((bytes * 8) / 5);
}

/** RFC 4648 bit order, no padding. */
function base32Encode(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

function base32Decode(text: string): Uint8Array | null {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    const value = DECODE.get(char);
    if (value === undefined) return null;
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  // Leftover bits must be zero padding, or the spelling is not canonical.
  if ((buffer & ((1 << bits) - 1)) !== 0) return null;
  return Uint8Array.from(out);
}
