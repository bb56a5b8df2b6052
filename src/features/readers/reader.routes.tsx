import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { unauthenticated } from "../../core/errors.js";
import type { AppContext } from "../../http/context.js";
import { submitForm } from "../../http/forms.js";
import { sendPersonalPage } from "../../http/page-response.js";
import { assertSameOrigin } from "../../http/same-origin.js";
import type { Router } from "../../http/schemas.js";
import type { MessageKey } from "../../i18n/catalog.js";
import { readerError } from "../../i18n/reader-error.js";
import { type Html, h } from "../../views/jsx.js";
import type { SiteChrome } from "../../views/site.js";
import { EMAIL_PATTERN } from "../accounts/user.js";
import { DISPLAY_NAME_MAX, type Reader, safeReturnPath } from "./reader.js";
import {
  changeDisplayName,
  completeSignIn,
  deleteReader,
  endReaderSession,
  exportReaderData,
  isSignInLinkUsable,
  type ReaderDataKeeper,
  sendSignInLink,
} from "./reader.service.js";
import { clearReaderCookie, currentReader, READER_COOKIE, setReaderCookie } from "./reader-session.js";
import { ConfirmSignInPage, ProfilePage, SignInPage } from "./views/account-pages.js";

const SignInBody = Type.Object({
  email: Type.String({ maxLength: 320, pattern: EMAIL_PATTERN }),
  return_to: Type.Optional(Type.String({ maxLength: 300 })),
});
const TokenParams = Type.Object({ token: Type.String({ pattern: "^[A-Za-z0-9_-]{20,100}$" }) });
const NameBody = Type.Object({ display_name: Type.String({ maxLength: DISPLAY_NAME_MAX * 4 }) });
const DeleteBody = Type.Object({ confirm: Type.Literal("yes") });
const AccountQuery = Type.Object({
  notice: Type.Optional(Type.String({ maxLength: 20 })),
  return_to: Type.Optional(Type.String({ maxLength: 300 })),
});

/** Confirmations chosen by code, so a crafted link cannot put its own words on the page. */
const NOTICES: Readonly<Record<string, MessageKey>> = {
  sent: "account.sent",
  saved: "account.saved",
  deleted: "account.deleted",
  "signed-out": "account.signedOut",
};

const SIGN_IN_LINKS_PER_MINUTE_PER_ADDRESS = 10;
const tooManyRequests = () => readerError("TOO_MANY_REQUESTS", 429, "problem.signInLinksFromHere");

/**
 * Reader accounts at /account/: e-mail sign-in links, the session cookie, display name, data
 * download and deletion. Never cached: every page here is about one reader.
 */
export async function readerRoutes(
  app: Router,
  ctx: AppContext,
  keepers: readonly ReaderDataKeeper[],
): Promise<void> {
  const { db } = ctx.storage;

  const sendAccountPage = (reply: FastifyReply, render: (chrome: SiteChrome) => Html, status = 200) =>
    sendPersonalPage(reply, ctx.loadChrome, render, status);

  async function signedIn(request: FastifyRequest): Promise<Reader> {
    const reader = await currentReader(db, request, ctx.clock());
    if (!reader) throw unauthenticated();
    return reader;
  }

  app.get("/account/", { schema: { querystring: AccountQuery } }, async (request, reply) => {
    const noticeKey = NOTICES[request.query.notice ?? ""];
    const notice = (chrome: SiteChrome) => (noticeKey ? chrome.t(noticeKey) : undefined);
    const reader = await currentReader(db, request, ctx.clock());
    if (reader)
      return sendAccountPage(reply, (chrome) => (
        <ProfilePage chrome={chrome} reader={reader} notice={notice(chrome)} />
      ));
    const returnTo = safeReturnPath(request.query.return_to);
    return sendAccountPage(reply, (chrome) => (
      <SignInPage chrome={chrome} returnTo={returnTo} notice={notice(chrome)} />
    ));
  });

  app.get("/account", async (_request, reply) => reply.redirect("/account/", 301));

  app.post(
    "/account/sign-in",
    { schema: { body: SignInBody }, bodyLimit: 4096, attachValidation: true },
    async (request, reply) => {
      assertSameOrigin(request);
      // Links per address per minute, on top of the per-recipient limit: one client cannot mail many inboxes.
      const check = { key: `reader-link-ip:${request.ip}`, perMinute: SIGN_IN_LINKS_PER_MINUTE_PER_ADDRESS };
      if (!(await ctx.limiter.allow(ctx.clock(), [check]))) throw tooManyRequests();
      const { settings, i18n } = await ctx.loadChrome();
      return submitForm(request, {
        keepsInput: () => true,
        run: () =>
          sendSignInLink(db, ctx.mailer, {
            email: request.body.email,
            returnTo: safeReturnPath(request.body.return_to),
            siteUrl: ctx.config.siteUrl,
            siteTitle: settings.title,
            i18n,
            now: ctx.clock(),
          }),
        done: () => reply.redirect("/account/?notice=sent", 303),
        show: (problem, typed) => {
          const returnTo = safeReturnPath(typed.return_to);
          const page = (chrome: SiteChrome) => (
            <SignInPage
              chrome={chrome}
              returnTo={returnTo}
              email={typed.email}
              error={chrome.i18n.say(problem)}
            />
          );
          return sendAccountPage(reply, page, problem.status);
        },
      });
    },
  );

  app.get("/account/sign-in/:token", { schema: { params: TokenParams } }, async (request, reply) => {
    const usable = await isSignInLinkUsable(db, request.params.token, ctx.clock());
    return sendAccountPage(
      reply,
      (chrome) => <ConfirmSignInPage chrome={chrome} token={request.params.token} usable={usable} />,
      usable ? 200 : 400,
    );
  });

  app.post("/account/sign-in/:token", { schema: { params: TokenParams } }, async (request, reply) => {
    assertSameOrigin(request);
    const { sessionToken, returnTo } = await completeSignIn(db, request.params.token, ctx.clock());
    setReaderCookie(reply, ctx.config, sessionToken);
    return reply.redirect(returnTo, 303);
  });

  app.post("/account/name", { schema: { body: NameBody }, bodyLimit: 4096 }, async (request, reply) => {
    assertSameOrigin(request);
    const reader = await signedIn(request);
    await changeDisplayName(db, reader, request.body.display_name, keepers);
    return reply.redirect("/account/?notice=saved", 303);
  });

  app.get("/account/data", async (request, reply) => {
    const reader = await signedIn(request);
    const data = await exportReaderData(db, reader, keepers);
    return reply
      .header("cache-control", "no-store")
      .header("content-disposition", 'attachment; filename="my-data.json"')
      .type("application/json; charset=utf-8")
      .send(JSON.stringify(data, null, 2));
  });

  app.post("/account/delete", { schema: { body: DeleteBody }, bodyLimit: 1024 }, async (request, reply) => {
    assertSameOrigin(request);
    await deleteReader(db, await signedIn(request), keepers);
    clearReaderCookie(reply, ctx.config);
    return reply.redirect("/account/?notice=deleted", 303);
  });

  app.post("/account/sign-out", { bodyLimit: 1024 }, async (request, reply) => {
    assertSameOrigin(request);
    const token = request.cookies[READER_COOKIE];
    if (token) await endReaderSession(db, token);
    clearReaderCookie(reply, ctx.config);
    return reply.redirect("/account/?notice=signed-out", 303);
  });
}
