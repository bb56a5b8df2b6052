import type { LightMyRequestResponse } from "fastify";
import { COMMENTER_COOKIE } from "../../src/features/comments/article-comments.js";
import { postComment } from "../../src/features/comments/comment.service.js";
import type { Db } from "../../src/storage/storage.js";
import type { TestApp } from "./app.js";

/** A reader's browser on the comment forms: keeps its cookies and waits like a person before posting. */
export function commenter(testApp: TestApp, ip = "203.0.113.9") {
  const cookies: Record<string, string> = {};
  const remember = (response: LightMyRequestResponse) => {
    for (const cookie of response.cookies) cookies[cookie.name] = cookie.value;
    return response;
  };
  const get = async (url: string) => remember(await testApp.app.inject({ url, cookies, remoteAddress: ip }));
  const postForm = async (
    url: string,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
  ) =>
    remember(
      await testApp.app.inject({
        method: "POST",
        url,
        cookies,
        remoteAddress: ip,
        payload: new URLSearchParams(fields).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      }),
    );
  /** Opens the article, reads the form's time stamp, waits five seconds and posts. */
  async function comment(
    slug: string,
    fields: Record<string, string>,
    options: { wait?: number; headers?: Record<string, string> } = {},
  ) {
    const page = await get(`/${slug}/`);
    const stamp = /name="stamp" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
    testApp.setNow(testApp.now() + (options.wait ?? 5_000));
    return postForm(`/${slug}/comments`, { stamp, website: "", ...fields }, options.headers);
  }
  return { cookies, get, postForm, comment, hasGuestCookie: () => COMMENTER_COOKIE in cookies };
}

/** The id of the comment a post redirected to. */
export const postedId = (response: LightMyRequestResponse) => {
  const id = /#comment-(\d+)$/.exec(String(response.headers.location))?.[1];
  if (!id)
    throw new Error(`no comment in the redirect (${response.statusCode}: ${response.body.slice(0, 300)})`);
  return Number(id);
};

/** A comment straight through the service (publish policy unless said otherwise), for tests that need many. */
export async function seedComment(
  db: Db,
  input: {
    articleId: number;
    now: number;
    parentId?: number | null;
    text?: string;
    name?: string;
    key?: string;
    policy?: "publish" | "hold-all";
  },
) {
  const key = input.key ?? `guest:seed${++seeded}`;
  return postComment(
    db,
    { commentPolicy: input.policy ?? "publish", commentsOpenTo: "anyone", bannedWords: "" },
    {
      article: { id: input.articleId, commentsClosed: false },
      parentId: input.parentId ?? null,
      text: input.text ?? `Comment ${seeded}`,
      notifyReplies: false,
      commenter: {
        kind: "guest",
        key,
        name: input.name ?? `Reader ${seeded}`,
        email: `reader${seeded}@example.org`,
      },
      ipHash: "test",
      now: input.now,
    },
  );
}
let seeded = 0;
