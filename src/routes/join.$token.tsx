import { createFileRoute } from "@tanstack/react-router";
import { JoinTeam } from "./-components/JoinTeam";

/** An invite link to the business team (owner or staff), used once. */
export const Route = createFileRoute("/join/$token")({ component: JoinRoute });

function JoinRoute() {
  const { token } = Route.useParams();
  return <JoinTeam token={token} />;
}
