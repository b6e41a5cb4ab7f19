// The sign-in / sign-up form. The same schema checks the tab's form
// (zodResolver) and the Password provider's profile and password rules.
import { z } from "zod";
import { LIMITS } from "../shared/constants";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export const accountEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address.")
  .max(LIMITS.email, `Email must be at most ${LIMITS.email} characters.`)
  .pipe(z.email("Enter an email address like name@example.com."));

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`);

/** Digits in the code a sign-up emails. */
export const CODE_DIGITS = 8;

export const codeSchema = z
  .string()
  .trim()
  .regex(new RegExp(`^\\d{${CODE_DIGITS}}$`), `Enter the ${CODE_DIGITS}-digit code from the email.`);

/** The "check your email" step after sign-up. */
export const codeFormSchema = z.object({ code: codeSchema });
export type CodeForm = z.infer<typeof codeFormSchema>;

export const accountFormSchema = z.object({
  flow: z.enum(["signIn", "signUp"]),
  email: accountEmailSchema,
  password: passwordSchema,
});

export type AccountForm = z.infer<typeof accountFormSchema>;
