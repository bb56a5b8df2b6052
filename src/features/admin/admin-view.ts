import type { FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "../../http/context.js";
import { type Html, renderDocument } from "../../views/jsx.js";
import type { AdminView } from "./views/admin-layout.js";

/**
 * Confirmations shown after a redirect, chosen by code so that a crafted link cannot put words of
 * its choosing on a staff page.
 */
const NOTICES: Record<string, AdminView["notice"]> = {
  "signed-in": { kind: "ok", text: "Welcome back." },
  "password-set": { kind: "ok", text: "Your password is set. Sign in with it." },
  "reset-sent": { kind: "ok", text: "If that address has an account, a reset link is on its way." },
  "signed-out-everywhere": { kind: "ok", text: "You are signed out on every other device." },
  saved: { kind: "ok", text: "Saved." },
  uploaded: { kind: "ok", text: "Uploaded." },
  deleted: { kind: "ok", text: "Deleted." },
  restored: { kind: "ok", text: "Revision restored as a new save." },
  invited: { kind: "ok", text: "Account created; the set-password link was e-mailed." },
  submitted: { kind: "ok", text: "Saved and submitted for review; the editors have been told." },
  "sent-back": { kind: "ok", text: "Sent back to the writer with your note." },
  "note-added": { kind: "ok", text: "Note added." },
  pinned: { kind: "ok", text: "Pinned: this story now leads the front page." },
  unpinned: { kind: "ok", text: "Unpinned from the front page." },
};

export async function adminView(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<AdminView> {
  const chrome = await ctx.loadChrome();
  const code = (request.query as { notice?: unknown } | undefined)?.notice;
  return {
    staff: request.staff,
    csrfToken: reply.generateCsrf(),
    siteTitle: chrome.settings.title,
    assetUrl: chrome.assetUrl,
    notice: typeof code === "string" ? NOTICES[code] : undefined,
  };
}

export function sendAdminPage(reply: FastifyReply, page: Html, status = 200) {
  return reply.code(status).type("text/html; charset=utf-8").send(renderDocument(page));
}
