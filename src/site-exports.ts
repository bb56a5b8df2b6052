import { accountExport } from "./features/accounts/account.export.js";
import { articleExport } from "./features/articles/article.export.js";
import { authorExport } from "./features/authors/author.export.js";
import { commentExport } from "./features/comments/comment.export.js";
import { donationExport } from "./features/donations/donation.export.js";
import type { ExportPart } from "./features/export/export-part.js";
import { mediaExport } from "./features/media/media.export.js";
import { newsletterExport } from "./features/newsletters/newsletter.export.js";
import { readerExport } from "./features/readers/reader.export.js";
import { redirectExport } from "./features/redirects/redirect.export.js";
import { settingsExport } from "./features/settings/settings.export.js";
import { taxonomyExport } from "./features/taxonomy/taxonomy.export.js";
import { voteExport } from "./features/votes/vote.export.js";

/**
 * Each feature's share of `masthead export` (assembled here, not in export/), in import order: what a
 * record refers to comes before it (authors before staff, sections before articles, articles before
 * comments and votes, sections before the newsletters that follow them).
 */
export const SITE_EXPORTS: readonly ExportPart[] = [
  settingsExport,
  authorExport,
  taxonomyExport,
  accountExport,
  articleExport,
  mediaExport,
  readerExport,
  commentExport,
  voteExport,
  donationExport,
  newsletterExport,
  redirectExport,
];
