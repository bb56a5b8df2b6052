import { type Static, Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "../../http/context.js";
import { CsrfField, type Router } from "../../http/schemas.js";
import { h } from "../../views/jsx.js";
import { requirePermission } from "../accounts/roles.js";
import { currentStaff } from "../accounts/staff-session.js";
import { adminView, sendAdminPage } from "../admin/admin-view.js";
import { HeldVotesPage, parseGroupValue } from "./views/review-page.js";
import {
  countHeldVotes,
  discardHeldVotes,
  HELD_GROUPS_SHOWN,
  type HeldGroupKey,
  listHeldVoteGroups,
} from "./vote.review.js";

const PAGE = "/admin/votes/held/";

// One checkbox per group, "articleId:reason"; Fastify's Ajv turns a single value into a one-item array.
const ReviewBody = Type.Object({
  ...CsrfField,
  group: Type.Optional(
    Type.Array(Type.String({ pattern: "^[1-9][0-9]{0,9}:", maxLength: 64 }), { maxItems: 1000 }),
  ),
});
const NoticeQuery = Type.Object({ notice: Type.Optional(Type.String({ maxLength: 40 })) });
type ReviewRequest = FastifyRequest<{ Body: Static<typeof ReviewBody> }>;

/** Held reader votes, for editors and up: count them into the points or discard them, a group at a time. */
export async function voteReviewRoutes(admin: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;

  async function showPage(request: FastifyRequest, reply: FastifyReply, error?: string) {
    const [groups, chrome] = await Promise.all([
      listHeldVoteGroups(db, HELD_GROUPS_SHOWN + 1),
      ctx.loadChrome(),
    ]);
    const view = await adminView(ctx, request, reply);
    const page = (
      <HeldVotesPage
        view={error ? { ...view, notice: { kind: "error", text: error } } : view}
        groups={groups.slice(0, HELD_GROUPS_SHOWN)}
        truncated={groups.length > HELD_GROUPS_SHOWN}
        timeZone={chrome.settings.timeZone}
      />
    );
    return sendAdminPage(reply, page, error ? 400 : 200);
  }

  /** The groups ticked on the form; none (or a forged value) shows the page again with a message. */
  function selectedGroups(request: ReviewRequest): HeldGroupKey[] | undefined {
    const groups = (request.body.group ?? []).map(parseGroupValue);
    if (groups.length === 0 || groups.some((group) => group === undefined)) return undefined;
    return groups as HeldGroupKey[];
  }

  await admin.register(async (scope: Router) => {
    scope.addHook("onRequest", async (request) => {
      requirePermission(currentStaff(request).role, { kind: "reader-content.moderate" });
    });

    scope.get("/votes/held/", { schema: { querystring: NoticeQuery } }, (request, reply) =>
      showPage(request, reply),
    );

    for (const [action, apply] of [
      ["count", countHeldVotes],
      ["discard", discardHeldVotes],
    ] as const) {
      scope.post(`/votes/held/${action}`, { schema: { body: ReviewBody } }, async (request, reply) => {
        const groups = selectedGroups(request);
        if (!groups) return showPage(request, reply, "Select at least one group of votes.");
        await apply(db, groups);
        return reply.redirect(`${PAGE}?notice=saved`, 303);
      });
    }
  });
}
