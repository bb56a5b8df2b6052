import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AppError } from "../../core/errors.js";
import { MemoryRateLimiter } from "../../http/limiter.js";
import type { Reader } from "../readers/reader.js";
import { CommentLimits, checkPosting, type PostingAttempt } from "./comment.posting.js";
import { MIN_FORM_MS, stampForm } from "./form-stamp.js";

const SECRET = "test-secret";
const SHOWN_AT = 1_700_000_000_000;
const settings = {
  commentPolicy: "publish",
  commentsOpenTo: "anyone",
  bannedWords: "",
  commentLimitPerMinutePerIp: 3,
  commentLimitPerMinutePerReader: 2,
} as const;

/** A person's post: the form shown five seconds ago, the honeypot empty, a real address. */
const attempt = (
  changes: Partial<PostingAttempt> & { form?: PostingAttempt["form"] } = {},
): PostingAttempt => ({
  settings,
  secret: SECRET,
  now: SHOWN_AT + 5_000,
  reader: undefined,
  ...changes,
  form: { stamp: stampForm(SECRET, SHOWN_AT), website: "", email: "ada@example.org", ...changes.form },
});

const codeOf = (run: () => void) => {
  try {
    run();
    return "passed";
  } catch (error) {
    return (error as AppError).code;
  }
};

describe("comment posting phases", () => {
  it("lets a person's post through", () => {
    assert.equal(
      codeOf(() => checkPosting(attempt())),
      "passed",
    );
  });

  it("catches a filled-in honeypot before anything else, even a bad stamp", () => {
    assert.equal(
      codeOf(() => checkPosting(attempt({ form: { website: "http://spam", stamp: "x" } }))),
      "SPAM_TRAP",
    );
  });

  it("refuses a form sent faster than a person types, or with a forged or missing stamp", () => {
    assert.equal(
      codeOf(() => checkPosting(attempt({ now: SHOWN_AT + MIN_FORM_MS - 1 }))),
      "FORM_TOO_FAST",
    );
    const forged = `${SHOWN_AT - 60_000}.${"a".repeat(22)}`;
    assert.equal(
      codeOf(() => checkPosting(attempt({ form: { stamp: forged } }))),
      "FORM_TOO_FAST",
    );
    assert.equal(
      codeOf(() => checkPosting(attempt({ form: { stamp: undefined } }))),
      "FORM_TOO_FAST",
    );
  });

  it("asks a guest for a valid address where anyone may comment, and points at the field", () => {
    let error: AppError | undefined;
    try {
      checkPosting(attempt({ form: { email: "not an address" } }));
    } catch (thrown) {
      error = thrown as AppError;
    }
    assert.equal(error?.code, "BAD_EMAIL");
    assert.equal(error?.field, "email");
    const reader = { id: 7 } as Reader;
    assert.equal(
      codeOf(() => checkPosting(attempt({ reader, form: { email: "" } }))),
      "passed",
    );
  });
});

describe("comment limits", () => {
  it("counts per address and per commenter within a minute, and starts again the next minute", async () => {
    const limits = new CommentLimits(new MemoryRateLimiter());
    const now = 60_000 * 1000;
    const take = (ip: string, key: string, at = now) =>
      limits.take(ip, key, at, settings).then(
        () => "passed",
        (error: AppError) => error.code,
      );
    assert.equal(await take("1.1.1.1", "guest:a"), "passed");
    assert.equal(await take("1.1.1.1", "guest:a"), "passed");
    assert.equal(
      await take("2.2.2.2", "guest:a"),
      "TOO_MANY_COMMENTS",
      "a commenter's third in a minute, elsewhere",
    );
    assert.equal(await take("1.1.1.1", "guest:b"), "passed", "the address's third");
    assert.equal(await take("1.1.1.1", "guest:c"), "TOO_MANY_COMMENTS", "the address's fourth in a minute");
    assert.equal(await take("1.1.1.1", "guest:a", now + 60_000), "passed");
  });
});
