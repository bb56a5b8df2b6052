import { type Static, Type } from "@sinclair/typebox";
import type { FastifyReply } from "fastify";
import type Stripe from "stripe";
import { AppError } from "../../core/errors.js";
import type { AppContext } from "../../http/context.js";
import { type FormProblem, submitForm } from "../../http/forms.js";
import { MinuteRateLimit } from "../../http/minute-limit.js";
import { assertSameOrigin } from "../../http/same-origin.js";
import type { Router } from "../../http/schemas.js";
import { computeSecurityHeaders } from "../../http/security.js";
import { readerError } from "../../i18n/reader-error.js";
import { h, renderDocument } from "../../views/jsx.js";
import type { SiteChrome } from "../../views/site.js";
import { loadStaff } from "../accounts/staff-session.js";
import { type GiftRequest, startCheckout } from "./checkout.service.js";
import { offeredIn } from "./donation.js";
import {
  campaignProgress,
  findGiftBySession,
  findRunningCampaign,
  listRewards,
  listSupporters,
} from "./donation.repository.js";
import { allowedCurrencies } from "./money.js";
import type { ReceiptSite } from "./receipts.js";
import { handleStripeEvent, verifyStripeEvent } from "./stripe-webhook.service.js";
import { type DonateFormValues, type DonateOffer, DonatePage } from "./views/donate-page.js";
import { SupportersPage, ThanksPage } from "./views/supporters-page.js";

const ThanksQuery = Type.Object({
  session: Type.Optional(Type.String({ pattern: "^cs_[A-Za-z0-9_]{1,250}$" })),
});

const DonateBody = Type.Object({
  preset: Type.Optional(Type.String({ maxLength: 20 })),
  custom: Type.Optional(Type.String({ maxLength: 20 })),
  currency: Type.String({ pattern: "^[A-Z]{3}$" }),
  frequency: Type.Union([Type.Literal("one-time"), Type.Literal("monthly")]),
  reward: Type.Optional(Type.String({ pattern: "^(none|[1-9][0-9]{0,9})$" })),
  publicName: Type.Optional(Type.String({ maxLength: 80 })),
  publicMessage: Type.Optional(Type.String({ maxLength: 500 })),
  listed: Type.Optional(Type.Literal("1")),
});
type DonateBody = Static<typeof DonateBody>;

/** Stripe events are small; this is far above any real one and far below what could hurt us. */
export const WEBHOOK_BODY_LIMIT = 256 * 1024;
const SUPPORTERS_SHOWN = 200;

/**
 * The donate form posts to us and we answer with a redirect to Stripe Checkout; browsers apply the
 * form's `form-action` policy to that redirect too, so this page alone also allows Checkout's origin.
 */
const CHECKOUT_ORIGIN = "https://checkout.stripe.com";
const DONATE_PAGE_CSP = (computeSecurityHeaders()["content-security-policy"] ?? "").replace(
  "form-action 'self'",
  `form-action 'self' ${CHECKOUT_ORIGIN}`,
);

/** Whether readers can give: a Stripe client and the secret to verify its webhooks are both needed. */
export const paymentsReady = (ctx: AppContext): ctx is AppContext & { stripe: Stripe } =>
  ctx.stripe !== null && ctx.config.stripeWebhookSecret !== null;

/** What receipts and shipping e-mails say about the site. */
export async function receiptSite(ctx: AppContext): Promise<ReceiptSite> {
  const { settings } = await ctx.loadChrome();
  return { title: settings.title, language: settings.language, siteUrl: ctx.config.siteUrl };
}

const formValues = (body: Partial<DonateBody>, currency: string): DonateFormValues => ({
  preset: body.preset ?? "",
  custom: body.custom ?? "",
  currency: body.currency ?? currency,
  frequency: body.frequency ?? "one-time",
  reward: body.reward ?? "none",
  publicName: body.publicName ?? "",
  publicMessage: body.publicMessage ?? "",
  listed: body.listed === "1",
});

/** The suggestion chosen before the reader chooses: the middle one (20 of 5, 10, 20, 50). */
const middlePreset = (presets: number[]) => String(presets[Math.floor(presets.length / 2)] ?? "");

/** The gift the donate form asks for: a typed amount wins over the chosen preset. */
function giftOf(body: DonateBody): GiftRequest {
  const custom = body.custom?.trim() ?? "";
  return {
    amountText: custom !== "" ? custom : (body.preset ?? ""),
    currency: body.currency,
    frequency: body.frequency,
    rewardId: body.reward && body.reward !== "none" ? Number(body.reward) : null,
    publicName: body.publicName ?? "",
    publicMessage: body.publicMessage ?? "",
    listed: body.listed === "1",
  };
}

/** `/donate/`, `/donate/thanks/`, `/supporters/`: rendered per request, as campaign totals move with every gift. */
export async function donationRoutes(app: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;

  async function loadOffer(chrome: SiteChrome): Promise<DonateOffer> {
    const { settings } = chrome;
    const currencies = allowedCurrencies(settings.donationCurrencies);
    const [rewards, campaign] = await Promise.all([
      listRewards(db, { activeOnly: true }),
      findRunningCampaign(db, ctx.clock()),
    ]);
    const offered = rewards.filter((reward) => offeredIn(reward, currencies));
    return {
      currencies,
      presets: settings.donationPresets.split(",").map(Number),
      rewards: offered,
      campaign: campaign ? { campaign, progress: await campaignProgress(db, campaign) } : undefined,
    };
  }

  async function showDonatePage(
    reply: FastifyReply,
    options: { status?: number; values?: Partial<DonateBody>; problem?: FormProblem; staffNotice?: string },
  ) {
    const chrome = await ctx.loadChrome();
    const offer = await loadOffer(chrome);
    const values = formValues(options.values ?? {}, offer.currencies[0] ?? "EUR");
    const page = (
      <DonatePage
        chrome={chrome}
        offer={offer}
        values={{ ...values, preset: options.values ? values.preset : middlePreset(offer.presets) }}
        open={paymentsReady(ctx)}
        staffNotice={options.staffNotice}
        problem={options.problem}
      />
    );
    return reply
      .code(options.status ?? 200)
      .header("cache-control", "no-store")
      .header("content-security-policy", DONATE_PAGE_CSP)
      .type("text/html; charset=utf-8")
      .send(renderDocument(page));
  }

  app.get("/donate/", async (request, reply) => {
    let staffNotice: string | undefined;
    if (!paymentsReady(ctx) && (await loadStaff(db, request, ctx.clock()))) {
      staffNotice =
        "Staff only: payments are not set up. Set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET and restart the site.";
    }
    return showDonatePage(reply, { staffNotice });
  });
  app.get("/donate", (_request, reply) => reply.redirect("/donate/", 301));

  app.post("/donate/", { schema: { body: DonateBody }, attachValidation: true }, async (request, reply) => {
    assertSameOrigin(request);
    if (!paymentsReady(ctx)) throw readerError("PAYMENTS_OFF", 503, "problem.paymentsOff");
    const chrome = await ctx.loadChrome();
    return submitForm(request, {
      // A refused gift (a 4xx, sold out included) shows the form again with the reason.
      keepsInput: () => true,
      run: () =>
        startCheckout(
          {
            db,
            stripe: ctx.stripe,
            siteUrl: ctx.config.siteUrl,
            settings: chrome.settings,
            now: ctx.clock(),
          },
          giftOf(request.body),
        ),
      done: ({ url }) => reply.redirect(url, 303),
      show: (problem, typed) =>
        showDonatePage(reply, {
          status: problem.status,
          values: typed as Partial<DonateBody>,
          problem,
        }),
    });
  });

  app.get("/donate/thanks/", { schema: { querystring: ThanksQuery } }, async (request, reply) => {
    const session = request.query.session;
    const [chrome, gift] = await Promise.all([
      ctx.loadChrome(),
      session ? findGiftBySession(db, session) : undefined,
    ]);
    const page = <ThanksPage chrome={chrome} gift={gift} />;
    return reply
      .header("cache-control", "no-store")
      .type("text/html; charset=utf-8")
      .send(renderDocument(page));
  });

  app.get("/supporters/", async (_request, reply) => {
    const [chrome, supporters] = await Promise.all([ctx.loadChrome(), listSupporters(db, SUPPORTERS_SHOWN)]);
    const page = <SupportersPage chrome={chrome} supporters={supporters} />;
    return reply
      .header("cache-control", "no-cache")
      .type("text/html; charset=utf-8")
      .send(renderDocument(page));
  });
  app.get("/supporters", (_request, reply) => reply.redirect("/supporters/", 301));

  await stripeWebhookRoutes(app, ctx);
}

const WARNINGS_PER_MINUTE = 5;

/**
 * `POST /webhooks/stripe` in a scope of its own: the signature covers the exact bytes Stripe sent, so
 * this route alone reads the body raw (any content type, a small limit); other routes keep their parsers.
 */
async function stripeWebhookRoutes(app: Router, ctx: AppContext): Promise<void> {
  // A forged-request flood or a busy second site must not flood the log; unmatched events are all kept in the table.
  const logWarnings = new MinuteRateLimit();
  await app.register(async (scope: Router) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      "*",
      { parseAs: "buffer", bodyLimit: WEBHOOK_BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );
    scope.post("/webhooks/stripe", { bodyLimit: WEBHOOK_BODY_LIMIT }, async (request, reply) => {
      reply.header("cache-control", "no-store");
      // Stripe shows our answer in its dashboard: JSON, whatever its Accept header says.
      const refuse = (status: number, code: string, message: string) =>
        reply.code(status).send({ error: { code, message } });
      const secret = ctx.config.stripeWebhookSecret;
      if (!ctx.stripe || !secret) {
        ctx.metrics.webhookAnswered("payments_off");
        return refuse(503, "PAYMENTS_OFF", "Payments are not set up.");
      }
      const now = ctx.clock();
      let event: Stripe.Event;
      try {
        event = verifyStripeEvent(ctx.stripe, secret, request.body, request.headers["stripe-signature"], now);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (logWarnings.allow("signature", now, WARNINGS_PER_MINUTE)) {
          request.log.warn(
            { ip: request.ip },
            "Stripe webhook refused: the signature does not match STRIPE_WEBHOOK_SECRET (or is missing or stale)",
          );
        }
        ctx.metrics.webhookAnswered("refused");
        return refuse(error.status, error.code, error.message);
      }
      const outcome = await handleStripeEvent(
        {
          db: ctx.storage.db,
          stripe: ctx.stripe,
          mailer: ctx.mailer,
          now,
          loadSite: () => receiptSite(ctx),
          onReceiptFailure: (error, donationId) =>
            request.log.error({ err: error, donationId }, "receipt not sent"),
        },
        event,
      );
      const { unmatched } = outcome;
      ctx.metrics.webhookAnswered(!outcome.applied ? "duplicate" : unmatched ? "unmatched" : "applied");
      if (unmatched && outcome.applied && logWarnings.allow("unmatched", now, WARNINGS_PER_MINUTE)) {
        const { eventId, type, objectId, reason } = unmatched;
        request.log.warn(
          { eventId, type, objectId, reason },
          "Stripe event not for this site (listed under Donations → Unmatched Stripe events)",
        );
      }
      return { received: true, duplicate: !outcome.applied, matched: unmatched === null };
    });
  });
}
