import type { FastifyRequest } from "fastify";
import type { Db } from "../../storage/storage.js";
import { readerVoterKey } from "../readers/reader.js";
import { currentReader, hasReaderCookie } from "../readers/reader-session.js";
import { readVoterValue } from "./vote.repository.js";
import type { VoteValue } from "./vote.table.js";
import { claimVoterCookie, readVoterCookie } from "./voter-cookie.js";

/** Who votes with this request: the signed-in reader's account, else a valid voter cookie, else nobody. */
export async function voterKeyOf(db: Db, request: FastifyRequest, now: number): Promise<string | undefined> {
  if (hasReaderCookie(request)) {
    const reader = await currentReader(db, request, now);
    if (reader) return readerVoterKey(reader.id);
  }
  const cookie = readVoterCookie(request);
  return cookie.kind === "valid" ? cookie.voterKey : undefined;
}

/**
 * The reader's own vote on an article, so the page shows it pressed without JavaScript. A request
 * with neither cookie (every first visit, every crawler) costs no query.
 */
export async function ownVote(
  db: Db,
  request: FastifyRequest,
  articleId: number,
  now: number,
): Promise<VoteValue> {
  const key = await voterKeyOf(db, request, now);
  return key ? readVoterValue(db, articleId, key) : 0;
}

/** False when the request carries neither a reader session nor a voter cookie: it has no vote to show. */
export const mayHaveVoted = (request: FastifyRequest) =>
  hasReaderCookie(request) || claimVoterCookie(request).kind !== "none";
