import { useEffect, useRef } from "react";

/**
 * The page's h1. It takes focus when it mounts, so a step change is announced,
 * and names the document, so the tab title says where the person is. Focus
 * already in a field of its own card stays there (typed into the prepaint
 * before the live page took over, see src/lib/prepaint.ts).
 */
export function StepHeading({ children }: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} – tabbook`;
    const card = ref.current?.parentElement;
    if (card?.contains(document.activeElement) && document.activeElement !== ref.current) return;
    ref.current?.focus();
  }, [children]);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
