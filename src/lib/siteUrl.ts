// Where the deployment's HTTP actions live. Locally `npm run dev` sets
// VITE_CONVEX_SITE_URL; on Convex cloud it is the .convex.cloud URL's .convex.site twin.
export function convexSiteUrl(): string {
  const explicit = import.meta.env.VITE_CONVEX_SITE_URL as string | undefined;
  if (explicit) return explicit.replace(/\/$/, "");
  const cloud = (import.meta.env.VITE_CONVEX_URL as string | undefined) ?? "";
  return cloud.replace(/\.convex\.cloud\/?$/, ".convex.site");
}
