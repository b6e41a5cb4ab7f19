// The manage link's token that bookings.confirm returned, kept in memory only
// (never in browser storage) so the confirmation page can show it once; a
// reload or another tab no longer has it, and the email carries its own.
export type ManageLinks = {
  remember(reference: string, token: string): void;
  tokenFor(reference: string): string | null;
};

export function createManageLinks(): ManageLinks {
  const tokens = new Map<string, string>();
  return {
    remember: (reference, token) => void tokens.set(reference, token),
    tokenFor: (reference) => tokens.get(reference) ?? null,
  };
}

export function manageUrl(token: string): string {
  return `${window.location.origin}/manage/${token}`;
}
