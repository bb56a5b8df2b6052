import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fastifyCookie, sign } from "@fastify/cookie";
import fc from "fast-check";
import type { FastifyRequest } from "fastify";
import { claimVoterCookie, isVoterCookieOf, VOTER_COOKIE, voterCookieKey } from "./voter-cookie.js";

/** A voter id as issued: 16 random bytes in base64url. */
const voterId = fc
  .uint8Array({ minLength: 16, maxLength: 16 })
  .map((bytes) => Buffer.from(bytes).toString("base64url"));
const secret = fc.string({ minLength: 1, maxLength: 64 });
const cookieValue = fc.oneof(
  fc.string({ unit: "binary", maxLength: 120 }),
  fc.tuple(voterId, fc.string({ maxLength: 50 })).map(([id, tail]) => `${id}.${tail}`),
  fc.constantFrom("", ".", "..", "a.b.c", "%00", "s:abc.def"),
);
const requestWith = (cookie: string) =>
  ({ cookies: { [VOTER_COOKIE]: cookie } }) as unknown as FastifyRequest;

describe("voter cookies, whatever a client sends", () => {
  it("a cookie we signed names its voter, and only under our secret", () => {
    fc.assert(
      fc.property(voterId, secret, secret, (id, ours, theirs) => {
        const cookie = sign(id, ours);
        const claim = claimVoterCookie(requestWith(cookie));
        assert.deepEqual(claim, { kind: "claimed", voterKey: `anon:${id}`, signedCookie: cookie });
        assert.ok(isVoterCookieOf(cookie, `anon:${id}`, voterCookieKey(ours)));
        if (theirs !== ours) assert.ok(!isVoterCookieOf(cookie, `anon:${id}`, voterCookieKey(theirs)));
      }),
      { numRuns: 1_000 },
    );
  });

  it("any changed character makes it forged", () => {
    fc.assert(
      fc.property(
        voterId,
        secret,
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 1 }),
        (id, key, at, replacement) => {
          const cookie = sign(id, key);
          const index = at % cookie.length;
          const changed = cookie.slice(0, index) + replacement + cookie.slice(index + 1);
          fc.pre(changed !== cookie);
          const claim = claimVoterCookie(requestWith(changed));
          if (claim.kind === "claimed")
            assert.ok(!isVoterCookieOf(changed, claim.voterKey, voterCookieKey(key)));
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it("anything else is none, forged or an unverified claim, and never an error", () => {
    fc.assert(
      fc.property(cookieValue, secret, (value, key) => {
        const claim = claimVoterCookie(requestWith(value));
        assert.ok(["forged", "claimed"].includes(claim.kind));
        if (claim.kind === "claimed") {
          assert.match(claim.voterKey, /^anon:[\w-]{22}$/);
          assert.equal(
            isVoterCookieOf(value, claim.voterKey, voterCookieKey(key)),
            value === sign(claim.voterKey.slice(5), key),
          );
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it("any Cookie header parses without an error, and a cookie we set reads back whole", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), voterId, secret, (header, id, key) => {
        fastifyCookie.parse(header);
        const signed = sign(id, key);
        const sent = fastifyCookie.serialize(VOTER_COOKIE, signed);
        const received = fastifyCookie.parse(
          `${header.replaceAll(VOTER_COOKIE, "x")}; ${sent.split(";")[0]}`,
        );
        assert.equal(received[VOTER_COOKIE], signed);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe("checking a voter cookie in the vote writer's thread", () => {
  // Buffer.from hands out a short string's bytes from a shared pool, 8-byte aligned: a pool that moved by
  // exactly one allocation between two Buffer.from calls was not touched in between (decisions 0065, 0066).
  const fromThePool = () => {
    let buffer = Buffer.from("a");
    while (buffer.buffer.byteLength - buffer.byteOffset < 4096) buffer = Buffer.from("a");
    return buffer;
  };

  it("takes no bytes from Buffer's shared pool", () => {
    const key = voterCookieKey("site secret");
    const cookies = ["a", "b", "c"].map((letter) => sign(letter.repeat(22), "site secret"));
    const before = fromThePool();
    for (const cookie of cookies) assert.ok(isVoterCookieOf(cookie, `anon:${cookie.slice(0, 22)}`, key));
    assert.ok(!isVoterCookieOf(`${cookies[0]}x`, `anon:${"a".repeat(22)}`, key));
    const after = Buffer.from("a");
    assert.equal(after.buffer, before.buffer);
    assert.equal(after.byteOffset, before.byteOffset + 8);
  });
});
