export function SavedStatus({ note }: { note: string | null }) {
  return (
    <p role="status" className="saved-status">
      {note === null ? "Nothing saved in this tab yet." : `Saved on the server: “${note}”`}
    </p>
  );
}
