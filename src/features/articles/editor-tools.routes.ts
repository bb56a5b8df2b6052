import { Type } from "@sinclair/typebox";
import type { AppContext } from "../../http/context.js";
import { CsrfField, type Router } from "../../http/schemas.js";
import { htmlToDoc } from "./document/doc.from-html.js";
import { markdownToDoc } from "./document/doc.from-markdown.js";
import { renderDoc } from "./document/doc.render.js";
import { ArticleDocSchema, checkDoc } from "./document/doc.schema.js";

const PasteBody = Type.Union([
  Type.Object({ ...CsrfField, html: Type.String({ maxLength: 2_000_000 }) }, { additionalProperties: false }),
  Type.Object(
    { ...CsrfField, markdown: Type.String({ maxLength: 500_000 }) },
    { additionalProperties: false },
  ),
]);
const PreviewBody = Type.Object({ ...CsrfField, body: ArticleDocSchema });

/**
 * The editor script's helpers. Paste: clipboard HTML (Google Docs, Word, web pages) or Markdown comes
 * back as a checked document, through the same converters importers use. Preview: the public HTML of a
 * document, rendered as a save would.
 */
export async function editorToolRoutes(admin: Router, _ctx: AppContext): Promise<void> {
  admin.post("/editor/paste", { schema: { body: PasteBody } }, async (request) => {
    const { body } = request;
    return checkDoc("html" in body ? htmlToDoc(body.html) : markdownToDoc(body.markdown));
  });

  admin.post("/editor/preview", { schema: { body: PreviewBody } }, async (request) => ({
    html: renderDoc(checkDoc(request.body.body)).html,
  }));
}
