import { createHmac, createSecretKey, type KeyObject, randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../config.js";

export const VOTER_COOKIE = "masthead_voter";
const TWO_YEARS_S = 2 * 365 * 24 * 3600;

const VOTER_ID = /^[\w-]{22}$/;

const voterKeyOf = (id: string) => `anon:${id}`;

export type VoterCookie = { kind: "none" } | { kind: "forged" } | { kind: "valid"; voterKey: string };

/** The anonymous reader behind this request, from the signed first-party cookie issued on their first vote. */
export function readVoterCookie(request: FastifyRequest): VoterCookie {
  const claim = claimVoterCookie(request);
  if (claim.kind !== "claimed") return claim;
  const unsigned = request.unsignCookie(claim.signedCookie);
  return unsigned.valid && unsigned.value !== null && voterKeyOf(unsigned.value) === claim.voterKey
    ? { kind: "valid", voterKey: claim.voterKey }
    : { kind: "forged" };
}

export type ClaimedVoter =
  | { kind: "none" }
  | { kind: "forged" }
  | { kind: "claimed"; voterKey: string; signedCookie: string };

/**
 * The reader a voter cookie names, with the signature still to check. Casting a vote checks it in the
 * vote writer (`isVoterCookieOf`), off the event loop: the HMAC was a tenth of a vote's time there.
 */
export function claimVoterCookie(request: FastifyRequest): ClaimedVoter {
  const raw = request.cookies[VOTER_COOKIE];
  if (raw === undefined) return { kind: "none" };
  const id = raw.slice(0, Math.max(0, raw.lastIndexOf(".")));
  if (!VOTER_ID.test(id)) return { kind: "forged" };
  return { kind: "claimed", voterKey: voterKeyOf(id), signedCookie: raw };
}

/**
 * The site secret as the key voter cookies are checked with, made once. `createHmac` given the secret as
 * a string copies it with `Buffer.from` at every call, from Buffer's shared pool (see isVoterCookieOf).
 */
export const voterCookieKey = (secret: string): KeyObject => createSecretKey(Buffer.from(secret, "utf8"));

/**
 * Whether `signedCookie` is a voter cookie this site signed for the reader `voterKey`: @fastify/cookie's
 * check (an HMAC-SHA256 of the value, in base64 without padding, compared in constant time) without its
 * `Buffer.from`s. Those take bytes from Buffer's shared pool, and this runs in the vote writer's thread,
 * where a pool slab (64 KiB on Node 24) outlives young collections and only a full one frees it: at a
 * steady trickle of votes the thread held a few MiB more every hour (decisions 0065 and 0066).
 */
export function isVoterCookieOf(signedCookie: string, voterKey: string, key: KeyObject): boolean {
  const dot = signedCookie.lastIndexOf(".");
  const value = signedCookie.slice(0, Math.max(0, dot));
  if (dot < 0 || voterKeyOf(value) !== voterKey) return false;
  const expected = createHmac("sha256", key).update(value).digest("base64").replace(BASE64_PADDING, "");
  return sameText(expected, signedCookie.slice(dot + 1));
}

const BASE64_PADDING = /=+$/;

/** Compares in constant time for a given length, in bytes of their own (not the shared pool's). */
function sameText(expected: string, given: string): boolean {
  const bytesOf = (text: string) => {
    const bytes = Buffer.alloc(Buffer.byteLength(text));
    bytes.write(text);
    return bytes;
  };
  const [expectedBytes, givenBytes] = [bytesOf(expected), bytesOf(given)];
  return expectedBytes.length === givenBytes.length && timingSafeEqual(expectedBytes, givenBytes);
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
  return voterKeyOf(id);
}
