import { createFileRoute } from "@tanstack/react-router";
import { REFUSALS, type Refusal } from "../lib/consoleGuard";
import { NotAllowed } from "./-components/NotAllowed";

function validateSearch(search: Record<string, unknown>): { reason: Refusal } {
  const { reason } = search;
  return { reason: typeof reason === "string" && reason in REFUSALS ? (reason as Refusal) : "team" };
}

/** Where the console's guards send a page the caller may not open. */
export const Route = createFileRoute("/not-allowed")({ validateSearch, component: NotAllowedRoute });

function NotAllowedRoute() {
  const { reason } = Route.useSearch();
  return <NotAllowed reason={reason} />;
}
