import { slugify } from "../../core/slug.js";
import type { MediaStore } from "../../storage/media-store.js";
import type { Db } from "../../storage/storage.js";
import type { ArticleInput } from "../articles/article.js";
import { countArticles } from "../articles/article.repository.js";
import { createArticle } from "../articles/article.service.js";
import { markdownToDoc } from "../articles/document/doc.from-markdown.js";
import { createAuthor } from "../authors/author.repository.js";
import { saveCampaign, saveReward } from "../donations/donation.repository.js";
import { defineNewsletter } from "../newsletters/newsletter.service.js";
import { updateSiteSettings } from "../settings/settings.js";
import { createCategory } from "../taxonomy/taxonomy.repository.js";
import {
  type DemoArticle,
  demoArticles,
  demoAuthors,
  demoCategories,
  demoDonations,
  demoInlineFigures,
  demoPages,
  demoSite,
} from "./demo-content.js";
import { generateDemoImage } from "./demo-images.js";

const HOUR = 3_600_000;
const DEMO_MEDIA = "demo";

/**
 * Fills an empty site with the demo newsroom. Returns what it added, or null when the site already
 * has articles (a real site's content is never touched).
 */
export async function seedDemoContent(
  db: Db,
  options: { media: MediaStore; now: number },
): Promise<{ articles: number } | null> {
  if ((await countArticles(db)) > 0) return null;
  const { media } = options;
  for (const figure of demoInlineFigures)
    await generateDemoImage(figure.image, media, `${DEMO_MEDIA}/${figure.fileName}`);

  await updateSiteSettings(db, demoSite);
  await seedDonationOffer(db, media, options.now);
  const authorIds = new Map<string, number>();
  for (const author of demoAuthors)
    authorIds.set(author.slug, (await createAuthor(db, author, options.now)).id);
  const categoryIds = new Map<string, number>();
  for (const category of demoCategories)
    categoryIds.set(category.slug, (await createCategory(db, category)).id);

  // Oldest first, so ids follow publication order as they would on a real site.
  const ordered = [...demoArticles].sort((a, b) => b.publishedHoursAgo - a.publishedHoursAgo);
  for (const [index, demo] of ordered.entries()) {
    const key = `${DEMO_MEDIA}/${slugify(demo.title) || index}.jpg`;
    const image = await generateDemoImage(demo.image, media, key);
    const input: ArticleInput = {
      title: demo.title,
      standfirst: demo.standfirst,
      body: markdownToDoc(demo.bodyMarkdown),
      status: demo.status,
      publishedAt: demo.status === "draft" ? null : options.now - demo.publishedHoursAgo * HOUR,
      categoryIds: lookUp(categoryIds, demo.categorySlugs, demo),
      tagNames: demo.tagNames,
      authorIds: lookUp(authorIds, demo.authorSlugs, demo),
      image: {
        url: `/media/${DEMO_MEDIA}/${image.fileName}`,
        alt: demo.image.alt,
        caption: demo.image.caption,
        credit: demo.image.credit,
        width: image.width,
        height: image.height,
      },
      attributions: demo.attributions.map((a) => ({ kind: a.kind, outlet: a.outlet, url: a.url ?? null })),
    };
    // Saved "at" its publication time, so demo articles do not all claim a fresh update.
    await createArticle(db, input, Math.min(input.publishedAt ?? options.now, options.now));
  }
  for (const page of demoPages) {
    await createArticle(
      db,
      {
        slug: page.slug,
        title: page.title,
        body: markdownToDoc(page.bodyMarkdown),
        kind: "page",
        standfirst: "",
        status: "published",
        publishedAt: options.now,
        categoryIds: [],
        tagNames: [],
        authorIds: [],
        image: null,
        attributions: [],
      },
      options.now,
    );
  }
  await seedNewsletters(db, categoryIds, options.now);
  return { articles: ordered.length };
}

/** A morning digest of everything, and a breaking-news list fed by politics and climate as stories appear. */
async function seedNewsletters(db: Db, categoryIds: ReadonlyMap<string, number>, now: number) {
  const sender = {
    senderName: demoSite.title,
    senderEmail: "newsletters@harbourledger.example",
    replyTo: "editors@harbourledger.example",
  };
  await defineNewsletter(
    db,
    {
      ...sender,
      slug: "morning-ledger",
      name: "The Morning Ledger",
      description: "Yesterday's stories from every section, at seven each morning.",
      cadence: "daily",
      sendTime: "07:00",
      sendWeekday: 1,
      sectionIds: [...categoryIds.values()],
    },
    now,
  );
  await defineNewsletter(
    db,
    {
      ...sender,
      slug: "breaking",
      name: "Breaking news",
      description: "The big stories, the moment we publish them.",
      cadence: "each-story",
      sendTime: "00:00",
      sendWeekday: 1,
      sectionIds: ["politics", "climate"].flatMap((slug) => categoryIds.get(slug) ?? []),
    },
    now,
  );
}

/** The mug for gifts of €20 or more, and a campaign running now. */
async function seedDonationOffer(db: Db, media: MediaStore, now: number) {
  const { reward, campaign } = demoDonations;
  const image = await generateDemoImage(reward.image, media, `${DEMO_MEDIA}/mug.jpg`, {
    width: 192,
    height: 192,
  });
  await saveReward(
    db,
    {
      name: reward.name,
      description: reward.description,
      imageUrl: `/media/${DEMO_MEDIA}/${image.fileName}`,
      physical: true,
      shipCountries: reward.shipCountries,
      stock: reward.stock,
      active: true,
      minimums: reward.minimums,
    },
    now,
  );
  const day = 24 * HOUR;
  await saveCampaign(
    db,
    {
      title: campaign.title,
      description: campaign.description,
      goal: campaign.goal,
      startsAt: now - campaign.startedDaysAgo * day,
      endsAt: now + campaign.endsInDays * day,
    },
    now,
  );
}

function lookUp(ids: Map<string, number>, slugs: string[], article: DemoArticle): number[] {
  return slugs.map((slug) => {
    const id = ids.get(slug);
    if (id === undefined) throw new Error(`Demo article "${article.title}" names unknown "${slug}"`);
    return id;
  });
}
