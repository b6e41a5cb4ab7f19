import { useEffect, useRef } from "react";

/**
 * The page's h1. It takes focus when it mounts, so a step change is announced,
 * and names the document, so the tab title says where the person is.
 */
export function StepHeading({ children }: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} – tabbook`;
    ref.current?.focus();
  }, [children]);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
