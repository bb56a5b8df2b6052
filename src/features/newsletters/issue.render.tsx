import sanitizeHtml from "sanitize-html";
import { h, renderDocument, trustedHtml } from "../../views/jsx.js";
import { absoluteUrl } from "../../views/urls.js";
import type { ArticleDetail, FeaturedImage } from "../articles/article.js";

/** What an issue shows of a story. */
export type IssueStory = Pick<ArticleDetail, "article" | "attributions">;

import { mediaUrl, parseMediaUrl, variantWidthsFor } from "../media/responsive.js";

/** Mail clients show a single column of this width well; images are made for it. */
export const EMAIL_WIDTH = 600;
/** Stand-in for each recipient's own link, replaced per message; it survives juice and escaping untouched. */
export const UNSUBSCRIBE_PLACEHOLDER = "MASTHEAD-UNSUBSCRIBE-URL";

export interface RenderedIssue {
  subject: string;
  html: string;
  text: string;
}

interface IssueFrame {
  siteUrl: string;
  siteTitle: string;
  newsletterName: string;
  /** False for a story sent by e-mail only: it has no page on the site to link to. */
  online?: boolean;
}

/** Kept in a <style> only for what cannot be inlined (the narrow-screen rule); juice inlines the rest. */
const STYLES = `
body { margin: 0; padding: 0; background: #f4f1ea; }
.frame { width: 100%; max-width: ${EMAIL_WIDTH}px; margin: 0 auto; background: #ffffff; }
.inner { padding: 24px; font-family: Georgia, 'Times New Roman', serif; font-size: 17px; line-height: 1.5; color: #1d1d1b; }
h1 { font-size: 28px; line-height: 1.2; margin: 0 0 12px; }
h2 { font-size: 22px; line-height: 1.25; margin: 24px 0 8px; }
.standfirst { font-size: 19px; color: #444444; margin: 0 0 16px; }
img { display: block; max-width: 100%; height: auto; border: 0; }
a { color: #a8321c; }
.button { display: inline-block; padding: 12px 20px; margin: 8px 8px 8px 0; background: #a8321c; color: #ffffff; text-decoration: none; font-family: Arial, sans-serif; font-size: 16px; border-radius: 4px; }
.sources { font-size: 14px; color: #555555; border-top: 1px solid #dddddd; margin-top: 24px; padding-top: 12px; }
.footer { font-family: Arial, sans-serif; font-size: 13px; color: #666666; padding: 16px 24px 32px; }
@media (max-width: 620px) { .inner { padding: 16px !important; } h1 { font-size: 24px !important; } }
`;

/** The copy of a library image made for e-mail: JPEG or PNG (mail clients lack WebP), at most twice 600 px. */
function emailImage(image: Pick<FeaturedImage, "url" | "width">, siteUrl: string) {
  const displayWidth = Math.min(EMAIL_WIDTH, image.width ?? EMAIL_WIDTH);
  const parts = parseMediaUrl(image.url);
  if (!parts) return { src: absoluteUrl(siteUrl, image.url), width: displayWidth };
  // Sharp enough on high-density screens, no heavier than that; the copies exist for the original's width.
  const widths = variantWidthsFor(image.width ?? parts.width);
  const best = widths.filter((width) => width <= EMAIL_WIDTH * 2).at(-1) ?? (widths[0] as number);
  const ext = parts.ext === "webp" ? "jpg" : parts.ext;
  return { src: absoluteUrl(siteUrl, mediaUrl(parts.fileKey, best, ext)), width: displayWidth };
}

/** The article body as mail clients need it: absolute links, images at e-mail width with alt text. */
function emailBody(bodyHtml: string, siteUrl: string): string {
  return sanitizeHtml(bodyHtml, {
    allowedTags: sanitizeHtml.defaults.allowedTags.concat(["img"]),
    allowedAttributes: { a: ["href"], img: ["src", "alt", "width"] },
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: attribs.href ? { href: absoluteUrl(siteUrl, attribs.href) } : ({} as Record<string, string>),
      }),
      img: (tagName, attribs) => {
        const declared = Number(attribs.width);
        const { src, width } = emailImage(
          { url: attribs.src ?? "", width: Number.isFinite(declared) && declared > 0 ? declared : null },
          siteUrl,
        );
        return { tagName, attribs: { src, alt: attribs.alt ?? "", width: String(width) } };
      },
    },
  });
}

function Story(props: { detail: IssueStory; siteUrl: string; lead: boolean; online: boolean }) {
  const { article, attributions } = props.detail;
  const url = props.online ? absoluteUrl(props.siteUrl, `/${article.slug}/`) : undefined;
  const image = article.image && emailImage(article.image, props.siteUrl);
  const Title = props.lead ? "h1" : "h2";
  return (
    <div class="story">
      {image ? <img src={image.src} alt={article.image?.alt ?? ""} width={image.width} /> : null}
      <Title>{url ? <a href={url}>{article.title}</a> : article.title}</Title>
      {article.standfirst ? <p class="standfirst">{article.standfirst}</p> : null}
      {props.lead ? trustedHtml(emailBody(article.bodyHtml, props.siteUrl)) : null}
      {props.lead && attributions.length > 0 ? (
        <p class="sources">
          Sources:{" "}
          {attributions.map((source, index) => [
            index > 0 ? ", " : "",
            source.url ? <a href={source.url}>{source.outlet}</a> : source.outlet,
          ])}
        </p>
      ) : null}
      <p>
        {url ? (
          <a class="button" href={url}>
            Read and vote online
          </a>
        ) : null}
        {props.lead ? (
          <a class="button" href={absoluteUrl(props.siteUrl, "/donate/")}>
            Support us
          </a>
        ) : null}
      </p>
    </div>
  );
}

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
};

/** The body as text: one blank line between blocks, tags gone, the escapes sanitize-html adds undone. */
function plainTextOf(html: string): string {
  const blocks = html.replace(/<\/(p|h[1-6]|li|figure|blockquote)>/g, "$&\n\n");
  return sanitizeHtml(blocks, { allowedTags: [], allowedAttributes: {} })
    .replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function plainText(stories: readonly IssueStory[], frame: IssueFrame): string {
  const lines = [`${frame.newsletterName} — ${frame.siteTitle}`, ""];
  for (const [index, { article, attributions }] of stories.entries()) {
    lines.push(article.title, "=".repeat(Math.min(article.title.length, 72)));
    if (article.standfirst) lines.push("", article.standfirst);
    if (index === 0 && stories.length === 1) {
      lines.push("", plainTextOf(article.bodyHtml));
      if (attributions.length > 0)
        lines.push(
          "",
          `Sources: ${attributions.map((s) => (s.url ? `${s.outlet} <${s.url}>` : s.outlet)).join(", ")}`,
        );
    }
    if (frame.online !== false)
      lines.push("", `Read and vote online: ${absoluteUrl(frame.siteUrl, `/${article.slug}/`)}`);
    lines.push("");
  }
  lines.push(
    `Support us: ${absoluteUrl(frame.siteUrl, "/donate/")}`,
    "",
    `Change your newsletters: ${absoluteUrl(frame.siteUrl, "/account/")}`,
    `Unsubscribe: ${UNSUBSCRIBE_PLACEHOLDER}`,
  );
  return lines.join("\n");
}

/**
 * One issue, rendered once for all recipients: a single story (each-story lists) or several
 * (digests). Only the unsubscribe link differs per reader; it is a placeholder here.
 */
export async function renderIssue(stories: readonly IssueStory[], frame: IssueFrame): Promise<RenderedIssue> {
  const [first] = stories;
  if (!first) throw new Error("An issue needs at least one story.");
  const subject =
    stories.length === 1 ? first.article.title : `${frame.newsletterName}: ${first.article.title} and more`;
  const page = (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{subject}</title>
        <style>{trustedHtml(STYLES)}</style>
      </head>
      <body>
        <div class="frame">
          <div class="inner">
            {stories.map((detail) => (
              <Story
                detail={detail}
                siteUrl={frame.siteUrl}
                lead={stories.length === 1}
                online={frame.online !== false}
              />
            ))}
          </div>
          <div class="footer">
            <p>
              {frame.newsletterName} from {frame.siteTitle}.{" "}
              <a href={absoluteUrl(frame.siteUrl, "/account/")}>Change your newsletters</a> ·{" "}
              <a href={UNSUBSCRIBE_PLACEHOLDER}>Unsubscribe</a>
            </p>
          </div>
        </div>
      </body>
    </html>
  );
  // Loaded with the first issue, not at start: a site that sends no newsletters never needs juice.
  const { default: juice } = await import("juice");
  // Inline every rule that can be, keep the media query (it cannot be inlined) in the head.
  const html = juice(renderDocument(page), {
    preserveMediaQueries: true,
    removeStyleTags: true,
    // Our own width attributes stay: juice would turn "height: auto" into an invalid height="auto".
    applyWidthAttributes: false,
    applyHeightAttributes: false,
  });
  return { subject, html, text: plainText(stories, frame) };
}
