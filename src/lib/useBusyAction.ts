// Runs a server call from a button: disables the buttons while it runs and
// turns a failure into an error toast with the person-facing message.
import { useState } from "react";
import { useShowToast } from "./toasts";
import { userMessage } from "./errors";

export function useBusyAction() {
  const showToast = useShowToast();
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<void>, failure: string) => {
    setBusy(true);
    try {
      await action();
    } catch (error) {
      showToast(userMessage(error, failure), "error");
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}
