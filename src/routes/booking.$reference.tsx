import { createFileRoute } from "@tanstack/react-router";
import { Confirmation } from "./-components/Confirmation";

export const Route = createFileRoute("/booking/$reference")({ component: ConfirmationRoute });

function ConfirmationRoute() {
  const { reference } = Route.useParams();
  return <Confirmation reference={reference} />;
}
