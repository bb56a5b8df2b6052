import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply } from "fastify";
import { AppError } from "../../core/errors.js";
import type { AppContext } from "../../http/context.js";
import { sendPersonalPage } from "../../http/page-response.js";
import { assertSameOrigin } from "../../http/same-origin.js";
import type { MessageKey } from "../../i18n/catalog.js";
import type { I18n } from "../../i18n/i18n.js";
import { readerError } from "../../i18n/reader-error.js";
import type { Db } from "../../storage/storage.js";
import { type Html, h } from "../../views/jsx.js";
import type { SiteChrome } from "../../views/site.js";
import { EMAIL_PATTERN } from "../accounts/user.js";
import { currentReader } from "../readers/reader-session.js";
import { getSiteSecret } from "../settings/settings.js";
import { applyBounceReport, verifySignedReport } from "./bounce.service.js";
import { listNewsletters } from "./newsletter.repository.js";
import {
  chooseSubscriptions,
  confirmSubscription,
  isOptInUsable,
  isUnsubscribeLinkValid,
  requestSubscription,
  subscriptionsOf,
  unsubscribeWithLink,
} from "./subscription.service.js";
import { newsletterSecret, UNSUBSCRIBE_TOKEN_PATTERN } from "./unsubscribe-link.js";
import {
  AccountNewslettersPage,
  ConfirmActionPage,
  DonePage,
  NewsletterSignup,
  NewslettersPage,
} from "./views/newsletter-pages.js";

/** The sign-up form below the home page's list (registered in app.ts); none before a newsletter exists. */
export const newsletterHomeSignup = async (db: Db, i18n: I18n) => (
  <NewsletterSignup newsletters={await listNewsletters(db)} i18n={i18n} />
);

const NewsletterId = Type.String({ pattern: "^[1-9][0-9]{0,9}$" });
const SubscribeBody = Type.Object({
  email: Type.String({ maxLength: 320, pattern: EMAIL_PATTERN }),
  // One checkbox sends a string, several an array ("[]" keeps HTML validators happy with shared names).
  "newsletter[]": Type.Union([NewsletterId, Type.Array(NewsletterId, { minItems: 1, maxItems: 50 })]),
});
// Nothing ticked sends no field at all: leaving every newsletter.
const ChooseBody = Type.Object({
  "newsletter[]": Type.Optional(Type.Union([NewsletterId, Type.Array(NewsletterId, { maxItems: 50 })])),
});
const OptInParams = Type.Object({ token: Type.String({ pattern: "^[A-Za-z0-9_-]{20,100}$" }) });
const UnsubscribeParams = Type.Object({ token: Type.String({ pattern: UNSUBSCRIBE_TOKEN_PATTERN }) });
const PageQuery = Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })) });

/** Confirmations chosen by code, so a crafted link cannot put its own words on the page. */
const NOTICES: Readonly<Record<string, MessageKey>> = { sent: "newsletters.sent" };

/** Subscription requests one client may make per minute (each may mail a confirmation). */
const SUBSCRIBES_PER_MINUTE = 5;

/**
 * `/newsletters/`: the list and sign-up, the double opt-in confirmation, and the one-click
 * unsubscribe every e-mail links to (RFC 8058: a POST with no sign-in, from the mailbox provider).
 */
export async function newsletterRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;
  const secret = newsletterSecret(await getSiteSecret(db));

  const sendHtml = (reply: FastifyReply, render: (chrome: SiteChrome) => Html, status = 200) =>
    sendPersonalPage(reply, ctx.loadChrome, render, status);

  app.get<{ Querystring: Static<typeof PageQuery> }>(
    "/newsletters/",
    { schema: { querystring: PageQuery } },
    async (request, reply) => {
      const newsletters = await listNewsletters(db);
      const notice = NOTICES[request.query.notice ?? ""];
      return sendHtml(reply, (chrome) => (
        <NewslettersPage
          chrome={chrome}
          newsletters={newsletters}
          notice={notice ? chrome.t(notice) : undefined}
        />
      ));
    },
  );
  app.get("/newsletters", async (_request, reply) => reply.redirect("/newsletters/", 301));

  app.post<{ Body: Static<typeof SubscribeBody> }>(
    "/newsletters/subscribe",
    { schema: { body: SubscribeBody }, bodyLimit: 4096 },
    async (request, reply) => {
      assertSameOrigin(request);
      const check = { key: `newsletter-subscribe-ip:${request.ip}`, perMinute: SUBSCRIBES_PER_MINUTE };
      if (!(await ctx.limiter.allow(ctx.clock(), [check])))
        throw readerError("TOO_MANY_REQUESTS", 429, "problem.subscribesFromHere");
      const { settings, i18n } = await ctx.loadChrome();
      const ids = [request.body["newsletter[]"]].flat().map(Number);
      await requestSubscription(db, ctx.mailer, {
        email: request.body.email,
        newsletterIds: ids,
        siteUrl: ctx.config.siteUrl,
        siteTitle: settings.title,
        i18n,
        now: ctx.clock(),
      });
      return reply.redirect("/newsletters/?notice=sent", 303);
    },
  );

  app.get<{ Params: Static<typeof OptInParams> }>(
    "/newsletters/confirm/:token",
    { schema: { params: OptInParams } },
    async (request, reply) => {
      const usable = await isOptInUsable(db, request.params.token, ctx.clock());
      return sendHtml(reply, (chrome) => (
        <ConfirmActionPage
          chrome={chrome}
          title={chrome.t("newsletters.confirm.title")}
          action={`/newsletters/confirm/${request.params.token}`}
          button={chrome.t("newsletters.confirm.button")}
          usable={usable}
          unusable={chrome.t("newsletters.confirm.unusable")}
        />
      ));
    },
  );

  app.post<{ Params: Static<typeof OptInParams> }>(
    "/newsletters/confirm/:token",
    { schema: { params: OptInParams } },
    async (request, reply) => {
      assertSameOrigin(request);
      await confirmSubscription(db, request.params.token, ctx.clock());
      return sendHtml(reply, (chrome) => (
        <DonePage
          chrome={chrome}
          title={chrome.t("newsletters.subscribed")}
          text={chrome.t("newsletters.subscribedText")}
        />
      ));
    },
  );

  app.get<{ Params: Static<typeof UnsubscribeParams> }>(
    "/newsletters/unsubscribe/:token",
    { schema: { params: UnsubscribeParams } },
    async (request, reply) =>
      sendHtml(reply, (chrome) => (
        <ConfirmActionPage
          chrome={chrome}
          title={chrome.t("newsletters.unsubscribe.title")}
          action={`/newsletters/unsubscribe/${request.params.token}`}
          button={chrome.t("newsletters.unsubscribe.button")}
          usable={isUnsubscribeLinkValid(secret, request.params.token)}
          unusable={chrome.t("newsletters.unsubscribe.unusable")}
        />
      )),
  );

  app.get("/account/newsletters/", { schema: { querystring: PageQuery } }, async (request, reply) => {
    const reader = await currentReader(db, request, ctx.clock());
    if (!reader) return reply.redirect("/account/?return_to=/account/newsletters/", 303);
    const [newsletters, chosen] = await Promise.all([listNewsletters(db), subscriptionsOf(db, reader.email)]);
    const saved = (request.query as Static<typeof PageQuery>).notice === "saved";
    return sendHtml(reply, (chrome) => (
      <AccountNewslettersPage
        chrome={chrome}
        newsletters={newsletters}
        chosen={chosen}
        notice={saved ? chrome.t("account.saved") : undefined}
      />
    ));
  });

  app.post<{ Body: Static<typeof ChooseBody> }>(
    "/account/newsletters/",
    { schema: { body: ChooseBody }, bodyLimit: 4096 },
    async (request, reply) => {
      assertSameOrigin(request);
      const reader = await currentReader(db, request, ctx.clock());
      if (!reader) throw new AppError("UNAUTHENTICATED", 401, "Sign in to continue.");
      const ids = [request.body["newsletter[]"] ?? []].flat().map(Number);
      await chooseSubscriptions(db, reader.email, ids, ctx.clock());
      return reply.redirect("/account/newsletters/?notice=saved", 303);
    },
  );

  await app.register(async (scope) => {
    scope.addContentTypeParser(
      "application/json",
      { parseAs: "buffer", bodyLimit: 64 * 1024 },
      (_request, body, done) => done(null, body),
    );
    scope.post("/webhooks/newsletter-bounces", async (request, reply) => {
      const signature = request.headers["x-masthead-signature"];
      const report = verifySignedReport(
        ctx.config.newsletterWebhookSecret,
        request.body as Buffer,
        typeof signature === "string" ? signature : undefined,
      );
      return reply.send({ result: await applyBounceReport(db, report, ctx.clock()) });
    });
  });

  await app.register(async (scope) => {
    // RFC 8058 lets the provider send its one field as multipart/form-data; only the URL matters here.
    scope.addContentTypeParser(
      "multipart/form-data",
      { parseAs: "string", bodyLimit: 1024 },
      (_request, _body, done) => done(null, {}),
    );
    // No origin check: the signed token is the authority, and RFC 8058 POSTs come from mailbox providers.
    scope.post<{ Params: Static<typeof UnsubscribeParams> }>(
      "/newsletters/unsubscribe/:token",
      { schema: { params: UnsubscribeParams }, bodyLimit: 1024 },
      async (request, reply) => {
        await unsubscribeWithLink(db, secret, request.params.token, ctx.clock());
        return sendHtml(reply, (chrome) => (
          <DonePage
            chrome={chrome}
            title={chrome.t("newsletters.unsubscribed")}
            text={chrome.t("newsletters.unsubscribedText")}
          />
        ));
      },
    );
  });
}
