import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PublicComment } from "./comment.js";
import { decideStatus, findBannedWord, parseBannedWords } from "./comment.rules.js";
import { commentHtml, countLinks } from "./comment.text.js";
import { buildThreads, type ThreadNode } from "./comment.thread.js";

const settings = (overrides: Partial<Parameters<typeof decideStatus>[2]> = {}) => ({
  commentPolicy: "publish" as const,
  bannedWords: "",
  ...overrides,
});
const clean = { hadSpam: false, hadApproved: false };

describe("comment text", () => {
  it("keeps paragraphs and line breaks and escapes everything else", () => {
    assert.equal(
      commentHtml("One\r\ntwo\n\n\nThree <b>&</b>"),
      "<p>One<br>two</p><p>Three &lt;b&gt;&amp;&lt;/b&gt;</p>",
    );
  });

  it("links web addresses with rel nofollow ugc noopener, and nothing else", () => {
    assert.equal(
      commentHtml('see https://example.org/a?b=1&c="x" or www.example.com'),
      '<p>see <a href="https://example.org/a?b=1&amp;c=&quot;x&quot;" rel="nofollow ugc noopener">https://example.org/a?b=1&amp;c=&quot;x&quot;</a> or <a href="http://www.example.com" rel="nofollow ugc noopener">www.example.com</a></p>',
    );
    assert.equal(
      commentHtml("javascript:alert(1) mail me@example.org"),
      "<p>javascript:alert(1) mail me@example.org</p>",
    );
    assert.equal(countLinks("a https://a.example b http://b.example c www.c.org"), 3);
  });
});

describe("moderation rules", () => {
  it("holds comments with more than two links whatever the policy", () => {
    assert.equal(decideStatus({ text: "", links: 2 }, clean, settings()).status, "approved");
    assert.deepEqual(decideStatus({ text: "", links: 3 }, clean, settings()), {
      status: "pending",
      reason: "links",
    });
  });

  it("finds banned words as whole words, in any case and with or without accents", () => {
    const banned = parseBannedWords("Crème\n\n  free money \nidiot");
    assert.equal(findBannedWord("I love CREME brûlée", banned), "creme");
    assert.equal(findBannedWord("creamy crèmerie", banned), undefined, "not inside other words");
    assert.equal(findBannedWord("Get FREE   money now", banned), "free money");
    assert.equal(findBannedWord("free of money", banned), undefined);
    assert.equal(findBannedWord("you IDIOT!", banned), "idiot");
    assert.equal(findBannedWord("idiotic", banned), undefined);
    const decision = decideStatus({ text: "Idiot.", links: 0 }, clean, settings({ bannedWords: "idiot" }));
    assert.deepEqual(decision, { status: "pending", reason: "banned-word" });
  });

  it("holds commenters with earlier spam, and applies the three policies", () => {
    assert.equal(
      decideStatus({ text: "", links: 0 }, { hadSpam: true, hadApproved: true }, settings()).reason,
      "earlier-spam",
    );
    assert.equal(
      decideStatus(
        { text: "", links: 0 },
        { hadSpam: false, hadApproved: true },
        settings({ commentPolicy: "hold-all" }),
      ).status,
      "pending",
    );
    assert.equal(
      decideStatus({ text: "", links: 0 }, clean, settings({ commentPolicy: "hold-first-time" })).reason,
      "first-time",
    );
    assert.equal(
      decideStatus(
        { text: "", links: 0 },
        { hadSpam: false, hadApproved: true },
        settings({ commentPolicy: "hold-first-time" }),
      ).status,
      "approved",
    );
  });
});

describe("threads", () => {
  let clock = 0;
  const comment = (
    id: number,
    parentId: number | null,
    depth: number,
    status: PublicComment["status"] = "approved",
  ) => ({
    id,
    parentId,
    threadId: 1,
    depth,
    authorName: `Name ${id}`,
    body: `Text ${id}`,
    status,
    createdAt: ++clock,
    editedAt: null,
  });
  const shape = (nodes: ThreadNode[]): unknown[] =>
    nodes.map((node) => [
      node.id,
      node.comment ? "" : "placeholder",
      node.inReplyTo ?? "",
      shape(node.replies),
    ]);

  it("nests to depth 4 and lists deeper replies flat at the fourth level, saying whom they answer", () => {
    const rows = [
      comment(1, null, 0),
      comment(2, 1, 1),
      comment(3, 2, 2),
      comment(4, 3, 3),
      comment(5, 4, 4),
      comment(6, 5, 5),
      comment(7, 3, 3),
    ];
    const tree = buildThreads(rows, (c) => c.status === "approved", [1]);
    assert.deepEqual(shape(tree), [
      [
        1,
        "",
        "",
        [
          [
            2,
            "",
            "",
            [
              [
                3,
                "",
                "",
                [
                  [4, "", "", []],
                  [5, "", "Name 4", []],
                  [6, "", "Name 5", []],
                  [7, "", "", []],
                ],
              ],
            ],
          ],
        ],
      ],
    ]);
  });

  it("keeps a removed comment as a placeholder only when public replies hang below it", () => {
    const rows = [comment(1, null, 0, "removed"), comment(2, 1, 1), comment(3, 2, 2, "pending")];
    assert.deepEqual(shape(buildThreads(rows, (c) => c.status === "approved", [1])), [
      [1, "placeholder", "", [[2, "", "", []]]],
    ]);
    const lonely = [comment(1, null, 0), comment(2, 1, 1, "spam")];
    assert.deepEqual(shape(buildThreads(lonely, (c) => c.status === "approved", [1])), [[1, "", "", []]]);
  });
});
