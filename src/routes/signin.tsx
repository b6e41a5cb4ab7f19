import { createFileRoute } from "@tanstack/react-router";
import { SignInForm } from "./-components/SignInForm";

/** Only in-app paths, so a crafted link cannot send the person elsewhere after sign-in. */
const IN_APP_PATH = /^\/(?!\/)[\w\-/.$]*$/;

function searchSchema(search: Record<string, unknown>): { redirect?: string } {
  const { redirect } = search;
  return { redirect: typeof redirect === "string" && IN_APP_PATH.test(redirect) ? redirect : undefined };
}

export const Route = createFileRoute("/signin")({
  validateSearch: searchSchema,
  component: SignInRoute,
});

function SignInRoute() {
  const { redirect } = Route.useSearch();
  return <SignInForm redirectTo={redirect ?? "/bookings"} />;
}
