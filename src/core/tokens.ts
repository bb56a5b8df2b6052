import { createHash, createHmac, randomBytes } from "node:crypto";

/** An unguessable token for a link or cookie; only its hash is stored, so a database leak reveals none. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** A keyed hash, so stored values (addresses) cannot be turned back by trying all 2^32 of them. */
export const keyedHash = (secret: string, text: string) =>
  createHmac("sha256", secret).update(text).digest("hex");
