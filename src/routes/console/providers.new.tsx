import { createFileRoute } from "@tanstack/react-router";
import { requireOwner } from "../../lib/consoleGuard";
import { NewProviderPage } from "./-components/NewProviderPage";

export const Route = createFileRoute("/console/providers/new")({
  beforeLoad: ({ context }) => requireOwner(context.member),
  component: NewProviderPage,
});
