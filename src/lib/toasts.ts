// A tiny toast store: any module can announce an outcome ("That time was just
// taken"); the root's <Toaster> renders it in a live region.
import { useSyncExternalStore } from "react";

export type Toast = { id: number; message: string; tone: "info" | "error" };

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit() {
  for (const listener of listeners) listener();
}

export function showToast(message: string, tone: Toast["tone"] = "info"): void {
  if (toasts.some((toast) => toast.message === message)) return;
  toasts = [...toasts, { id: nextId++, message, tone }];
  emit();
}

export function dismissToast(id: number): void {
  toasts = toasts.filter((toast) => toast.id !== id);
  emit();
}

export function useToasts(): Toast[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => toasts,
  );
}
