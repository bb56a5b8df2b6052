import { Type } from "@sinclair/typebox";
import type { CookieScheme } from "../../http/api-contract.js";
import type { VoteValue } from "./vote.table.js";
import { VOTER_COOKIE } from "./voter-cookie.js";

/** The name the votes API's operations use for their credentials in the OpenAPI document. */
export const VOTER_COOKIE_SCHEME = "voterCookie";

export const voterCookieScheme: CookieScheme = {
  type: "apiKey",
  in: "cookie",
  name: VOTER_COOKIE,
  description:
    "An anonymous reader's signed id, HttpOnly and SameSite=Lax. `GET /api/v1/articles/{slug}/votes` " +
    "sets it when the request carries none; a signed-in reader's session cookie works instead.",
};

// One enum rather than a union of constants: one clear validation message, one literal type in clients.
const VoteValueSchema = Type.Unsafe<VoteValue>({
  type: "integer",
  enum: [1, -1, 0],
  description: "1 up, -1 down, 0 takes the reader's vote back.",
});

export const VoteBody = Type.Object(
  { value: VoteValueSchema },
  { additionalProperties: false, examples: [{ value: 1 }] },
);

const Percent = Type.String({ pattern: "^[0-9]{1,3}\\.[0-9]{6}$", description: "Six decimals, no % sign." });

const tally = {
  points: Type.Integer({ description: "Upvotes minus downvotes." }),
  total: Type.Integer({ minimum: 0 }),
};

export const VoteTally = Type.Object(
  {
    ...tally,
    up: Type.Integer({ minimum: 0 }),
    down: Type.Integer({ minimum: 0 }),
    upPercent: Percent,
    downPercent: Percent,
    mine: VoteValueSchema,
  },
  { additionalProperties: false, description: "The article's votes, and this reader's own." },
);

export const CastVoteResult = Type.Object(
  {
    ...VoteTally.properties,
    held: Type.Boolean({ description: "True when the vote waits for review and is not counted yet." }),
  },
  { additionalProperties: false, description: "The counts after the vote." },
);

/** Up to 100 article ids, for the compact scores on list pages. */
export const ScoresQuery = Type.Object({
  articles: Type.String({
    pattern: "^[1-9][0-9]{0,9}(,[1-9][0-9]{0,9}){0,99}$",
    description: "Up to 100 comma-separated article ids.",
    examples: ["1,2"],
  }),
});

export const Scores = Type.Object(
  {},
  {
    additionalProperties: Type.Object(tally, { additionalProperties: false }),
    description: "Points and total votes, keyed by article id.",
  },
);
