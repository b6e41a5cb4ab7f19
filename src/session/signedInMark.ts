// Whether this tab last saw itself signed in. Kept in sessionStorage (a
// flag, nothing personal) so a tab notices a login or logout that happened
// while it was closed or reloading, not only one it watched happen.
const KEY = "tabbook.signedIn";

export function wasSignedIn(): boolean {
  return sessionStorage.getItem(KEY) === "1";
}

export function markSignedIn(signedIn: boolean): void {
  if (signedIn) sessionStorage.setItem(KEY, "1");
  else sessionStorage.removeItem(KEY);
}
