import type { I18n } from "../../../i18n/i18n.js";
import { type Child, Fragment, h } from "../../../views/jsx.js";
import type { SiteChrome } from "../../../views/site.js";
import { AccountLayout, Notice } from "../../readers/views/account-pages.js";
import type { Newsletter } from "../newsletter.js";

const cadenceLabel = (i18n: I18n, cadence: Newsletter["cadence"]) => i18n.t(`newsletters.cadence.${cadence}`);

/**
 * The sign-up form: the same for every reader (it sits in cached pages: home, articles), so it holds
 * no token; the endpoint checks the request's origin instead (http/same-origin.ts).
 */
export function NewsletterSignup(props: {
  newsletters: readonly Newsletter[];
  i18n: I18n;
  heading?: string;
}) {
  if (props.newsletters.length === 0) return null;
  const { i18n } = props;
  const { t } = i18n;
  return (
    <form class="newsletter-signup reader-form" method="post" action="/newsletters/subscribe">
      <h2>{props.heading ?? t("newsletters.signup")}</h2>
      <fieldset>
        <legend>{t("newsletters.choose")}</legend>
        {props.newsletters.map((newsletter) => (
          <label>
            <input type="checkbox" name="newsletter[]" value={newsletter.id} checked />
            {newsletter.name} <small>({cadenceLabel(i18n, newsletter.cadence)})</small>
          </label>
        ))}
      </fieldset>
      <label>
        {t("account.email")}
        <input type="email" name="email" autocomplete="email" required maxlength="320" />
      </label>
      <button type="submit">{t("newsletters.subscribe")}</button>
      <p>
        <small>{t("newsletters.signupNote")}</small>
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
  const { t, i18n } = props.chrome;
  return (
    <NewsletterLayout
      chrome={props.chrome}
      title={t("layout.newsletters")}
      indexable={props.notice === undefined}
    >
      <Notice text={props.notice} />
      {props.newsletters.map((newsletter) => (
        <article class="newsletter">
          <h2>{newsletter.name}</h2>
          <p>{newsletter.description}</p>
        </article>
      ))}
      {props.newsletters.length === 0 ? <p>{t("newsletters.none")}</p> : null}
      <NewsletterSignup newsletters={props.newsletters} i18n={i18n} heading={t("newsletters.subscribe")} />
      <p>
        {i18n.rich("newsletters.already", {
          account: <a href="/account/">{t("newsletters.yourAccount")}</a>,
        })}
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
        {props.chrome.i18n.rich("newsletters.accountLists", {
          account: <a href="/account/">{props.chrome.t("account.title")}</a>,
        })}
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
  const { t, i18n } = props.chrome;
  return (
    <NewsletterLayout chrome={props.chrome} title={t("account.newsletters")}>
      <Notice text={props.notice} />
      <form class="reader-form" method="post" action="/account/newsletters/">
        <fieldset>
          <legend>{t("newsletters.sendMe")}</legend>
          {props.newsletters.map((newsletter) => (
            <label>
              <input
                type="checkbox"
                name="newsletter[]"
                value={newsletter.id}
                checked={props.chosen.includes(newsletter.id)}
              />
              {newsletter.name} <small>({cadenceLabel(i18n, newsletter.cadence)})</small>
            </label>
          ))}
        </fieldset>
        <button type="submit">{t("account.save")}</button>
      </form>
      <p>
        <a href="/account/">{t("newsletters.back")}</a>
      </p>
    </NewsletterLayout>
  );
}
