import type { AppContext } from "../../http/context.js";
import type { Router } from "../../http/schemas.js";
import { type ArticleEditorPanel, articleEditorRoutes } from "./article-editor.routes.js";
import { articleListRoutes } from "./article-list.routes.js";
import { articlePinRoutes, frontPagePanel } from "./article-pin.routes.js";
import { articleReviewRoutes } from "./article-review.routes.js";
import { articleRevisionRoutes } from "./article-revisions.routes.js";
import { editorToolRoutes } from "./editor-tools.routes.js";

/** The staff area's article pages, one plugin per page. */
export async function articleAdminRoutes(
  admin: Router,
  ctx: AppContext,
  editorPanels: readonly ArticleEditorPanel[] = [],
): Promise<void> {
  await articleListRoutes(admin, ctx);
  await articleEditorRoutes(admin, ctx, [frontPagePanel(ctx), ...editorPanels]);
  await articlePinRoutes(admin, ctx);
  await articleRevisionRoutes(admin, ctx);
  await articleReviewRoutes(admin, ctx);
  await editorToolRoutes(admin, ctx);
}
