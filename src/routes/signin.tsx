import { createFileRoute } from "@tanstack/react-router";
import { z } from "zod";
import { SignInForm } from "./-components/SignInForm";

/** Only in-app paths, so a crafted link cannot send the person elsewhere after sign-in. */
const searchSchema = z.object({
  redirect: z
    .string()
    .regex(/^\/(?!\/)[\w\-/.$]*$/)
    .optional()
    .catch(undefined),
});

export const Route = createFileRoute("/signin")({
  validateSearch: searchSchema,
  component: SignInRoute,
});

function SignInRoute() {
  const { redirect } = Route.useSearch();
  return <SignInForm redirectTo={redirect ?? "/bookings"} />;
}
