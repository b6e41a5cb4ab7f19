/** Whether `value` is a real calendar date written YYYY-MM-DD. Zod-free, so URL parsing in the tab can use it too. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  return new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}
