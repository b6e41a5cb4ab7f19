import { createFileRoute } from "@tanstack/react-router";
import { stepRoute } from "../../lib/stepRoute";
import { ProviderStep } from "./-components/ProviderStep";

export const Route = createFileRoute("/book/provider")(stepRoute("provider", ProviderStep));
