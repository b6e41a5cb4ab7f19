// The current minute (shared/timeBucket.ts), ticking over at each minute's
// start: passed to the availability queries, so a new minute asks again and
// times that slid inside minimum notice leave the list.
import { useEffect, useState } from "react";
import { TIME_BUCKET_MS, timeBucket } from "@convex/shared/timeBucket";

export function useTimeBucket(): number {
  const [bucket, setBucket] = useState(() => timeBucket(Date.now()));
  useEffect(() => {
    const timer = setTimeout(() => setBucket(timeBucket(Date.now())), bucket + TIME_BUCKET_MS - Date.now());
    return () => clearTimeout(timer);
  }, [bucket]);
  return bucket;
}

/**
 * `value` (a query's answer) kept while the next minute's answer loads, so the
 * list does not flash "loading" every minute; dropped when `key` (the query's
 * other arguments) changes.
 */
export function useKeptAcrossMinutes<T>(value: T | undefined, key: string): T | undefined {
  const [kept, setKept] = useState<{ key: string; value: T } | null>(null);
  if (value !== undefined && (kept?.key !== key || kept.value !== value)) setKept({ key, value });
  return value ?? (kept?.key === key ? kept.value : undefined);
}
