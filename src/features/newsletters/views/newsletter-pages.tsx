import { type Child, Fragment, h } from "../../../views/jsx.js";
import type { SiteChrome } from "../../../views/site.js";
import { AccountLayout, Notice } from "../../readers/views/account-pages.js";
import type { Newsletter } from "../newsletter.js";

const cadenceLabel: Record<Newsletter["cadence"], string> = {
  "each-story": "as each story is published",
  daily: "daily",
  weekly: "weekly",
  manual: "now and then",
};

/**
 * The sign-up form: the same for every reader (it sits in cached pages: home, articles), so it holds
 * no token; the endpoint checks the request's origin instead (http/same-origin.ts).
 */
export function NewsletterSignup(props: { newsletters: readonly Newsletter[]; heading?: string }) {
  if (props.newsletters.length === 0) return null;
  return (
    <form class="newsletter-signup reader-form" method="post" action="/newsletters/subscribe">
      <h2>{props.heading ?? "Get our newsletters"}</h2>
      <fieldset>
        <legend>Choose</legend>
        {props.newsletters.map((newsletter) => (
          <label>
            <input type="checkbox" name="newsletter[]" value={newsletter.id} checked />
            {newsletter.name} <small>({cadenceLabel[newsletter.cadence]})</small>
          </label>
        ))}
      </fieldset>
      <label>
        E-mail
        <input type="email" name="email" autocomplete="email" required maxlength="320" />
      </label>
      <button type="submit">Subscribe</button>
      <p>
        <small>We e-mail you a link to confirm. Leave any time with one click.</small>
      </p>
    </form>
  );
}

/** Newsletter pages wear the reader-account frame: they are about one reader's own mail. */
const NewsletterLayout = (props: {
  chrome: SiteChrome;
  title: string;
  children?: Child;
  indexable?: boolean;
}) => (
  <AccountLayout chrome={props.chrome} title={props.title} path="/newsletters/" indexable={props.indexable}>
    {props.children}
  </AccountLayout>
);

export function NewslettersPage(props: {
  chrome: SiteChrome;
  newsletters: readonly Newsletter[];
  notice?: string;
}) {
  return (
    <NewsletterLayout chrome={props.chrome} title="Newsletters" indexable={props.notice === undefined}>
      <Notice text={props.notice} />
      {props.newsletters.map((newsletter) => (
        <article class="newsletter">
          <h2>{newsletter.name}</h2>
          <p>{newsletter.description}</p>
        </article>
      ))}
      {props.newsletters.length === 0 ? <p>No newsletters yet.</p> : null}
      <NewsletterSignup newsletters={props.newsletters} heading="Subscribe" />
      <p>
        Already subscribed? Change your newsletters from <a href="/account/">your account</a>.
      </p>
    </NewsletterLayout>
  );
}

/**
 * The page a link in an e-mail opens: a button, because mail scanners fetch links and must not
 * confirm or unsubscribe anyone by doing so.
 */
export function ConfirmActionPage(props: {
  chrome: SiteChrome;
  title: string;
  action: string;
  button: string;
  usable: boolean;
  unusable: string;
}) {
  return (
    <NewsletterLayout chrome={props.chrome} title={props.title}>
      {props.usable ? (
        <form class="reader-form" method="post" action={props.action}>
          <button type="submit">{props.button}</button>
        </form>
      ) : (
        <Notice kind="error" text={props.unusable} />
      )}
    </NewsletterLayout>
  );
}

export function DonePage(props: { chrome: SiteChrome; title: string; text: string }) {
  return (
    <NewsletterLayout chrome={props.chrome} title={props.title}>
      <Notice text={props.text} />
      <p>
        <a href="/account/">Your account</a> lists every newsletter you receive.
      </p>
    </NewsletterLayout>
  );
}

/** A signed-in reader's newsletters: tick to receive, untick to leave. */
export function AccountNewslettersPage(props: {
  chrome: SiteChrome;
  newsletters: readonly Newsletter[];
  chosen: readonly number[];
  notice?: string;
}) {
  return (
    <NewsletterLayout chrome={props.chrome} title="Your newsletters">
      <Notice text={props.notice} />
      <form class="reader-form" method="post" action="/account/newsletters/">
        <fieldset>
          <legend>Send me</legend>
          {props.newsletters.map((newsletter) => (
            <label>
              <input
                type="checkbox"
                name="newsletter[]"
                value={newsletter.id}
                checked={props.chosen.includes(newsletter.id)}
              />
              {newsletter.name} <small>({cadenceLabel[newsletter.cadence]})</small>
            </label>
          ))}
        </fieldset>
        <button type="submit">Save</button>
      </form>
      <p>
        <a href="/account/">Back to your account</a>
      </p>
    </NewsletterLayout>
  );
}
