/** A reader with an account (signed in by e-mail link); readers without one comment as guests. */
export interface Reader {
  id: number;
  email: string;
  displayName: string;
  createdAt: number;
}

export const DISPLAY_NAME_MAX = 80;
export const SIGN_IN_LINK_LIFETIME_MS = 30 * 60_000;
export const READER_SESSION_LIFETIME_MS = 90 * 24 * 3_600_000;
/** Links one address may be sent per hour, so the form cannot be used to flood someone's inbox. */
export const SIGN_IN_LINKS_PER_HOUR = 5;

/** The voter identity of a signed-in reader: the same on every device they sign in on. */
export const readerVoterKey = (readerId: number) => `reader:${readerId}`;

/** A first display name from the address ("ada.lovelace@…" → "ada.lovelace"); the reader can change it. */
export const defaultDisplayName = (email: string) =>
  (email.split("@")[0] ?? "reader").slice(0, DISPLAY_NAME_MAX);

/** Only a path on this site, so a crafted form cannot make the sign-in link lead elsewhere. */
export function safeReturnPath(path: string | undefined): string {
  if (!path?.startsWith("/") || path.startsWith("//") || path.includes("\\")) return "/account/";
  return path.slice(0, 300);
}
