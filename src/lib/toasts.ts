// Outcome messages ("That time was just taken"): a list in the tab-session
// store (context.session.toasts), announced by the root's <Toaster> in a
// live region. Components and hooks under the router show one with useShowToast().
import { useRouteContext } from "@tanstack/react-router";
import { createStore, type Store } from "./store";

export type Toast = { id: number; message: string; tone: "info" | "error" };

export type Toasts = {
  list: Store<Toast[]>;
  show: (message: string, tone?: Toast["tone"]) => void;
  dismiss: (id: number) => void;
};

export function createToasts(): Toasts {
  const list = createStore<Toast[]>([]);
  let nextId = 1;
  return {
    list,
    show(message, tone = "info") {
      if (list.get().some((toast) => toast.message === message)) return;
      list.set([...list.get(), { id: nextId++, message, tone }]);
    },
    dismiss: (id) => list.set(list.get().filter((toast) => toast.id !== id)),
  };
}

export function useShowToast(): Toasts["show"] {
  return useRouteContext({ from: "__root__", select: (context) => context.session.toasts.show });
}
