// The owner archives a provider who no longer takes bookings (someone who
// left), or restores one. The server refuses while bookings are still to
// come and says how many, so the owner moves or cancels them first.
import { useState } from "react";
import { useMutation, useQuery } from "convex/react";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { useShowToast } from "../../../lib/toasts";
import { userMessage } from "../../../lib/errors";

export function ArchiveProviderSection({
  providerId,
  name,
  archived,
}: {
  providerId: Id<"providers">;
  name: string;
  archived: boolean;
}) {
  const me = useQuery(api.team.me);
  const setArchived = useMutation(api.providerAdmin.setArchived);
  const showToast = useShowToast();
  const [busy, setBusy] = useState(false);
  if (me?.role !== "owner") return null;
  const onClick = async () => {
    setBusy(true);
    try {
      await setArchived({ providerId, archived: !archived });
      showToast(
        archived
          ? `${name} is bookable again.`
          : `${name} is archived: customers can no longer book them. Past bookings keep their name.`,
      );
    } catch (error) {
      showToast(userMessage(error, "We couldn't change this just now. Please try again."), "error");
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="archive-heading">
      <h2 id="archive-heading">{archived ? "Archived" : "Archive"}</h2>
      <p>
        {archived
          ? `${name} is archived: hidden from customers, kept on past bookings.`
          : `Archiving hides ${name} from customers and keeps past bookings. Upcoming bookings must be moved or cancelled first.`}
      </p>
      <button type="button" className="button-secondary" disabled={busy} onClick={() => void onClick()}>
        {archived ? `Restore ${name}` : `Archive ${name}`}
      </button>
    </section>
  );
}
