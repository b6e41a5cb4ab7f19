import { createFileRoute } from "@tanstack/react-router";
import { isIsoDate } from "@convex/shared/isoDate";
import { requireOwner, requireProvider } from "../../lib/consoleGuard";
import { AgendaPage } from "./-components/AgendaPage";

export type AgendaSearch = { provider?: string; date?: string; view?: "day" | "week" };

function validateSearch(search: Record<string, unknown>): AgendaSearch {
  const { provider, date, view } = search;
  return {
    provider: typeof provider === "string" && /^[\w-]{1,64}$/.test(provider) ? provider : undefined,
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
