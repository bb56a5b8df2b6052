import { Type } from "@sinclair/typebox";
import { badRequest } from "../../core/errors.js";
import type { AppContext } from "../../http/context.js";
import { CsrfField, type Router } from "../../http/schemas.js";
import { htmlToDoc } from "./document/doc.from-html.js";
import { markdownToDoc } from "./document/doc.from-markdown.js";
import { renderDoc } from "./document/doc.render.js";
import { ArticleDocSchema, checkDoc } from "./document/doc.schema.js";

const PasteBody = Type.Object({
  ...CsrfField,
  html: Type.Optional(Type.String({ maxLength: 900_000 })),
  markdown: Type.Optional(Type.String({ maxLength: 500_000 })),
});
const PreviewBody = Type.Object({ ...CsrfField, body: ArticleDocSchema });

/**
 * The editor script's helpers. Paste: clipboard HTML (Google Docs, Word, web pages) or Markdown comes
 * back as a checked document, through the same converters importers use. Preview: the public HTML of a
 * document, rendered as a save would.
 */
export async function editorToolRoutes(admin: Router, _ctx: AppContext): Promise<void> {
  admin.post("/editor/paste", { schema: { body: PasteBody } }, async (request) => {
    const { html, markdown } = request.body;
    if ((html === undefined) === (markdown === undefined)) throw badRequest("Send either html or markdown.");
    return checkDoc(html !== undefined ? htmlToDoc(html) : markdownToDoc(markdown ?? ""));
  });

  admin.post("/editor/preview", { schema: { body: PreviewBody } }, async (request) => ({
    html: renderDoc(checkDoc(request.body.body)).html,
  }));
}
