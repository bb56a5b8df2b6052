import type { AccountTables } from "../features/accounts/account.table.js";
import type { ArticleTables } from "../features/articles/article.table.js";
import type { AuditTables } from "../features/audit/audit.table.js";
import type { AuthorTables } from "../features/authors/author.table.js";
import type { BackupTables } from "../features/backup/backup.table.js";
import type { CommentTables } from "../features/comments/comment.table.js";
import type { DonationTables } from "../features/donations/donation.table.js";
import type { MediaTables } from "../features/media/media.table.js";
import type { NewsletterTables } from "../features/newsletters/newsletter.table.js";
import type { ReaderTables } from "../features/readers/reader.table.js";
import type { SearchTables } from "../features/search/search.table.js";
import type { SettingsTables } from "../features/settings/settings.table.js";
import type { TaxonomyTables } from "../features/taxonomy/taxonomy.table.js";
import type { VoteTables } from "../features/votes/vote.table.js";
import type { ContentVersionTables } from "./content-version.js";

/** The whole schema, assembled from each feature's own table types. */
export interface Database
  extends ArticleTables,
    AuthorTables,
    TaxonomyTables,
    SettingsTables,
    ContentVersionTables,
    AccountTables,
    MediaTables,
    VoteTables,
    SearchTables,
    DonationTables,
    ReaderTables,
    CommentTables,
    NewsletterTables,
    BackupTables,
    AuditTables {}
