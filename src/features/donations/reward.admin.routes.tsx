import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { notFound } from "../../core/errors.js";
import type { AppContext } from "../../http/context.js";
import { type FormProblem, submitForm, type TypedValues } from "../../http/forms.js";
import { CsrfField, IdParams, type Router } from "../../http/schemas.js";
import { h } from "../../views/jsx.js";
import { adminView, sendAdminPage } from "../admin/admin-view.js";
import { saveRewardForm } from "./donation.admin.service.js";
import { minimumsText, type RewardForm } from "./donation.forms.js";
import { findReward, listRewards } from "./donation.repository.js";
import { RewardEditPage, RewardsPage } from "./views/admin-pages.js";

const RewardBody = Type.Object({
  ...CsrfField,
  name: Type.String({ minLength: 1, maxLength: 120, pattern: "\\S" }),
  description: Type.String({ maxLength: 2000 }),
  imageUrl: Type.String({ maxLength: 500, pattern: "^$|^/media/[^\\s\"'<>]+$" }),
  physical: Type.Optional(Type.Literal("1")),
  shipCountries: Type.String({ maxLength: 1000 }),
  stock: Type.String({ maxLength: 7 }),
  active: Type.Optional(Type.Literal("1")),
  minimums: Type.String({ maxLength: 500 }),
});
const emptyReward: RewardForm = {
  name: "",
  description: "",
  imageUrl: "",
  shipCountries: "",
  stock: "",
  active: "1",
  minimums: "",
};

/** Rewards: the list with a form for a new one, and each one's edit page. */
/** The reward form as typed, to show again with its error (an unticked box is absent). */
const typedReward = (typed: TypedValues): RewardForm => ({
  name: typed.name ?? "",
  description: typed.description ?? "",
  imageUrl: typed.imageUrl ?? "",
  physical: typed.physical === "1" ? "1" : undefined,
  shipCountries: typed.shipCountries ?? "",
  stock: typed.stock ?? "",
  active: typed.active === "1" ? "1" : undefined,
  minimums: typed.minimums ?? "",
});

export async function rewardAdminRoutes(scope: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;

  async function showRewards(
    request: FastifyRequest,
    reply: FastifyReply,
    form = emptyReward,
    problem?: FormProblem,
  ) {
    const rewards = await listRewards(db, { activeOnly: false });
    const page = (
      <RewardsPage
        view={await adminView(ctx, request, reply)}
        rewards={rewards}
        newForm={form}
        error={problem?.message}
      />
    );
    return sendAdminPage(reply, page, problem?.status);
  }

  scope.get("/donations/rewards/", (request, reply) => showRewards(request, reply));

  scope.post(
    "/donations/rewards/",
    { schema: { body: RewardBody }, attachValidation: true },
    (request, reply) =>
      submitForm(request, {
        run: () => saveRewardForm(db, request.body, ctx.clock()),
        done: () => reply.redirect("/admin/donations/rewards/?notice=saved", 303),
        show: (problem, typed) => showRewards(request, reply, typedReward(typed), problem),
      }),
  );

  scope.get("/donations/rewards/:id/", { schema: { params: IdParams } }, async (request, reply) => {
    const reward = await findReward(db, request.params.id);
    if (!reward) throw notFound("Reward");
    const values: RewardForm = {
      name: reward.name,
      description: reward.description,
      imageUrl: reward.imageUrl,
      physical: reward.physical ? "1" : undefined,
      shipCountries: reward.shipCountries.join(", "),
      stock: reward.stock === null ? "" : String(reward.stock),
      active: reward.active ? "1" : undefined,
      minimums: minimumsText(reward.minimums),
    };
    return sendAdminPage(
      reply,
      <RewardEditPage view={await adminView(ctx, request, reply)} id={reward.id} values={values} />,
    );
  });

  scope.post(
    "/donations/rewards/:id/",
    { schema: { params: IdParams, body: RewardBody }, attachValidation: true },
    (request, reply) => {
      const { id } = request.params;
      return submitForm(request, {
        run: () => saveRewardForm(db, request.body, ctx.clock(), id),
        done: () => reply.redirect("/admin/donations/rewards/?notice=saved", 303),
        show: async (problem, typed) => {
          const view = await adminView(ctx, request, reply);
          const page = (
            <RewardEditPage view={view} id={id} values={typedReward(typed)} error={problem.message} />
          );
          return sendAdminPage(reply, page, problem.status);
        },
      });
    },
  );
}
