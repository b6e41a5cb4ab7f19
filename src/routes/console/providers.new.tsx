import { createFileRoute } from "@tanstack/react-router";
import { requireOwner } from "../../lib/consoleGuard";
import { ConsoleError } from "./-components/ConsoleError";
import { NewProviderPage } from "./-components/NewProviderPage";

export const Route = createFileRoute("/console/providers/new")({
  beforeLoad: ({ context }) => requireOwner(context.member),
  errorComponent: ConsoleError,
  component: NewProviderPage,
});
