// Manage links: the token's shape (43 base64url characters, 256 bits), checked
// by the manage page before calling and by manage.open on the server; and the
// reason a business gives when it cancels, capped like the notes field.
import { z } from "zod";

export const MANAGE_TOKEN_BYTES = 32;
const TOKEN_LENGTH = Math.ceil((MANAGE_TOKEN_BYTES * 8) / 6);

export const manageTokenSchema = z
  .string()
  .regex(new RegExp(`^[A-Za-z0-9_-]{${TOKEN_LENGTH}}$`), "That link is not valid.");

export const CANCEL_REASON_MAX = 500;

export const cancelReasonSchema = z
  .string()
  .trim()
  .min(1, "Say why the booking is cancelled.")
  .max(CANCEL_REASON_MAX, `The reason must be at most ${CANCEL_REASON_MAX} characters.`);
