import { type Static, Type } from "@sinclair/typebox";
import type { AppContext } from "../../http/context.js";
import { submitForm } from "../../http/forms.js";
import { CsrfField, type Router } from "../../http/schemas.js";
import { type Html, h } from "../../views/jsx.js";
import { adminView, sendAdminPage } from "../admin/admin-view.js";
import { signIn } from "./login.service.js";
import { MAX_PASSWORD_LENGTH } from "./password.js";
import { endAllSessions, endSession, startSession } from "./session.service.js";
import { clearSessionCookie, currentStaff, SESSION_COOKIE, setSessionCookie } from "./staff-session.js";
import { EMAIL_PATTERN } from "./user.js";
import {
  completePasswordLink,
  completeSetup,
  createPasswordLink,
  isTokenUsable,
  requestPasswordReset,
} from "./user.service.js";
import {
  AccountPage,
  ForgotPage,
  InvalidLinkPage,
  SetPasswordPage,
  SetupPage,
  SignInPage,
} from "./views/account-pages.js";

const Email = Type.String({ maxLength: 320, pattern: EMAIL_PATTERN });
const Password = Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH });
const SignInBody = Type.Object({
  email: Email,
  password: Password,
  next: Type.Optional(Type.String({ maxLength: 2000 })),
  ...CsrfField,
});
const SetupBody = Type.Object({
  email: Email,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  password: Password,
  ...CsrfField,
});
const PasswordBody = Type.Object({ password: Password, ...CsrfField });
const ForgotBody = Type.Object({ email: Email, ...CsrfField });
const TokenParams = Type.Object({ token: Type.String({ pattern: "^[A-Za-z0-9_-]{20,100}$" }) });

/** Only a path inside the staff area, so a crafted sign-in link cannot send anyone elsewhere. */
const safeNext = (next: string | undefined) =>
  next && /^\/admin\/[^/\\]/.test(`${next}x`) && !next.startsWith("//") ? next : "/admin/";

export async function accountRoutes(admin: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;

  admin.get<{ Querystring: { next?: string } }>("/signin", async (request, reply) => {
    if (request.staff) return reply.redirect("/admin/", 303);
    const view = await adminView(ctx, request, reply);
    return sendAdminPage(reply, <SignInPage view={view} next={safeNext(request.query.next)} />);
  });

  // A throttled account's owner gets a one-time link by e-mail instead of being locked out.
  const mailLink = async (address: string) => {
    const { settings } = await ctx.loadChrome();
    const link = { email: address, siteUrl: ctx.config.siteUrl, siteTitle: settings.title };
    await requestPasswordReset(db, ctx.mailer, { ...link, now: ctx.clock(), reason: "throttled" });
  };

  admin.post("/signin", { schema: { body: SignInBody }, attachValidation: true }, (request, reply) =>
    submitForm(request, {
      // A wrong password (401) and a throttled account (429) show the form again too.
      keepsInput: () => true,
      run: async () => {
        const { email, password } = request.body;
        const user = await signIn(db, { email, password, ip: request.ip, now: ctx.clock(), mailLink });
        setSessionCookie(reply, ctx.config, await startSession(db, user.id, ctx.clock()));
      },
      done: () => reply.redirect(safeNext(request.body.next), 303),
      show: async (problem, typed) => {
        const view = await adminView(ctx, request, reply);
        const next = safeNext(typed.next);
        const page = <SignInPage view={view} email={typed.email} next={next} error={problem.message} />;
        return sendAdminPage(reply, page, problem.status);
      },
    }),
  );

  admin.post("/signout", async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await endSession(db, token);
    clearSessionCookie(reply, ctx.config);
    return reply.redirect("/admin/signin", 303);
  });

  admin.post("/signout-everywhere", async (request, reply) => {
    const staff = currentStaff(request);
    await endAllSessions(db, staff.id);
    setSessionCookie(reply, ctx.config, await startSession(db, staff.id, ctx.clock()));
    return reply.redirect("/admin/account/?notice=signed-out-everywhere", 303);
  });

  admin.get("/account/", async (request, reply) =>
    sendAdminPage(reply, <AccountPage view={await adminView(ctx, request, reply)} />),
  );

  admin.post("/account/password-link", async (request, reply) => {
    const token = await createPasswordLink(db, currentStaff(request).id, ctx.clock());
    return reply.redirect(`/admin/password/${token}`, 303);
  });

  admin.get("/forgot", async (request, reply) =>
    sendAdminPage(reply, <ForgotPage view={await adminView(ctx, request, reply)} />),
  );

  admin.post("/forgot", { schema: { body: ForgotBody } }, async (request, reply) => {
    const { settings } = await ctx.loadChrome();
    await requestPasswordReset(db, ctx.mailer, {
      email: request.body.email,
      siteUrl: ctx.config.siteUrl,
      siteTitle: settings.title,
      now: ctx.clock(),
    });
    return reply.redirect("/admin/signin?notice=reset-sent", 303);
  });

  tokenPage<Static<typeof SetupBody>>(admin, ctx, {
    path: "/setup/:token",
    purpose: "setup",
    body: SetupBody,
    form: (view, token, error) => <SetupPage view={view} token={token} error={error} />,
    complete: async (token, body) => {
      const owner = await completeSetup(db, token, body, ctx.clock());
      return owner.id;
    },
  });

  tokenPage<Static<typeof PasswordBody>>(admin, ctx, {
    path: "/password/:token",
    purpose: "password",
    body: PasswordBody,
    form: (view, token, error) => <SetPasswordPage view={view} token={token} error={error} />,
    complete: async (token, body) => (await completePasswordLink(db, token, body.password, ctx.clock())).id,
  });
}

/** A page behind a one-time link: shows its form while the link is usable, then signs the person in. */
function tokenPage<Body>(
  admin: Router,
  ctx: AppContext,
  page: {
    path: string;
    purpose: "setup" | "password";
    body: ReturnType<typeof Type.Object>;
    form: (view: Awaited<ReturnType<typeof adminView>>, token: string, error?: string) => Html;
    complete: (token: string, body: Body) => Promise<number>;
  },
) {
  const { db } = ctx.storage;
  admin.get(page.path, { schema: { params: TokenParams } }, async (request, reply) => {
    const view = await adminView(ctx, request, reply);
    if (!(await isTokenUsable(db, request.params.token, page.purpose, ctx.clock()))) {
      return sendAdminPage(reply, <InvalidLinkPage view={view} />, 400);
    }
    return sendAdminPage(reply, page.form(view, request.params.token));
  });
  admin.post(
    page.path,
    { schema: { params: TokenParams, body: page.body }, attachValidation: true },
    (request, reply) =>
      submitForm(request, {
        keepsInput: () => true,
        run: () => page.complete(request.params.token, request.body as Body),
        done: async (userId) => {
          setSessionCookie(reply, ctx.config, await startSession(db, userId, ctx.clock()));
          return reply.redirect("/admin/", 303);
        },
        show: async (problem) => {
          const view = await adminView(ctx, request, reply);
          const form =
            problem.code === "INVALID_LINK" ? (
              <InvalidLinkPage view={view} />
            ) : (
              page.form(view, request.params.token, problem.message)
            );
          return sendAdminPage(reply, form, problem.status);
        },
      }),
  );
}
