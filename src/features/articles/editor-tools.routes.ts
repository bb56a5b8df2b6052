import { Type } from "@sinclair/typebox";
import { AppError, badRequest } from "../../core/errors.js";
import type { AppContext } from "../../http/context.js";
import { CsrfField, type Router } from "../../http/schemas.js";
import { currentStaff } from "../accounts/staff-session.js";
import { htmlToDoc } from "./document/doc.from-html.js";
import { markdownToDoc } from "./document/doc.from-markdown.js";
import { renderDoc } from "./document/doc.render.js";
import { ArticleDocSchema, checkDoc } from "./document/doc.schema.js";
import { makeLinkCard } from "./link-card.js";

const PasteBody = Type.Object({
  ...CsrfField,
  html: Type.Optional(Type.String({ maxLength: 900_000 })),
  markdown: Type.Optional(Type.String({ maxLength: 500_000 })),
});
const PreviewBody = Type.Object({ ...CsrfField, body: ArticleDocSchema });
const EmbedBody = Type.Object({
  ...CsrfField,
  url: Type.String({ pattern: "^https?://[^\\s]+$", maxLength: 2000 }),
});
const CARDS_PER_MINUTE = 30;

/**
 * The editor script's helpers. Paste: clipboard HTML (Google Docs, Word, web pages) or Markdown comes
 * back as a checked document, through the same converters importers use. Preview: the public HTML of a
 * document, rendered as a save would. Embed: the card for a pasted address (link-card.ts).
 */
export async function editorToolRoutes(admin: Router, ctx: AppContext): Promise<void> {
  admin.post("/editor/paste", { schema: { body: PasteBody } }, async (request) => {
    const { html, markdown } = request.body;
    if ((html === undefined) === (markdown === undefined)) throw badRequest("Send either html or markdown.");
    return checkDoc(html !== undefined ? htmlToDoc(html) : markdownToDoc(markdown ?? ""));
  });

  admin.post("/editor/preview", { schema: { body: PreviewBody } }, async (request) => ({
    html: renderDoc(checkDoc(request.body.body)).html,
  }));

  admin.post("/editor/embed", { schema: { body: EmbedBody } }, async (request) => {
    const staff = currentStaff(request);
    const now = ctx.clock();
    const check = { key: `link-card:${staff.id}`, perMinute: CARDS_PER_MINUTE };
    if (!(await ctx.limiter.allow(now, [check])))
      throw new AppError("TOO_MANY_REQUESTS", 429, "Too many link cards at once; wait a minute.");
    const deps = { db: ctx.storage.db, media: ctx.media, now, uploadedBy: staff.id };
    return makeLinkCard(deps, request.body.url);
  });
}
