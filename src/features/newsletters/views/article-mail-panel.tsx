import { h } from "../../../views/jsx.js";
import { type AdminView, CsrfField } from "../../admin/views/admin-layout.js";
import { ARTICLE_MAIL_MODES } from "../article-mail.js";
import type { Newsletter } from "../newsletter.js";
import type { ArticleMailMode } from "../newsletter.table.js";

function NewsletterSelect(props: { newsletters: readonly Newsletter[]; label: string }) {
  return (
    <label>
      {props.label}{" "}
      <select name="newsletter">
        {props.newsletters.map((newsletter) => (
          <option value={newsletter.id}>{newsletter.name}</option>
        ))}
      </select>
    </label>
  );
}

/**
 * The editor's e-mail panel (rendered by the article editor through its panel registration): how this
 * story goes out, a preview of its e-mail and a test to oneself. Plain forms; no script needed.
 */
export function ArticleMailPanel(props: {
  view: AdminView;
  articleId: number;
  published: boolean;
  mode: ArticleMailMode;
  newsletters: readonly Newsletter[];
}) {
  const base = `/admin/newsletters/articles/${props.articleId}`;
  const first = props.newsletters[0];
  return (
    <section class="panel article-mail" aria-labelledby="article-mail-title">
      <h2 id="article-mail-title">E-mail</h2>
      <form method="post" action={`${base}/mode`}>
        <CsrfField view={props.view} />
        <fieldset>
          <legend>This story</legend>
          {ARTICLE_MAIL_MODES.map(([value, label]) => (
            <label class="choice">
              <input type="radio" name="mode" value={value} checked={props.mode === value} /> {label}
            </label>
          ))}
        </fieldset>
        <button type="submit" class="secondary">
          Save the choice
        </button>
      </form>
      {first ? (
        <div>
          <form method="get" action={`${base}/preview`} target="_blank" rel="noopener">
            <NewsletterSelect newsletters={props.newsletters} label="As in" />{" "}
            <button type="submit" class="secondary">
              Preview e-mail
            </button>
          </form>
          <form method="post" action={`${base}/test`}>
            <CsrfField view={props.view} />
            <NewsletterSelect newsletters={props.newsletters} label="As in" />{" "}
            <button type="submit" class="secondary">
              Send a test to me
            </button>
          </form>
          {props.mode === "email" && !props.published ? (
            <form method="post" action={`${base}/send`}>
              <CsrfField view={props.view} />
              <NewsletterSelect newsletters={props.newsletters} label="To the subscribers of" />{" "}
              <button type="submit">Send by e-mail now</button>
            </form>
          ) : null}
        </div>
      ) : (
        <p>
          No newsletter yet: <a href="/admin/newsletters/">define one</a>.
        </p>
      )}
    </section>
  );
}
