import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError, notFound } from "../../core/errors.js";
import { isSlug } from "../../core/slug.js";
import { ArticleSlugParams, errorResponses, raceOnly } from "../../http/api-contract.js";
import type { AppContext } from "../../http/context.js";
import { assertSameOrigin } from "../../http/same-origin.js";
import { type Router, SlugParams } from "../../http/schemas.js";
import { publicArticleIdReader } from "../articles/article.queries.js";
import { readerVoterKey } from "../readers/reader.js";
import { currentReader, hasReaderCookie } from "../readers/reader-session.js";
import { getSiteSecret } from "../settings/settings.js";
import { addressHasher } from "./network.js";
import { voterKeyOf } from "./own-vote.js";
import {
  CastVoteResult,
  Scores,
  ScoresQuery,
  VOTER_COOKIE_SCHEME,
  VoteBody,
  VoteTally,
} from "./vote.api-schemas.js";
import { summarizeVotes } from "./vote.math.js";
import { countsByIdReader, readCountsOf, readVoterValue } from "./vote.repository.js";
import { VoteContention } from "./vote.service.js";
import type { VoteValue } from "./vote.table.js";
import { ForgedVoterCookie, VoteWriter } from "./vote.writer.js";
import { claimVoterCookie, issueVoterCookie, readVoterCookie } from "./voter-cookie.js";

const FormBody = Type.Object({
  value: Type.Union([Type.Literal("1"), Type.Literal("-1"), Type.Literal("0")]),
});
const voterCookieNeeded = [{ [VOTER_COOKIE_SCHEME]: [] }];

const forgedCookie = () => new AppError("FORGED_VOTER_COOKIE", 400, "The voter cookie was tampered with.");
const needsCookie = () =>
  new AppError(
    "NO_VOTER_COOKIE",
    401,
    "Voting needs the voter cookie: GET this URL first, then send the vote with the cookie it sets.",
  );
const voteConflict = () =>
  new AppError("VOTE_CONFLICT", 409, "Your vote changed elsewhere at the same moment. Please vote again.");
const tooFast = () =>
  new AppError("TOO_MANY_VOTES", 429, "You are voting too fast. Wait a minute and try again.");

/** Reader votes: the no-JavaScript form, the JSON API, and the rules every vote passes through. */
export async function voteRoutes(app: Router, ctx: AppContext): Promise<VoteWriter> {
  const { db } = ctx.storage;
  const secret = await getSiteSecret(db);
  const writer = new VoteWriter(ctx.storage, secret, {
    admission: ctx.loopShare,
    log: app.log,
    observeBatch: ctx.metrics.voteBatchWritten,
  });
  const countsOf = countsByIdReader(ctx.storage);
  const findArticleId = publicArticleIdReader(ctx.storage);
  const hashesOf = addressHasher(secret);
  const settings = async () => (await ctx.loadChrome()).settings;

  async function articleIdOf(slug: string): Promise<number> {
    const id = isSlug(slug) ? await findArticleId(slug, ctx.clock()) : undefined;
    if (id === undefined) throw notFound("Article");
    return id;
  }

  /** Every vote, from the form or the API, passes here: origin, article, reader limit, then the writer. */
  async function vote(
    request: FastifyRequest,
    slug: string,
    voter: { key: string; fresh: boolean; signedCookie?: string },
    value: VoteValue,
  ) {
    assertSameOrigin(request);
    const articleId = await articleIdOf(slug);
    const now = ctx.clock();
    const limits = await settings();
    const allowed = await ctx.limiter.allow(now, [
      { key: `vote-ip:${request.ip}`, perMinute: limits.voteLimitPerMinutePerIp },
      { key: `vote-reader:${voter.key}`, perMinute: limits.voteLimitPerMinutePerReader },
    ]);
    if (!allowed) throw tooFast();
    const { result, counts } = await writer
      .submit({
        articleId,
        voterKey: voter.key,
        value,
        ...hashesOf(request.ip),
        freshVoter: voter.fresh,
        ...(voter.signedCookie === undefined ? {} : { voterCookie: voter.signedCookie }),
        now,
        limits: { networkPerHour: limits.voteNetworkLimitPerHour },
      })
      .catch((error: unknown) => {
        if (error instanceof ForgedVoterCookie) throw forgedCookie();
        throw error instanceof VoteContention ? voteConflict() : error;
      });
    return { ...summarizeVotes(counts), mine: result.value, held: result.status === "held" };
  }

  /** A signed-in reader votes as their account, so their vote follows them to every device. */
  async function accountVoterKey(request: FastifyRequest): Promise<string | undefined> {
    if (!hasReaderCookie(request)) return undefined;
    const reader = await currentReader(db, request, ctx.clock());
    return reader ? readerVoterKey(reader.id) : undefined;
  }

  /** The reader for a form post: their account, their cookie, or a new cookie issued with this response. */
  async function formVoter(request: FastifyRequest, reply: FastifyReply) {
    const account = await accountVoterKey(request);
    if (account) return { key: account, fresh: false };
    const cookie = claimVoterCookie(request);
    if (cookie.kind === "forged") throw forgedCookie();
    if (cookie.kind === "claimed")
      return { key: cookie.voterKey, fresh: false, signedCookie: cookie.signedCookie };
    return { key: issueVoterCookie(reply, ctx.config), fresh: true };
  }

  app.post(
    "/:slug/vote",
    { schema: { params: SlugParams, body: FormBody }, bodyLimit: 1024 },
    async (request, reply) => {
      const { slug } = request.params;
      await vote(request, slug, await formVoter(request, reply), Number(request.body.value) as VoteValue);
      return reply.redirect(`/${slug}/#votes`, 303);
    },
  );

  app.get(
    "/api/v1/articles/:slug/votes",
    {
      schema: {
        tags: ["votes"],
        operationId: "getArticleVotes",
        summary: "An article's votes and the reader's own; sets the voter cookie if missing",
        params: ArticleSlugParams,
        response: {
          200: VoteTally,
          ...errorResponses([404], { 404: "No published article has this slug." }),
        },
      },
    },
    async (request, reply) => {
      const articleId = await articleIdOf(request.params.slug);
      const key = await voterKeyOf(db, request, ctx.clock());
      if (!key && readVoterCookie(request).kind === "none") issueVoterCookie(reply, ctx.config);
      const mine = key ? await readVoterValue(db, articleId, key) : 0;
      reply.header("cache-control", "no-store");
      return { ...summarizeVotes(await countsOf(articleId)), mine };
    },
  );

  app.get(
    "/api/v1/votes",
    {
      schema: {
        tags: ["votes"],
        operationId: "listVoteScores",
        summary: "Points and totals of several articles, for list pages",
        querystring: ScoresQuery,
        response: { 200: Scores, ...errorResponses([400]) },
      },
    },
    async (request, reply) => {
      const ids = [...new Set(request.query.articles.split(",").map(Number))];
      const counts = await readCountsOf(db, ids);
      reply.header("cache-control", "no-store");
      return Object.fromEntries(
        ids.map((id) => {
          const { points, total } = summarizeVotes(counts.get(id) ?? { up: 0, down: 0 });
          return [id, { points, total }];
        }),
      );
    },
  );

  app.post(
    "/api/v1/articles/:slug/votes",
    {
      schema: {
        tags: ["votes"],
        operationId: "castVote",
        summary: "Vote on an article as this reader (up, down, or take the vote back)",
        params: ArticleSlugParams,
        body: VoteBody,
        security: voterCookieNeeded,
        // Three changes to this reader's vote landing under this one (decision 0031).
        ...raceOnly(409),
        response: {
          200: CastVoteResult,
          ...errorResponses([400, 401, 403, 404, 409, 413, 415, 429], {
            400: "The body is not `{ value: 1 | -1 | 0 }` exactly, or the voter cookie was tampered with.",
            401: "No voter cookie: GET this URL first, then send the vote with the cookie it set.",
            429: "This reader or address votes too fast; wait a minute.",
          }),
        },
      },
      bodyLimit: 1024,
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      const account = await accountVoterKey(request);
      if (account)
        return vote(request, request.params.slug, { key: account, fresh: false }, request.body.value);
      const cookie = claimVoterCookie(request);
      if (cookie.kind === "forged") throw forgedCookie();
      if (cookie.kind === "none") throw needsCookie();
      const voter = { key: cookie.voterKey, fresh: false, signedCookie: cookie.signedCookie };
      return vote(request, request.params.slug, voter, request.body.value);
    },
  );
  return writer;
}
