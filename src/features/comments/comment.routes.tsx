import type { AppContext } from "../../http/context.js";
import type { Router } from "../../http/schemas.js";
import { getSiteSecret } from "../settings/settings.js";
import type { ArticleComments } from "./article-comments.js";
import { commentPageRoutes } from "./comment.pages.routes.js";
import { commentPostingRoutes } from "./comment.posting.routes.js";
import { commentRouteKit } from "./comment.route-kit.js";

/**
 * Reader comments: posting (form and fetch), the paged thread pages, replies, edits within the
 * window, reports and reply-notification unsubscribes. Returns the article part for the article page.
 */
export async function commentRoutes(app: Router, ctx: AppContext): Promise<ArticleComments> {
  const kit = commentRouteKit(ctx, await getSiteSecret(ctx.storage.db));
  await commentPostingRoutes(app, ctx, kit);
  await commentPageRoutes(app, ctx, kit);
  return kit.comments;
}
