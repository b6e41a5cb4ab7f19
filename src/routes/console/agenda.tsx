import { createFileRoute } from "@tanstack/react-router";
import { isIsoDate } from "@convex/shared/isoDate";
import type { Id } from "@convex/_generated/dataModel";
import { requireOwner, requireProvider } from "../../lib/consoleGuard";
import { providerIdFrom } from "../../lib/routeIds";
import { AgendaPage } from "./-components/AgendaPage";

export type AgendaSearch = { provider?: Id<"providers"> | "all"; date?: string; view?: "day" | "week" };

function validateSearch(search: Record<string, unknown>): AgendaSearch {
  const { provider, date, view } = search;
  return {
    provider:
      provider === "all"
        ? "all"
        : typeof provider === "string" && /^[\w-]{1,64}$/.test(provider)
          ? providerIdFrom(provider)
          : undefined,
    date: isIsoDate(date) ? date : undefined,
    view: view === "week" ? "week" : view === "day" ? "day" : undefined,
  };
}

export const Route = createFileRoute("/console/agenda")({
  validateSearch,
  beforeLoad: ({ context, search }) => {
    const { member } = context;
    if (search.provider === "all") requireOwner(member);
    else if (search.provider !== undefined) requireProvider(member, search.provider);
  },
  component: AgendaPage,
});
