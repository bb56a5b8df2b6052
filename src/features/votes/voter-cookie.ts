import { randomBytes } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../config.js";

export const VOTER_COOKIE = "masthead_voter";
const TWO_YEARS_S = 2 * 365 * 24 * 3600;

export type VoterCookie = { kind: "none" } | { kind: "forged" } | { kind: "valid"; voterKey: string };

/** The anonymous reader behind this request, from the signed first-party cookie issued on their first vote. */
export function readVoterCookie(request: FastifyRequest): VoterCookie {
  const raw = request.cookies[VOTER_COOKIE];
  if (raw === undefined) return { kind: "none" };
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value || !/^[\w-]{22}$/.test(unsigned.value)) return { kind: "forged" };
  return { kind: "valid", voterKey: `anon:${unsigned.value}` };
}

/** Issues a new anonymous reader id; returns its voter key. */
export function issueVoterCookie(reply: FastifyReply, config: Pick<Config, "secureCookies">): string {
  const id = randomBytes(16).toString("base64url");
  reply.setCookie(VOTER_COOKIE, id, {
    signed: true,
    httpOnly: true,
    sameSite: "lax",
    secure: config.secureCookies,
    path: "/",
    maxAge: TWO_YEARS_S,
  });
  return `anon:${id}`;
}
