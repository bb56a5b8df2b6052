import { epochToZonedLocal } from "../../../../core/time.js";
import { type Child, h, trustedHtml } from "../../../../views/jsx.js";
import { AdminLayout, type AdminView, CsrfField } from "../../../admin/views/admin-layout.js";
import type { Author } from "../../../authors/author.js";
import type { Category } from "../../../taxonomy/taxonomy.js";
import type { Article, ArticleInput, Attribution } from "../../article.js";
import type { ArticleDoc } from "../../document/doc.schema.js";
import { ARTICLE_FORM_ID, ReviewPanel, type ReviewPanelData } from "./review-panel.js";

export interface EditorProps {
  view: AdminView;
  /** Null while writing a new article. */
  article: Article | null;
  input: ArticleInput;
  authors: Author[];
  categories: Category[];
  timeZone: string;
  canPublish: boolean;
  errors?: string[];
  previewHtml?: string;
  /** When the autosaved copy shown instead of the last save was made. */
  restoredAt?: number;
  /** Other staff who have the article open now. */
  others?: string[];
  /** Other features' parts for a saved article (see ArticleEditorPanel), below the form. */
  panels?: Child[];
  /** Review before publish and the editorial notes. */
  review?: ReviewPanelData;
}

const AUTHOR_SLOTS = 4;
const EXTRA_ATTRIBUTION_ROWS = 2;

function AttributionRows(props: { attributions: Attribution[] }) {
  const rows: (Attribution | null)[] = [...props.attributions, ...Array(EXTRA_ATTRIBUTION_ROWS).fill(null)];
  return (
    <fieldset>
      <legend>Sources</legend>
      <small class="hint">Order by number; clear the outlet to remove a row.</small>
      {rows.map((row, index) => (
        <div class="attribution-row">
          <select name="attributionKind" aria-label={`Source ${index + 1} kind`}>
            {(["via", "quoted", "source"] as const).map((kind) => (
              <option value={kind} selected={(row?.kind ?? "via") === kind}>
                {{ via: "Via", quoted: "Quoted by", source: "Source" }[kind]}
              </option>
            ))}
          </select>
          <input
            type="text"
            name="attributionOutlet"
            value={row?.outlet ?? ""}
            placeholder="Outlet"
            aria-label={`Source ${index + 1} outlet`}
          />
          <input
            type="url"
            name="attributionUrl"
            value={row?.url ?? ""}
            placeholder="https://…"
            aria-label={`Source ${index + 1} link`}
          />
          <input
            type="number"
            name="attributionOrder"
            value={String(index + 1)}
            min={1}
            max={99}
            aria-label={`Source ${index + 1} position`}
          />
        </div>
      ))}
    </fieldset>
  );
}

/** A label wrapping its control, which arrives as `children` (so the linter cannot see it). */
function Field(props: { label: string; hint?: string; children?: Child }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the children
    <label>
      {props.label}
      {props.hint ? <small> {props.hint}</small> : null}
      {props.children}
    </label>
  );
}

/**
 * The body: the editor script mounts Tiptap on the region and keeps the hidden field's JSON in step;
 * the server checks that JSON against the schema and renders the public HTML from it.
 */
function BodyEditor(props: { body: ArticleDoc; editorUrl: string }) {
  return (
    <div class="body-field">
      <span class="label" id="body-label">
        Body <small>(#Hashtags link to their tag)</small>
      </span>
      <input type="hidden" name="body" id="body-json" value={JSON.stringify(props.body)} />
      <div id="body-editor" data-labelledby="body-label" />
      <p class="editor-meta" aria-live="polite">
        <span id="word-count" /> <span id="save-status" /> <span id="editor-notice" />
      </p>
      <section class="live-preview" aria-labelledby="live-preview-label">
        <h2 id="live-preview-label">Live preview</h2>
        <fieldset class="preview-widths">
          <legend>Preview width</legend>
          <button type="button" class="secondary" data-preview-width="390" aria-pressed="true">
            Phone
          </button>{" "}
          <button type="button" class="secondary" data-preview-width="1024" aria-pressed="false">
            Desktop
          </button>
        </fieldset>
        <div id="live-preview" class="article-body" />
      </section>
      <noscript>
        <p class="notice notice-error">
          The body editor needs JavaScript; other fields can be saved without it.
        </p>
      </noscript>
      <script type="module" src={props.editorUrl} />
    </div>
  );
}

function StatusFieldset(props: EditorProps) {
  const { input, timeZone } = props;
  const choices: [string, string, boolean][] = [
    ["draft", "Draft", true],
    ["scheduled", "Scheduled", props.canPublish],
    ["published", "Published", props.canPublish],
  ];
  const isPage = input.kind === "page";
  return (
    <fieldset>
      <legend>Status</legend>
      <Field label="Kind" hint="(a page has no byline, votes or comments and stays out of lists)">
        <select name="kind">
          <option value="article" selected={!isPage}>
            Article
          </option>
          <option value="page" selected={isPage}>
            Page
          </option>
        </select>
      </Field>
      {choices.map(([value, label, allowed]) => (
        <label>
          <input
            type="radio"
            name="status"
            value={value}
            checked={input.status === value}
            disabled={!allowed}
          />{" "}
          {label}
        </label>
      ))}
      {props.canPublish ? null : (
        <small class="hint">An editor publishes your drafts: press Submit for review.</small>
      )}
      <Field label="Publication date" hint={`(${timeZone}; empty = now)`}>
        <input
          type="datetime-local"
          name="publishAt"
          value={input.publishedAt ? epochToZonedLocal(input.publishedAt, timeZone) : ""}
        />
      </Field>
      {isPage ? null : (
        <label>
          <input type="checkbox" name="commentsClosed" value="1" checked={input.commentsClosed === true} />{" "}
          Close comments on this article
        </label>
      )}
    </fieldset>
  );
}

function AuthorSelects(props: { authors: Author[]; selected: number[] }) {
  return (
    <fieldset>
      <legend>Authors, in byline order</legend>
      {Array.from({ length: AUTHOR_SLOTS }, (_, slot) => (
        <select name="authors" aria-label={`Author ${slot + 1}`}>
          <option value="">—</option>
          {props.authors.map((author) => (
            <option value={String(author.id)} selected={props.selected[slot] === author.id}>
              {author.name}
            </option>
          ))}
        </select>
      ))}
    </fieldset>
  );
}

function CategoryFields(props: { categories: Category[]; selected: number[] }) {
  const [primary] = props.selected;
  return (
    <fieldset>
      <legend>Categories</legend>
      <Field label="Primary">
        <select name="primaryCategory">
          <option value="">—</option>
          {props.categories.map((category) => (
            <option value={String(category.id)} selected={category.id === primary}>
              {category.name}
            </option>
          ))}
        </select>
      </Field>
      <div class="checklist">
        {props.categories.map((category) => (
          <label>
            <input
              type="checkbox"
              name="categories"
              value={String(category.id)}
              checked={props.selected.includes(category.id)}
            />{" "}
            {category.name}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function ArticleEditorPage(props: EditorProps) {
  const { article, input } = props;
  const action = article ? `/admin/articles/${article.id}/` : "/admin/articles/";
  return (
    <AdminLayout view={props.view} title={article ? `Edit: ${article.title}` : "New article"}>
      {props.errors && props.errors.length > 0 ? (
        <div class="notice notice-error" role="alert">
          <ul>
            {props.errors.map((error) => (
              <li>{error}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {props.restoredAt ? (
        <p class="notice" role="status">
          Restored your autosaved changes from{" "}
          {epochToZonedLocal(props.restoredAt, props.timeZone).replace("T", " ")} ({props.timeZone}). They are
          not saved yet: press Save{article && article.status !== "draft" ? " (Update)" : ""} to keep them.
        </p>
      ) : null}
      <p id="presence" class="notice" role="status" aria-live="polite">
        {props.others && props.others.length > 0
          ? `${props.others.join(", ")} ${props.others.length === 1 ? "has" : "have"} this article open.`
          : ""}
      </p>
      {article ? (
        <p>
          <a href={`/${article.slug}/`}>View on the site</a> ·{" "}
          <a href={`/admin/articles/${article.id}/revisions/`}>Revisions</a> · revision {article.revision}
        </p>
      ) : null}
      <form method="post" action={action} class="editor" id={ARTICLE_FORM_ID}>
        <div class="panel">
          <CsrfField view={props.view} />
          <input type="hidden" name="revision" value={String(article?.revision ?? 0)} />
          <Field label="Title">
            <input type="text" id="title" name="title" required maxlength={300} value={input.title} />
          </Field>
          <Field label="Slug" hint="(the address; leave empty to make one from the title)">
            <input
              type="text"
              id="slug"
              name="slug"
              maxlength={120}
              value={input.slug ?? ""}
              pattern="[a-z0-9\-]*"
            />
          </Field>
          <Field label="Pull quote">
            <textarea name="standfirst" rows={2} maxlength={1000}>
              {input.standfirst}
            </textarea>
          </Field>
          <BodyEditor body={input.body} editorUrl={props.view.assetUrl("editor.js")} />
          <AttributionRows attributions={input.attributions} />
          <p>
            <button type="submit" name="action" value="save">
              Save
            </button>{" "}
            <button type="submit" name="action" value="preview" class="secondary" formnovalidate>
              Preview
            </button>{" "}
            {article && article.status !== "draft" && props.canPublish ? (
              <button type="submit" name="action" value="unpublish" class="secondary">
                Unpublish
              </button>
            ) : null}
          </p>
        </div>
        <div class="panel">
          <StatusFieldset {...props} />
          {input.kind === "page" ? null : (
            <AuthorSelects authors={props.authors} selected={input.authorIds} />
          )}
          <CategoryFields categories={props.categories} selected={input.categoryIds} />
          <Field label="Tags" hint="(comma-separated; new ones are created)">
            <input type="text" name="tags" value={input.tagNames.join(", ")} />
          </Field>
          <fieldset>
            <legend>Featured image</legend>
            <Field label="URL" hint="(from the media library)">
              <input type="text" name="imageUrl" value={input.image?.url ?? ""} />
            </Field>
            <Field label="Alt text">
              <input type="text" name="imageAlt" value={input.image?.alt ?? ""} />
            </Field>
            <Field label="Caption">
              <input type="text" name="imageCaption" value={input.image?.caption ?? ""} />
            </Field>
            <Field label="Credit">
              <input type="text" name="imageCredit" value={input.image?.credit ?? ""} />
            </Field>
            <p class="hint" id="image-size">
              {input.image?.width && input.image.height
                ? `${input.image.width} × ${input.image.height} px, from the media library`
                : "Size: filled in from the media library when you save"}
            </p>
          </fieldset>
        </div>
      </form>
      {props.panels}
      {props.review ? <ReviewPanel data={props.review} view={props.view} timeZone={props.timeZone} /> : null}
      {props.previewHtml !== undefined ? (
        <section class="preview" aria-label="Preview">
          <h2>Preview</h2>

          <h1>{input.title}</h1>
          {input.standfirst ? <p class="standfirst">{input.standfirst}</p> : null}
          <div class="article-body">{trustedHtml(props.previewHtml)}</div>
        </section>
      ) : null}
    </AdminLayout>
  );
}
