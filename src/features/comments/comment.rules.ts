import type { SiteSettings } from "../settings/settings.js";
import type { CommentStatus } from "./comment.table.js";

/** Lower case without accents, so "Café", "CAFE" and "cafe" are one word. */
const fold = (text: string) => text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();

const words = (text: string) => fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];

/** The banned-word setting as word sequences: one entry a line, blank lines ignored. */
export function parseBannedWords(setting: string): string[][] {
  return setting
    .split("\n")
    .map(words)
    .filter((entry) => entry.length > 0);
}

/** The first banned word or phrase the text contains as whole words, or undefined. */
export function findBannedWord(text: string, banned: readonly string[][]): string | undefined {
  if (banned.length === 0) return undefined;
  const tokens = words(text);
  for (const phrase of banned) {
    for (let i = 0; i + phrase.length <= tokens.length; i++) {
      if (phrase.every((word, k) => tokens[i + k] === word)) return phrase.join(" ");
    }
  }
  return undefined;
}

export const MAX_LINKS = 2;

export interface CommenterHistory {
  /** An earlier comment by this address or account was marked spam. */
  hadSpam: boolean;
  /** An earlier comment by this address or account was approved. */
  hadApproved: boolean;
}

export interface ModerationDecision {
  status: Extract<CommentStatus, "pending" | "approved">;
  reason: string | null;
}

/**
 * Whether a new comment appears at once or waits for a moderator. The always-held rules come first
 * (they apply whatever the policy), then the site's policy.
 */
export function decideStatus(
  comment: { text: string; links: number },
  history: CommenterHistory,
  settings: Pick<SiteSettings, "commentPolicy" | "bannedWords">,
): ModerationDecision {
  if (comment.links > MAX_LINKS) return { status: "pending", reason: "links" };
  if (findBannedWord(comment.text, parseBannedWords(settings.bannedWords))) {
    return { status: "pending", reason: "banned-word" };
  }
  if (history.hadSpam) return { status: "pending", reason: "earlier-spam" };
  switch (settings.commentPolicy) {
    case "hold-all":
      return { status: "pending", reason: "policy" };
    case "hold-first-time":
      return history.hadApproved
        ? { status: "approved", reason: null }
        : { status: "pending", reason: "first-time" };
    case "publish":
      return { status: "approved", reason: null };
  }
}

export const EDIT_WINDOW_MS = 10 * 60_000;
export const canEditOwn = (createdAt: number, now: number) => now - createdAt <= EDIT_WINDOW_MS;
