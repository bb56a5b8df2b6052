import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { notFound } from "../../core/errors.js";
import type { AppContext } from "../../http/context.js";
import { type FormProblem, submitForm, type TypedValues } from "../../http/forms.js";
import { CsrfField, IdParams, type Router } from "../../http/schemas.js";
import { h } from "../../views/jsx.js";
import { adminView, sendAdminPage } from "../admin/admin-view.js";
import { saveCampaignForm } from "./donation.admin.service.js";
import type { CampaignForm } from "./donation.forms.js";
import { campaignProgress, findCampaign, listCampaigns } from "./donation.repository.js";
import { allowedCurrencies, decimalAmount } from "./money.js";
import { CampaignEditPage, CampaignsPage, campaignFormValues } from "./views/admin-pages.js";

const CampaignBody = Type.Object({
  ...CsrfField,
  title: Type.String({ minLength: 1, maxLength: 200, pattern: "\\S" }),
  description: Type.String({ maxLength: 2000 }),
  goal: Type.String({ maxLength: 20 }),
  currency: Type.String({ pattern: "^[A-Z]{3}$" }),
  startsAt: Type.String({ maxLength: 16 }),
  endsAt: Type.String({ maxLength: 16 }),
});

/** Campaigns: the list with their progress and a form for a new one, and each one's edit page. */
/** The campaign form as typed, to show again with its error. */
const typedCampaign = (typed: TypedValues): CampaignForm => ({
  title: typed.title ?? "",
  description: typed.description ?? "",
  goal: typed.goal ?? "",
  currency: typed.currency ?? "",
  startsAt: typed.startsAt ?? "",
  endsAt: typed.endsAt ?? "",
});

export async function campaignAdminRoutes(scope: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;
  const settings = async () => (await ctx.loadChrome()).settings;

  async function showCampaigns(
    request: FastifyRequest,
    reply: FastifyReply,
    form?: CampaignForm,
    problem?: FormProblem,
  ) {
    const site = await settings();
    const campaigns = await listCampaigns(db);
    const withProgress = await Promise.all(
      campaigns.map(async (campaign) => ({ campaign, progress: await campaignProgress(db, campaign) })),
    );
    const currencies = allowedCurrencies(site.donationCurrencies);
    const newForm = form ?? {
      title: "",
      description: "",
      goal: "",
      currency: currencies[0] ?? "EUR",
      startsAt: "",
      endsAt: "",
    };
    const page = (
      <CampaignsPage
        view={await adminView(ctx, request, reply)}
        campaigns={withProgress}
        currencies={currencies}
        newForm={newForm}
        timeZone={site.timeZone}
        error={problem?.message}
      />
    );
    return sendAdminPage(reply, page, problem?.status);
  }

  scope.get("/donations/campaigns/", (request, reply) => showCampaigns(request, reply));

  scope.post(
    "/donations/campaigns/",
    { schema: { body: CampaignBody }, attachValidation: true },
    async (request, reply) => {
      const { timeZone } = await settings();
      return submitForm(request, {
        run: () => saveCampaignForm(db, request.body, { timeZone, now: ctx.clock() }),
        done: () => reply.redirect("/admin/donations/campaigns/?notice=saved", 303),
        show: (problem, typed) => showCampaigns(request, reply, typedCampaign(typed), problem),
      });
    },
  );

  scope.get("/donations/campaigns/:id/", { schema: { params: IdParams } }, async (request, reply) => {
    const campaign = await findCampaign(db, request.params.id);
    if (!campaign) throw notFound("Campaign");
    const site = await settings();
    const values = campaignFormValues(campaign, site.timeZone, decimalAmount(campaign.goal));
    const page = (
      <CampaignEditPage
        view={await adminView(ctx, request, reply)}
        id={campaign.id}
        values={values}
        currencies={allowedCurrencies(site.donationCurrencies)}
      />
    );
    return sendAdminPage(reply, page);
  });

  scope.post(
    "/donations/campaigns/:id/",
    { schema: { params: IdParams, body: CampaignBody }, attachValidation: true },
    async (request, reply) => {
      const { id } = request.params;
      const site = await settings();
      return submitForm(request, {
        run: () => saveCampaignForm(db, request.body, { timeZone: site.timeZone, now: ctx.clock(), id }),
        done: () => reply.redirect("/admin/donations/campaigns/?notice=saved", 303),
        show: async (problem, typed) => {
          const page = (
            <CampaignEditPage
              view={await adminView(ctx, request, reply)}
              id={id}
              values={typedCampaign(typed)}
              currencies={allowedCurrencies(site.donationCurrencies)}
              error={problem.message}
            />
          );
          return sendAdminPage(reply, page, problem.status);
        },
      });
    },
  );
}
