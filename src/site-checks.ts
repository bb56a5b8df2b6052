import { articleCheck } from "./features/articles/article.integrity.js";
import type { SiteCheck } from "./features/backup/site-check.js";
import { commentCheck } from "./features/comments/comment.integrity.js";
import { donationCheck } from "./features/donations/donation.integrity.js";
import { voteCheck } from "./features/votes/vote.integrity.js";

/** Each feature's account of its own records, for backups and restores (assembled here, not in backup/). */
export const SITE_CHECKS: readonly SiteCheck[] = [articleCheck, commentCheck, voteCheck, donationCheck];
