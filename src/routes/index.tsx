import { createFileRoute } from "@tanstack/react-router";
import { useSessionMutation, useSessionQuery } from "convex-helpers/react/sessions";
import { api } from "../../convex/_generated/api";
import { DraftForm } from "./-components/DraftForm";
import { SavedStatus } from "./-components/SavedStatus";

export const Route = createFileRoute("/")({ component: DraftPage });

function DraftPage() {
  const draft = useSessionQuery(api.drafts.get);
  const save = useSessionMutation(api.drafts.save);
  return (
    <section aria-labelledby="draft-heading" className="card">
      <h1 id="draft-heading" tabIndex={-1}>
        Your booking draft
      </h1>
      {draft === undefined ? (
        <p role="status">Loading your draft…</p>
      ) : (
        <>
          <DraftForm initial={draft} onSave={(values) => save(values)} />
          <SavedStatus note={draft?.note ?? null} />
        </>
      )}
    </section>
  );
}
