// The hand-over from the prepaint to the live page. index.html paints a static
// copy of the details step (DetailsPrepaint) from the server's answer before
// the app's code has run; the person may already click and type in it. When
// the live step mounts, what they typed and where their caret was carry over,
// and the copy goes. Any other page just removes it.
const HOST_ID = "prepaint";

type Control = HTMLInputElement | HTMLTextAreaElement;

export type PrepaintLeftovers = {
  /** Each field's value by its id, as the person left it. */
  values: Record<string, string>;
  /** The field that had focus, with its selection. */
  focus: { id: string; start: number | null; end: number | null } | null;
};

const isControl = (element: Element | null): element is Control =>
  element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement;

/** Removes the prepaint and returns what the person left in it, or null when none was painted. */
export function takePrepaint(): PrepaintLeftovers | null {
  const host = document.getElementById(HOST_ID);
  if (host === null) return null;
  if (host.firstElementChild === null) {
    host.remove();
    return null;
  }
  const values: Record<string, string> = {};
  for (const control of host.querySelectorAll("input, textarea")) {
    if (isControl(control)) values[control.id] = control.value;
  }
  const active = document.activeElement;
  const focus =
    isControl(active) && host.contains(active)
      ? { id: active.id, start: active.selectionStart, end: active.selectionEnd }
      : null;
  host.remove(); // after reading the focus: a removed field loses it
  return { values, focus };
}

export function dropPrepaint(): void {
  document.getElementById(HOST_ID)?.remove();
}

/** Puts focus and caret where they were in the prepaint, on the live field with the same id. */
export function restoreFocus({ id, start, end }: NonNullable<PrepaintLeftovers["focus"]>): void {
  const control = document.getElementById(id);
  if (!isControl(control)) return;
  control.focus();
  if (start === null || end === null) return;
  try {
    control.setSelectionRange(start, end);
  } catch {
    // Email fields have no selection API; focus alone carries over.
  }
}
